"""The embedded vector index: chunks and vectors in SQLite under the data directory (the durable
truth), searched in memory. A collection below ``exact_below`` chunks is searched exactly (one
matrix product: ~4 ms for 100k vectors on two cores); a larger one through an HNSW graph
(usearch: connectivity 16, expansion 128 on insert and search), saved beside the SQLite file with
the generation it reflects and rebuilt from SQLite when missing or behind (after a crash).

usearch rather than hnswlib: hnswlib is published only as source, and compiling it needs a C++
compiler the slim container image lacks; usearch ships wheels. Each collection is searched on its
own (per-collection isolation is structural: a search only ever reads the collections it names),
and the best of them merged."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from application.retrieval.ports import Chunk, EmbeddingModel, EmbeddingModelMismatchError, Hit, Vectors
from infrastructure.vector_index.chunk_store import ChunkStore

EXACT_BELOW = 20_000


class EmbeddedVectorIndex:
    def __init__(self, directory: Path, model: EmbeddingModel, *, exact_below: int = EXACT_BELOW) -> None:
        self.model = model
        self.exact_below = exact_below
        self._directory = directory
        self._store = ChunkStore(directory / "chunks.sqlite3")
        self._check_model()
        self._lock = threading.RLock()
        self._searchers: dict[str, tuple[int, _Searcher]] = {}
        """Each collection's search structure, and the generation of the collection it reflects: another
        process (the worker, which indexes) may have changed the collection since."""

    def upsert(self, chunks: Sequence[Chunk], vectors: Vectors) -> None:
        if vectors.shape != (len(chunks), self.model.dimension):
            raise ValueError(f"{len(chunks)} chunks need {len(chunks)} vectors of {self.model.dimension} "
                             f"dimensions, not {vectors.shape}")
        with self._lock:
            labels = self._store.upsert(chunks, vectors.astype(np.float32, copy=False))
            for collection in {chunk.collection for chunk in chunks}:
                if (searcher := self._current_before(collection)) is not None:
                    rows = [row for row, chunk in enumerate(chunks) if chunk.collection == collection]
                    searcher.put([labels[chunks[row].id] for row in rows], vectors[rows])

    def delete(self, collection: str, ids: Sequence[str]) -> None:
        with self._lock:
            labels = self._store.delete(collection, ids)
            if (searcher := self._current_before(collection)) is not None:
                searcher.remove(labels)

    def drop(self, collection: str) -> None:
        with self._lock:
            self._store.drop(collection)
            self._searchers.pop(collection, None)
            self._graph_path(collection).unlink(missing_ok=True)

    def search(self, vector: Vectors, top_k: int, collections: Sequence[str] | None = None) -> list[Hit]:
        query = np.asarray(vector, dtype=np.float32).reshape(self.model.dimension)
        with self._lock:
            names = self._store.named(collections)
            return self._store.best((hit for name in names for hit in self._searcher(name).nearest(query, top_k)),
                                    top_k)

    def similarities(self, vector: Vectors, collection: str, ids: Sequence[str]) -> dict[str, float]:
        query = np.asarray(vector, dtype=np.float32).reshape(self.model.dimension)
        stored = self._store.vectors_of(collection, ids, self.model.dimension)
        return {id_: float(row @ query) for id_, row in stored.items()}

    def count(self, collection: str) -> int:
        return self._store.count(collection)

    def close(self) -> None:
        with self._lock:
            for name, (generation, searcher) in self._searchers.items():
                if generation == self._store.generation(name):
                    searcher.save(self._graph_path(name), generation)
            self._searchers.clear()
            self._store.close()

    def _searcher(self, collection: str) -> _Searcher:
        """The collection's search structure as the store now holds it: loaded anew when another
        process changed the collection since it was loaded here."""
        generation = self._store.generation(collection)
        cached = self._searchers.get(collection)
        if cached is not None and cached[0] == generation:
            return cached[1]
        labels, matrix = self._store.vectors(collection, self.model.dimension)
        if len(labels) < self.exact_below:
            searcher: _Searcher = _Exact(labels, matrix)
        else:
            searcher = _Graph.opened(self._graph_path(collection), generation, labels, matrix)
        self._searchers[collection] = (generation, searcher)
        return searcher

    def _current_before(self, collection: str) -> _Searcher | None:
        """After this process's change of ``collection`` (one generation): its loaded search structure,
        if it was current before the change, now counted current again (the caller applies the change
        to it); None if there is none, or it missed another process's change (it is loaded anew)."""
        cached, generation = self._searchers.get(collection), self._store.generation(collection)
        if cached is None or cached[0] != generation - 1:
            self._searchers.pop(collection, None)
            return None
        self._searchers[collection] = (generation, cached[1])
        return cached[1]

    def _graph_path(self, collection: str) -> Path:
        return self._directory / "graphs" / f"{hashlib.sha256(collection.encode()).hexdigest()[:32]}.usearch"

    def _check_model(self) -> None:
        indexed, dimension = self._store.meta("model"), self._store.meta("dimension")
        if indexed is None:
            self._store.set_meta("model", self.model.name)
            self._store.set_meta("dimension", str(self.model.dimension))
        elif (indexed, int(dimension or 0)) != (self.model.name, self.model.dimension):
            self._store.close()
            raise EmbeddingModelMismatchError(EmbeddingModel(indexed, int(dimension or 0)), self.model)


class _Searcher:
    def nearest(self, query: Vectors, top_k: int) -> list[tuple[int, float]]:
        raise NotImplementedError

    def put(self, labels: Sequence[int], vectors: Vectors) -> None:
        """Add these, or replace them where their labels are there already."""
        raise NotImplementedError

    def remove(self, labels: Sequence[int]) -> None:
        raise NotImplementedError

    def save(self, path: Path, generation: int) -> None:
        """Keep what took long to build; nothing for what is rebuilt in a moment."""


class _Exact(_Searcher):
    """All the collection's vectors in one matrix: exact, and fast enough below tens of thousands.
    The matrix has room to grow (doubling), and a removed row takes the last one's place, so that
    indexing a collection batch by batch while it is being searched costs no copy per batch."""

    def __init__(self, labels: np.ndarray, matrix: Vectors) -> None:
        self._size = len(labels)
        self._rows = {int(label): row for row, label in enumerate(labels)}
        self._labels = labels.astype(np.uint64)
        self._matrix = matrix

    def nearest(self, query: Vectors, top_k: int) -> list[tuple[int, float]]:
        if not self._size or top_k <= 0:
            return []
        scores = self._matrix[:self._size] @ query
        best = np.argpartition(-scores, min(top_k, self._size) - 1)[:top_k]
        return [(int(self._labels[row]), float(scores[row])) for row in best]

    def put(self, labels: Sequence[int], vectors: Vectors) -> None:
        for label, vector in zip(labels, vectors, strict=True):
            if (row := self._rows.get(int(label))) is None:
                row = self._rows[int(label)] = self._size
                self._grow(self._size + 1)
                self._labels[row] = label
                self._size += 1
            self._matrix[row] = vector

    def remove(self, labels: Sequence[int]) -> None:
        for label in labels:
            if (row := self._rows.pop(int(label), None)) is None:
                continue
            last = self._size - 1
            if row != last:
                self._matrix[row], self._labels[row] = self._matrix[last], self._labels[last]
                self._rows[int(self._labels[row])] = row
            self._size = last

    def _grow(self, needed: int) -> None:
        if needed <= len(self._labels):
            return
        capacity = max(needed, 2 * len(self._labels), 64)
        matrix = np.empty((capacity, self._matrix.shape[1]), dtype=np.float32)
        matrix[:self._size] = self._matrix[:self._size]
        labels = np.zeros(capacity, dtype=np.uint64)
        labels[:self._size] = self._labels[:self._size]
        self._matrix, self._labels = matrix, labels


class _Graph(_Searcher):
    """An HNSW graph (usearch) over the collection's vectors; scores are the inner products, which
    for unit vectors are the cosine similarities."""

    def __init__(self, graph: Any) -> None:
        self._graph = graph

    @classmethod
    def opened(cls, path: Path, generation: int, labels: np.ndarray, matrix: Vectors) -> _Graph:
        from usearch.index import Index

        stamp = path.with_suffix(".generation")
        if path.exists() and stamp.exists() and stamp.read_text() == str(generation):
            return cls(Index.restore(str(path)))
        graph = Index(ndim=matrix.shape[1], metric="ip", dtype="f32", connectivity=16, expansion_add=128,
                      expansion_search=128)
        if len(labels):
            graph.add(labels, matrix)
        built = cls(graph)
        built.save(path, generation)
        return built

    def nearest(self, query: Vectors, top_k: int) -> list[tuple[int, float]]:
        if len(self._graph) == 0 or top_k <= 0:
            return []
        matches = self._graph.search(query, top_k)
        return [(int(key), 1.0 - float(distance)) for key, distance in zip(matches.keys, matches.distances,
                                                                           strict=True)]

    def put(self, labels: Sequence[int], vectors: Vectors) -> None:
        keys = np.asarray(labels, dtype=np.uint64)
        present = [key for key in keys if self._graph.contains(key)]
        if present:
            self._graph.remove(present)
        self._graph.add(keys, vectors.astype(np.float32))

    def remove(self, labels: Sequence[int]) -> None:
        for label in labels:
            self._graph.remove(int(label))

    def save(self, path: Path, generation: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.with_suffix(".generation").unlink(missing_ok=True)  # a crash mid-save leaves no stamp: rebuilt
        self._graph.save(str(path))
        path.with_suffix(".generation").write_text(str(generation))
