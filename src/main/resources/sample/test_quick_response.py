agent = TriageAgent()
reply = agent.respond("Hello there")
assert isinstance(reply, str) and reply, "respond() must return a non-empty string"
print("quick response ok")
