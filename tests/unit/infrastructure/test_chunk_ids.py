"""Chunk ids repeat when chunking repeats, so that indexing again replaces instead of duplicating."""

from __future__ import annotations

import uuid

from infrastructure.chunking.ids import chunk_id


def test_the_same_source_position_and_text_always_give_the_same_id():
    assert chunk_id("file-1", 3, "Refunds take 14 days.") == chunk_id("file-1", 3, "Refunds take 14 days.")


def test_another_source_position_or_text_gives_another_id():
    ids = {chunk_id("file-1", 3, "a"), chunk_id("file-2", 3, "a"), chunk_id("file-1", 4, "a"),
           chunk_id("file-1", 3, "b")}
    assert len(ids) == 4


def test_an_id_is_a_uuid_as_weaviate_wants_it():
    assert uuid.UUID(chunk_id("file-1", 0, "a")).version == 5
