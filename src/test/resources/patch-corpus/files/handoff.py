"""Hand-off from the triage agent to a human team: builds the message a team's queue receives."""

import json
from datetime import datetime, timezone

QUEUES = {
    "billing": "queue.billing",
    "technical": "queue.tech",
    "account": "queue.accounts",
    "general": "queue.general",
}


def queue_for(team):
    return QUEUES.get(team, QUEUES["general"])


def handoff_message(ticket, now=None):
    now = now or datetime.now(timezone.utc)
    return {
        "queue": queue_for(ticket.team),
        "customer": ticket.customer_id,
        "summary": ticket.summary(),
        "urgent": ticket.urgent,
        "tags": list(ticket.tags),
        "created": now.isoformat(timespec="seconds"),
    }


def serialize(message):
    return json.dumps(message, sort_keys=True)


def hand_off(ticket, publish, now=None):
    """Publishes the ticket to its team's queue and returns what was sent."""
    message = handoff_message(ticket, now)
    publish(message["queue"], serialize(message))
    return message


def hand_off_all(tickets, publish):
    sent = []
    for ticket in tickets:
        if "spam" in ticket.tags:
            continue
        sent.append(hand_off(ticket, publish))
    return sent