agent = TriageAgent()
assert agent.route("I was charged twice on my last invoice") == "billing"
assert agent.route("The app crashes with an error") == "technical"
assert agent.route("What are your opening hours?") == "general"
print("routing ok")
