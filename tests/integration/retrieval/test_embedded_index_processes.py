"""Two processes on one embedded index (the worker indexes, the API searches, on one machine):
each search sees what the other process has written or deleted since, whether the collection is
searched exactly or through its graph."""

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


def found(index: EmbeddedVectorIndex, axis: int) -> list[str]:
    return [hit.chunk.id for hit in index.search(AXES[axis], 4)]


@pytest.mark.parametrize("exact_below", [20_000, 0], ids=["exact", "graph"])
def test_a_search_sees_what_another_process_wrote_and_deleted_since(tmp_path: Path, exact_below: int) -> None:
    worker = EmbeddedVectorIndex(tmp_path, MODEL, exact_below=exact_below)
    api = EmbeddedVectorIndex(tmp_path, MODEL, exact_below=exact_below)
    try:
        worker.upsert([chunk("a")], AXES[:1])
        assert found(api, 0) == ["a"]  # loaded here now
        worker.upsert([chunk("b")], AXES[1:2])
        assert found(api, 1)[0] == "b"
        worker.delete("kb", ["a"])
        assert found(api, 0) == ["b"]
        api.upsert([chunk("c")], AXES[2:3])  # its own change, on a structure it had current
        assert found(api, 2)[0] == "c" and sorted(found(worker, 2)) == ["b", "c"]
    finally:
        worker.close()
        api.close()
