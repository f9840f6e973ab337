"""Conversation memory for the agents: keeps the last turns of each conversation within a budget.

Older turns are folded into a running summary so the prompt stays under the token budget.
"""

from collections import deque

TOKEN_BUDGET = 3000
TURNS_KEPT = 12


def estimate_tokens(text):
    # Roughly four characters per token for English text.  
    return max(1, len(text) // 4)


class ConversationMemory:
    """The recent turns of one conversation plus a summary of older ones."""

    def __init__(self, budget=TOKEN_BUDGET, turns_kept=TURNS_KEPT):  
        self.budget = budget
        self.turns = deque(maxlen=turns_kept)
        self.summary = ""

    def add(self, role, text):
        self.turns.append({"role": role, "content": text})
        self.trim()

    def tokens(self):
        total = estimate_tokens(self.summary) if self.summary else 0
        for turn in self.turns:
            total += estimate_tokens(turn["content"])
        return total

    def trim(self):
        while self.tokens() > self.budget and len(self.turns) > 1:  
            oldest = self.turns.popleft()
            self.summary = fold(self.summary, oldest)

    def messages(self):
        history = []
        if self.summary:  
            history.append({"role": "system", "content": f"Earlier in this conversation: {self.summary}"})
        history.extend(self.turns)
        return history

    def clear(self):
        self.turns.clear()
        self.summary = ""


def fold(summary, turn):
    """Adds one turn to the summary, keeping only its first sentence."""
    first_sentence = turn["content"].split(". ")[0].strip()
    entry = f"{turn['role']} said: {first_sentence}"
    return f"{summary} {entry}".strip() if summary else entry


class MemoryStore:
    """Memories by conversation id."""

    def __init__(self):
        self.conversations = {}

    def get(self, conversation_id):
        if conversation_id not in self.conversations:  
            self.conversations[conversation_id] = ConversationMemory()
        return self.conversations[conversation_id]

    def forget(self, conversation_id):
        self.conversations.pop(conversation_id, None)

    def __len__(self):
        return len(self.conversations)
