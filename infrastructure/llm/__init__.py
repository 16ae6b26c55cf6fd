"""Model providers: upstream servers over HTTP (OpenAI-compatible, Ollama), behind application ports."""
