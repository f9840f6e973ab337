"""Triage agent: routes each customer message to billing, technical, account or general support.

The agent scores a message against keyword tables, asks the escalation policy whether a human
should see it first, and writes a short acknowledgement the customer receives straight away.
"""

import logging
import re
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

BILLING_WORDS = ("invoice", "charge", "charged", "refund", "payment", "bill", "price")
TECHNICAL_WORDS = ("error", "crash", "bug", "broken", "login", "password", "install")
ACCOUNT_WORDS = ("account", "email", "username", "delete", "close", "profile")
URGENT_WORDS = ("urgent", "immediately", "asap", "lawyer", "fraud")

DEFAULT_TEAM = "general"
MAX_MESSAGE_LENGTH = 4000


@dataclass
class Ticket:
    """One customer message on its way to a team."""

    customer_id: str
    message: str
    team: str = DEFAULT_TEAM
    urgent: bool = False
    tags: list = field(default_factory=list)

    def summary(self):
        first_line = self.message.strip().splitlines()[0] if self.message.strip() else ""
        return f"[{self.team}] {first_line[:60]}"


class KeywordScorer:
    """Counts how many words of each table a message contains."""

    def __init__(self, tables):
        self.tables = tables

    def words(self, message):
        return re.findall(r"[a-z']+", message.lower())

    def score(self, message):
        words = self.words(message)
        scores = {}
        for team, table in self.tables.items():
            scores[team] = sum(1 for word in words if word in table)
        return scores

    def best(self, message):
        scores = self.score(message)
        team, points = max(scores.items(), key=lambda item: item[1])
        if points == 0:
            return DEFAULT_TEAM
        return team


class EscalationPolicy:
    """Decides whether a human should read a ticket before the team does."""

    def __init__(self, urgent_words=URGENT_WORDS, repeat_limit=3):
        self.urgent_words = urgent_words
        self.repeat_limit = repeat_limit
        self.seen = {}

    def is_urgent(self, message):
        text = message.lower()
        return any(word in text for word in self.urgent_words)

    def record(self, customer_id):
        self.seen[customer_id] = self.seen.get(customer_id, 0) + 1
        return self.seen[customer_id]

    def should_escalate(self, ticket):
        count = self.record(ticket.customer_id)
        if ticket.urgent:
            return True
        if count >= self.repeat_limit:
            log.info("customer %s wrote %d times", ticket.customer_id, count)
            return True
        return False


class TriageAgent:
    """Routes a message to the team that should answer it."""

    def __init__(self, name="triage", scorer=None, policy=None):
        self.name = name
        self.scorer = scorer or KeywordScorer({
            "billing": BILLING_WORDS,
            "technical": TECHNICAL_WORDS,
            "account": ACCOUNT_WORDS,
        })
        self.policy = policy or EscalationPolicy()

    def route(self, message):
        if not message or not message.strip():
            return DEFAULT_TEAM
        return self.scorer.best(message[:MAX_MESSAGE_LENGTH])

    def triage(self, customer_id, message):
        ticket = Ticket(customer_id=customer_id, message=message)
        ticket.team = self.route(message)
        ticket.urgent = self.policy.is_urgent(message)
        if self.policy.should_escalate(ticket):
            ticket.tags.append("escalated")
        log.debug("triaged %s", ticket.summary())
        return ticket

    def respond(self, message):
        team = self.route(message)
        return f"Thanks for your message. The {team} team will help you shortly."

    def acknowledge(self, ticket):
        if "escalated" in ticket.tags:
            return "Thanks for your message. A team lead will get back to you within the hour."
        return self.respond(ticket.message)


def triage_all(agent, messages):
    """Triages (customer_id, message) pairs and counts tickets per team."""
    counts = {}
    tickets = []
    for customer_id, message in messages:
        ticket = agent.triage(customer_id, message)
        counts[ticket.team] = counts.get(ticket.team, 0) + 1
        tickets.append(ticket)
    return tickets, counts


def main():
    logging.basicConfig(level=logging.INFO)
    agent = TriageAgent()
    messages = [
        ("c-101", "I was charged twice on my last invoice"),
        ("c-102", "The app crashes with an error when I log in"),
        ("c-103", "Please delete my account and my email address"),
        ("c-104", "What are your opening hours?"),
        ("c-101", "Still charged twice, this is urgent"),
    ]
    tickets, counts = triage_all(agent, messages)
    for ticket in tickets:
        print(f"{ticket.team:>9}: {ticket.summary()}")
    print(counts)


if __name__ == "__main__":
    main()
