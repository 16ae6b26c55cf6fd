"""Every VectorIndex adapter, opened on a fresh place, for the one contract suite they all pass."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from application.retrieval.ports import EmbeddingModel, VectorIndex
from infrastructure.vector_index.embedded import EmbeddedVectorIndex


@contextmanager
def embedded(directory: Path, model: EmbeddingModel, *, exact_below: int) -> Iterator[VectorIndex]:
    index = EmbeddedVectorIndex(directory, model, exact_below=exact_below)
    try:
        yield index
    finally:
        index.close()
