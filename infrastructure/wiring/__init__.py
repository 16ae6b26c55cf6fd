"""The composition root's parts, in the order ``bootstrap`` builds them: the write side (the bounded
contexts and their keys), the read side (every view's projector and queries), the reactions (work
that spans contexts, run from the log), and the conversations (models, completions, chat turns)."""
