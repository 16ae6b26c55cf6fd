"""Full-text search over chunks: BM25 (bm25s: ~2.4 ms a query over 100k texts), by collection.
The texts are kept in SQLite under the data directory; a collection's BM25 statistics are derived
from them, built when the collection is first searched and again after it changed (bm25s has no
incremental update; rebuilding a knowledge base of 10k chunks takes well under a second).

Words are lowercased and English stop words left out, as bm25s does by default; no stemming
(its stemmer is a compiled extension, and the dense half of hybrid search already matches
inflections)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from application.retrieval.ports import Chunk, Hit
from infrastructure.vector_index.chunk_store import ChunkStore


class Bm25Index:
    def __init__(self, path: Path) -> None:
        self._store = ChunkStore(path)
        self._lock = threading.RLock()
        self._built: dict[str, _Built] = {}

    def upsert(self, chunks: Sequence[Chunk]) -> None:
        with self._lock:
            self._store.upsert(chunks)

    def delete(self, collection: str, ids: Sequence[str]) -> None:
        with self._lock:
            self._store.delete(collection, ids)

    def drop(self, collection: str) -> None:
        with self._lock:
            self._store.drop(collection)
            self._built.pop(collection, None)

    def ids_of(self, collection: str, source_id: str) -> list[str]:
        with self._lock:
            return self._store.ids_of(collection, source_id)

    def search(self, query: str, top_k: int, collections: Sequence[str] | None = None) -> list[Hit]:
        with self._lock:
            names = self._store.named(collections)
            return self._store.best((hit for name in names for hit in self._collection(name).best(query, top_k)),
                                    top_k)

    def close(self) -> None:
        with self._lock:
            self._built.clear()
            self._store.close()

    def _collection(self, name: str) -> _Built:
        generation = self._store.generation(name)
        built = self._built.get(name)
        if built is None or built.generation != generation:
            labels, texts = self._store.texts(name)
            built = self._built[name] = _Built(generation, labels, texts)
        return built


class _Built:
    def __init__(self, generation: int, labels: list[int], texts: list[str]) -> None:
        import bm25s

        self.generation = generation
        self._labels = labels
        self._retriever: Any = None
        if labels:
            self._retriever = bm25s.BM25()
            self._retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)

    def best(self, query: str, top_k: int) -> list[tuple[int, float]]:
        import bm25s

        if self._retriever is None or top_k <= 0:
            return []
        tokens = bm25s.tokenize([query], stopwords="en", return_ids=False, show_progress=False)
        if not tokens[0]:
            return []
        rows, scores = self._retriever.retrieve(tokens, k=min(top_k, len(self._labels)), show_progress=False,
                                                n_threads=1)
        return [(self._labels[int(row)], float(score)) for row, score in zip(rows[0], scores[0], strict=True)
                if score > 0 and np.isfinite(score)]
