"""Retrieval: chunks of documents, their embeddings, and the indexes that find them again."""
