"""The embedded index's HNSW graph is a cache of what SQLite holds: a graph saved before later
changes (the process then crashed, never saving again) is rebuilt on the next open, not trusted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from application.retrieval.ports import Chunk, EmbeddingModel
from infrastructure.vector_index.embedded import EmbeddedVectorIndex

MODEL = EmbeddingModel("test:axes", 4)
AXES = np.eye(4, dtype=np.float32)


def chunk(id_: str) -> Chunk:
    return Chunk(id=id_, collection="kb", text=id_)


def test_a_graph_saved_before_later_changes_is_rebuilt_after_a_crash(tmp_path: Path):
    first = EmbeddedVectorIndex(tmp_path, MODEL, exact_below=0)
    first.upsert([chunk("a"), chunk("b")], AXES[:2])
    first.close()
    crashing = EmbeddedVectorIndex(tmp_path, MODEL, exact_below=0)
    assert [hit.chunk.id for hit in crashing.search(AXES[0], 1)] == ["a"]  # the saved graph, loaded
    crashing.upsert([chunk("c")], AXES[2:3])
    crashing.delete("kb", ["a"])  # and the process dies here, its graph never saved again
    reopened = EmbeddedVectorIndex(tmp_path, MODEL, exact_below=0)
    assert [hit.chunk.id for hit in reopened.search(AXES[2], 3)] == ["c", "b"]
    reopened.close()


def test_vectors_of_the_wrong_shape_are_refused(tmp_path: Path):
    index = EmbeddedVectorIndex(tmp_path, MODEL)
    try:
        with pytest.raises(ValueError, match="4 dimensions"):
            index.upsert([chunk("a")], np.ones((1, 3), dtype=np.float32))
    finally:
        index.close()
