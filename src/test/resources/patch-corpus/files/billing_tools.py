"""Tools the billing agent may call: look up invoices, compute refunds, explain charges.

Every tool takes plain arguments and returns a dict the model can read; errors come back as
{"error": ...} rather than exceptions so the agent can tell the customer what went wrong.
"""

from datetime import date, timedelta
from decimal import Decimal, ROUND_HALF_UP

CURRENCY = "EUR"
REFUND_WINDOW_DAYS = 30
CENT = Decimal("0.01")

INVOICES = {
    "INV-1001": {"customer": "c-101", "amount": Decimal("49.00"), "issued": date(2024, 5, 2), "paid": True},
    "INV-1002": {"customer": "c-101", "amount": Decimal("49.00"), "issued": date(2024, 5, 2), "paid": True},
    "INV-1003": {"customer": "c-102", "amount": Decimal("19.90"), "issued": date(2024, 5, 9), "paid": False},
    "INV-1004": {"customer": "c-104", "amount": Decimal("120.00"), "issued": date(2024, 4, 1), "paid": True},
}


def money(amount):
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP)} {CURRENCY}"


def find_invoice(invoice_id):
    """Returns one invoice by its id."""
    invoice = INVOICES.get(invoice_id)
    if invoice is None:
        return {"error": f"no invoice {invoice_id}"}
    return {"id": invoice_id, "amount": money(invoice["amount"]), "paid": invoice["paid"]}


def invoices_for(customer_id):
    """Returns the invoices of one customer, newest first."""
    found = []
    for invoice_id, invoice in INVOICES.items():
        if invoice["customer"] != customer_id:
            continue
        found.append({"id": invoice_id, "issued": invoice["issued"].isoformat()})
    found.sort(key=lambda item: item["issued"], reverse=True)
    return {"customer": customer_id, "invoices": found}


def duplicate_charges(customer_id):
    """Finds invoices of the same amount issued on the same day."""
    seen = {}
    duplicates = []
    for invoice_id, invoice in INVOICES.items():
        if invoice["customer"] != customer_id:
            continue
        key = (invoice["amount"], invoice["issued"])
        if key in seen:
            duplicates.append([seen[key], invoice_id])
        else:
            seen[key] = invoice_id
    return {"customer": customer_id, "duplicates": duplicates}


def refund_amount(invoice_id, today=None):
    """Computes what may be refunded for an invoice today."""
    today = today or date.today()
    invoice = INVOICES.get(invoice_id)
    if invoice is None:
        return {"error": f"no invoice {invoice_id}"}
    if not invoice["paid"]:
        return {"error": f"invoice {invoice_id} is not paid"}
    if today - invoice["issued"] > timedelta(days=REFUND_WINDOW_DAYS):
        return {"error": f"invoice {invoice_id} is older than {REFUND_WINDOW_DAYS} days"}
    return {"id": invoice_id, "refund": money(invoice["amount"])}


def partial_refund(invoice_id, share, today=None):
    """Computes a partial refund, share being between 0 and 1."""
    today = today or date.today()
    invoice = INVOICES.get(invoice_id)
    if invoice is None:
        return {"error": f"no invoice {invoice_id}"}
    if not invoice["paid"]:
        return {"error": f"invoice {invoice_id} is not paid"}
    if not 0 < share <= 1:
        return {"error": "share must be between 0 and 1"}
    return {"id": invoice_id, "refund": money(invoice["amount"] * Decimal(str(share)))}


def explain_charge(invoice_id):
    """Explains an invoice in one sentence the agent can quote."""
    invoice = INVOICES.get(invoice_id)
    if invoice is None:
        return {"error": f"no invoice {invoice_id}"}
    state = "paid" if invoice["paid"] else "open"
    issued = invoice["issued"].strftime("%d %B %Y")
    return {"id": invoice_id, "text": f"{money(invoice['amount'])} issued on {issued}, {state}."}


TOOLS = {
    "find_invoice": find_invoice,
    "invoices_for": invoices_for,
    "duplicate_charges": duplicate_charges,
    "refund_amount": refund_amount,
    "partial_refund": partial_refund,
    "explain_charge": explain_charge,
}


def call_tool(name, arguments):
    """Runs a tool by name; unknown tools and bad arguments become errors."""
    tool = TOOLS.get(name)
    if tool is None:
        return {"error": f"unknown tool {name}"}
    try:
        return tool(**arguments)
    except TypeError as wrong:
        return {"error": f"bad arguments for {name}: {wrong}"}


if __name__ == "__main__":
    print(call_tool("duplicate_charges", {"customer_id": "c-101"}))
    print(call_tool("refund_amount", {"invoice_id": "INV-1002", "today": date(2024, 5, 20)}))
    print(call_tool("explain_charge", {"invoice_id": "INV-1003"}))
