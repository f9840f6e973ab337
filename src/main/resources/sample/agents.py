"""A small triage agent: routes each customer message to billing, technical or general."""

BILLING_WORDS = ("invoice", "charge", "charged", "refund", "payment", "bill", "price")
TECHNICAL_WORDS = ("error", "crash", "bug", "broken", "login", "password", "install")


class TriageAgent:
    """Routes a message to the team that should answer it."""

    def __init__(self, name="triage"):
        self.name = name

    def route(self, message):
        text = message.lower()
        if any(word in text for word in BILLING_WORDS):
            return "billing"
        if any(word in text for word in TECHNICAL_WORDS):
            return "technical"
        return "general"

    def respond(self, message):
        team = self.route(message)
        return f"Thanks for your message. The {team} team will help you shortly."


def main():
    agent = TriageAgent()
    for message in (
        "I was charged twice on my last invoice",
        "The app crashes with an error when I log in",
        "What are your opening hours?",
    ):
        print(f"{agent.route(message):>9}: {message}")


if __name__ == "__main__":
    main()
