"""Chunk ids: deterministic, so that chunking a source again (a retry, a replay, a rebuild) yields
the same ids and an upsert replaces instead of duplicating. A UUID, as Weaviate wants its ids."""

from __future__ import annotations

import hashlib
import uuid

CHUNKS = uuid.UUID("6f1d2b0e-6a55-4c0e-9a57-1f3c2a9e0b11")
"""The namespace of chunk ids (any fixed UUID; changing it would change every id)."""


def chunk_id(source_id: str, index: int, text: str) -> str:
    """The id of the ``index``-th chunk of ``source_id`` (a file, a note), whose text is ``text``:
    the digest of the text makes an edited chunk a new one, never a stale vector under an old id."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return str(uuid.uuid5(CHUNKS, f"{source_id}\x1f{index}\x1f{digest}"))
