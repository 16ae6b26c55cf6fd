"""Chunks (and their vectors, for a vector index) in one SQLite file: the durable truth of an
embedded index, whose in-memory search structures are rebuilt from it whenever they are missing.
Each row has an integer label that search structures use as the chunk's key; a chunk upserted
again keeps its label. Every change bumps its collection's generation, so that a search structure
saved to disk knows whether it is still current."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import msgspec
import numpy as np

from application.retrieval.ports import Chunk, Hit, MetadataValue, Vectors

# A chunk's source (a file's id): its chunks in a collection are found by this index, which a query
# uses only when it names the expression exactly as written here.
SOURCE_ID = "json_extract(cast(metadata as text), '$.source_id')"
SCHEMA = f"""
create table if not exists meta (key text primary key, value text not null);
create table if not exists chunks (
    label integer primary key, collection text not null, id text not null, text text not null,
    metadata blob not null, vector blob, unique (collection, id));
create table if not exists generations (collection text primary key, generation integer not null);
create index if not exists chunks_by_source on chunks (collection, {SOURCE_ID});
"""
_metadata = msgspec.json.Decoder(dict[str, MetadataValue])


class ChunkStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("pragma journal_mode=wal")
        self._db.execute("pragma synchronous=normal")
        self._db.execute("pragma secure_delete=on")  # a deleted chunk's text is overwritten in the file
        self._db.executescript(SCHEMA)
        self._lock = threading.RLock()

    def meta(self, key: str) -> str | None:
        row = self._db.execute("select value from meta where key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("insert or replace into meta values (?, ?)", (key, value))

    def upsert(self, chunks: Sequence[Chunk], vectors: Vectors | None = None) -> dict[str, int]:
        """Writes the chunks (with their vectors, if given); their labels by chunk id."""
        blobs: Iterable[bytes | None] = (row.tobytes() for row in vectors) if vectors is not None else (
            None for _ in chunks)
        rows = [(c.collection, c.id, c.text, msgspec.json.encode(c.metadata), blob) for c, blob in zip(
            chunks, blobs, strict=True)]
        with self._transaction() as db:
            db.executemany("insert into chunks (collection, id, text, metadata, vector) values (?, ?, ?, ?, ?) "
                           "on conflict (collection, id) do update set text = excluded.text, "
                           "metadata = excluded.metadata, vector = excluded.vector", rows)
            self._bump(db, {c.collection for c in chunks})
            return {c.id: label for c in chunks if (label := self._label(db, c.collection, c.id)) is not None}

    def delete(self, collection: str, ids: Sequence[str]) -> list[int]:
        """Deletes the chunks; the labels they had."""
        with self._transaction() as db:
            labels = [label for i in ids if (label := self._label(db, collection, i)) is not None]
            db.executemany("delete from chunks where label = ?", [(label,) for label in labels])
            self._bump(db, {collection})
        self._forget_old_pages()
        return labels

    def drop(self, collection: str) -> None:
        with self._transaction() as db:
            db.execute("delete from chunks where collection = ?", (collection,))
            db.execute("delete from generations where collection = ?", (collection,))
        self._forget_old_pages()

    def _forget_old_pages(self) -> None:
        """The write-ahead log still holds the pages as they were before a delete (with the deleted
        texts, a forgotten person's among them): moved into the file, where they are overwritten,
        and the log emptied."""
        with self._lock:
            self._db.execute("pragma wal_checkpoint(truncate)")

    def collections(self) -> list[str]:
        return [row[0] for row in self._db.execute("select collection from generations order by collection")]

    def generation(self, collection: str) -> int:
        row = self._db.execute("select generation from generations where collection = ?", (collection,)).fetchone()
        return row[0] if row else 0

    def count(self, collection: str) -> int:
        return self._db.execute("select count(*) from chunks where collection = ?", (collection,)).fetchone()[0]

    def ids_of(self, collection: str, source_id: str) -> list[str]:
        """The ids of the chunks of ``source_id`` (their ``source_id`` metadata) in ``collection``."""
        rows = self._db.execute(f"select id from chunks where collection = ? and {SOURCE_ID} = ?",
                                (collection, source_id))
        return [row[0] for row in rows]

    def vectors(self, collection: str, dimension: int) -> tuple[np.ndarray, Vectors]:
        """Every label of the collection and its vector, in label order."""
        rows = self._db.execute("select label, vector from chunks where collection = ? order by label",
                                (collection,)).fetchall()
        labels = np.array([label for label, _ in rows], dtype=np.uint64)
        matrix = np.frombuffer(b"".join(blob for _, blob in rows), dtype=np.float32).reshape(len(rows), dimension)
        return labels, matrix.copy()

    def texts(self, collection: str) -> tuple[list[int], list[str]]:
        rows = self._db.execute("select label, text from chunks where collection = ? order by label",
                                (collection,)).fetchall()
        return [label for label, _ in rows], [text for _, text in rows]

    def chunks(self, labels: Sequence[int]) -> dict[int, Chunk]:
        rows = self._db.execute(f"select label, collection, id, text, metadata from chunks where label in "
                                f"({','.join('?' * len(labels))})", [int(label) for label in labels]).fetchall()
        return {label: Chunk(id=id_, collection=collection, text=text, metadata=_metadata.decode(metadata))
                for label, collection, id_, text, metadata in rows}

    def named(self, collections: Sequence[str] | None) -> list[str]:
        """The collections a search names, each once (``None``: all of them)."""
        return self.collections() if collections is None else list(dict.fromkeys(collections))

    def best(self, scored: Iterable[tuple[int, float]], top_k: int) -> list[Hit]:
        """The ``top_k`` best scored labels (merged from several collections) as hits, best first."""
        best = sorted(scored, key=lambda labelled: -labelled[1])[:top_k]
        chunks = self.chunks([label for label, _ in best]) if best else {}
        return [Hit(chunks[label], score) for label, score in best if label in chunks]

    def vectors_of(self, collection: str, ids: Sequence[str], dimension: int) -> dict[str, Vectors]:
        found = {}
        for id_ in ids:
            row = self._db.execute("select vector from chunks where collection = ? and id = ?",
                                   (collection, id_)).fetchone()
            if row and row[0] is not None:
                found[id_] = np.frombuffer(row[0], dtype=np.float32).reshape(dimension)
        return found

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("begin immediate")
            try:
                yield self._db
            except BaseException:
                self._db.execute("rollback")
                raise
            self._db.execute("commit")

    @staticmethod
    def _bump(db: sqlite3.Connection, collections: set[str]) -> None:
        db.executemany("insert into generations values (?, 1) on conflict (collection) do update set "
                       "generation = generation + 1", [(c,) for c in collections])

    @staticmethod
    def _label(db: sqlite3.Connection, collection: str, id_: str) -> int | None:
        row = db.execute("select label from chunks where collection = ? and id = ?", (collection, id_)).fetchone()
        return row[0] if row else None
