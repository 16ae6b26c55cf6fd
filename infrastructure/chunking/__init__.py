"""Texts and documents cut into chunks to embed and index, each with an id that a retry repeats."""
