"""Embedding engines: the built-in MiniLM on the CPU, or an OpenAI-compatible or Ollama endpoint."""
