"""Prompt templates for the coder, evaluator and triage agents (kept with Windows line endings)."""

SYSTEM_TRIAGE = (
    "You are a triage assistant for a software company. "
    "Route each message to billing, technical, account or general. "
    "Answer with the team name only."
)

SYSTEM_RESPONDER = (
    "You write short, friendly acknowledgements to customers. "
    "Never promise a refund or a fix; say which team will answer and when."
)

ESCALATION_NOTE = "A team lead has been notified and will reply within the hour."


def triage_prompt(message):
    return [
        {"role": "system", "content": SYSTEM_TRIAGE},
        {"role": "user", "content": message},
    ]


def responder_prompt(message, team, escalated=False):
    note = f" {ESCALATION_NOTE}" if escalated else ""
    return [
        {"role": "system", "content": SYSTEM_RESPONDER},
        {"role": "user", "content": f"Team: {team}.{note}\nCustomer wrote: {message}"},
    ]


def evaluator_prompt(report):
    return [
        {"role": "system", "content": "You review test reports and say what to fix first."},
        {"role": "user", "content": report},
    ]


TEMPLATES = {
    "triage": triage_prompt,
    "responder": responder_prompt,
    "evaluator": evaluator_prompt,
}
