"""A fake OpenAI-compatible upstream that tests run as a real process: ``python -m tests.upstream``."""
