"""BM25 over chunks by collection, persisted in SQLite, rebuilt after changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from application.retrieval.ports import Chunk
from infrastructure.lexical_index import Bm25Index
from infrastructure.vector_index.chunk_store import SOURCE_ID

TEXTS = {"a": "the refund policy pays within fourteen days", "b": "shipping takes three days",
         "c": "refund requests need the order number", "d": "our office opens at nine"}


def chunks(collection: str = "kb-1", **texts: str) -> list[Chunk]:
    return [Chunk(id=i, collection=collection, text=t) for i, t in texts.items()]


def ids(index: Bm25Index, query: str, collections: list[str] | None = None) -> list[str]:
    return [hit.chunk.id for hit in index.search(query, 5, collections)]


def test_chunks_sharing_the_query_words_are_found_best_first(tmp_path: Path):
    index = Bm25Index(tmp_path / "lexical.sqlite3")
    index.upsert(chunks(**TEXTS))
    assert ids(index, "refund policy") == ["a", "c"]  # both words, then one
    assert ids(index, "zebra") == [] and ids(index, "the") == []


def test_a_search_only_sees_the_collections_it_names(tmp_path: Path):
    index = Bm25Index(tmp_path / "lexical.sqlite3")
    index.upsert(chunks("kb-1", a=TEXTS["a"]) + chunks("kb-2", c=TEXTS["c"]))
    assert ids(index, "refund", ["kb-2"]) == ["c"]


def test_changes_are_searched_at_once_and_kept_when_opened_again(tmp_path: Path):
    index = Bm25Index(tmp_path / "lexical.sqlite3")
    index.upsert(chunks(**TEXTS))
    assert sorted(ids(index, "refund")) == ["a", "c"]
    index.delete("kb-1", ["a"])
    index.upsert(chunks(d="refund desk opens at nine"))
    assert sorted(ids(index, "refund")) == ["c", "d"]
    index.drop("kb-9")
    index.close()
    assert sorted(ids(Bm25Index(tmp_path / "lexical.sqlite3"), "refund")) == ["c", "d"]


def test_a_sources_chunks_are_known_by_collection(tmp_path: Path):
    index = Bm25Index(tmp_path / "lexical.sqlite3")
    index.upsert([Chunk(id=i, collection=c, text="text", metadata={"source_id": source})
                  for i, c, source in (("a", "kb-1", "f1"), ("b", "kb-1", "f2"), ("c", "kb-2", "f1"))])
    assert (index.ids_of("kb-1", "f1"), index.ids_of("kb-2", "f1"), index.ids_of("kb-1", "f3")) == (["a"], ["c"], [])


def test_a_sources_chunks_are_found_by_index_not_by_reading_the_collection(tmp_path: Path):
    """Processing a file looks up that file's earlier chunks in its knowledge base: a scan of the
    whole base per file made filling a base of n files take n² reads."""
    path = tmp_path / "lexical.sqlite3"
    Bm25Index(path).close()
    plan = sqlite3.connect(path).execute(f"explain query plan select id from chunks where collection = ? and "
                                         f"{SOURCE_ID} = ?", ("kb-1", "f1")).fetchall()
    assert "USING INDEX chunks_by_source (collection=? AND <expr>=?)" in plan[0][-1]
