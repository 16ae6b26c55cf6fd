"""What Open WebUI's Documents settings do to a retrieval (top_k, hybrid search and its BM25
weight, relevance threshold), with the real model over a few chunks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from application.retrieval.hybrid import RetrievalSettings, Retriever
from application.retrieval.ports import Chunk
from infrastructure.embeddings.minilm import MiniLM
from infrastructure.lexical_index import Bm25Index
from infrastructure.vector_index.embedded import EmbeddedVectorIndex

TEXTS = {
    "refunds": "Money back: customers are reimbursed within fourteen days of returning the goods.",
    "code": "Error XJ-42 means the warehouse scanner lost its connection.",
    "shipping": "Parcels travel by courier and usually arrive in three working days.",
    "office": "The office opens at nine and closes at five on weekdays.",
    "kb2": "Refund policy of another team's knowledge base: never.",
}


@pytest.fixture
def retriever(minilm: MiniLM, tmp_path: Path) -> Iterator[Retriever]:
    chunks = [Chunk(id=i, collection="kb-2" if i == "kb2" else "kb-1", text=t) for i, t in TEXTS.items()]
    vectors = EmbeddedVectorIndex(tmp_path / "vectors", minilm.model())
    lexical = Bm25Index(tmp_path / "lexical.sqlite3")
    vectors.upsert(chunks, minilm.embed([c.text for c in chunks]))
    lexical.upsert(chunks)
    yield Retriever(minilm, vectors, lexical)
    vectors.close()
    lexical.close()


def ids(retriever: Retriever, query: str, **settings: float | bool) -> list[str]:
    hits = retriever.retrieve(query, ["kb-1"], RetrievalSettings(**settings))  # type: ignore[arg-type]
    return [hit.chunk.id for hit in hits]


def test_dense_search_returns_top_k_chunks_by_meaning_from_the_named_collections(retriever: Retriever):
    assert ids(retriever, "how long until I get a refund?", top_k=1) == ["refunds"]
    assert len(ids(retriever, "refund", top_k=10, top_k_reranker=10)) == 4


def test_hybrid_search_finds_a_rare_code_by_its_words_and_meaning_together(retriever: Retriever):
    assert ids(retriever, "XJ-42", top_k=1, hybrid=True)[0] == "code"


def test_a_bm25_weight_of_zero_is_dense_search_and_of_one_bm25_alone(retriever: Retriever):
    query = "when do parcels arrive"
    assert ids(retriever, query, top_k=3, hybrid=True, hybrid_bm25_weight=0) == ids(retriever, query, top_k=3)
    assert ids(retriever, query, top_k=3, hybrid=True, hybrid_bm25_weight=1) == ["shipping"]


def test_the_relevance_threshold_leaves_out_chunks_less_similar_than_it(retriever: Retriever):
    settings = RetrievalSettings(top_k=4, top_k_reranker=4, hybrid=True)
    everything = retriever.retrieve("refund after returning goods", ["kb-1"], settings)
    threshold = sorted(hit.score for hit in everything)[-2]
    kept = retriever.retrieve("refund after returning goods", ["kb-1"],
                              RetrievalSettings(top_k=4, top_k_reranker=4, hybrid=True, relevance_threshold=threshold))
    assert {hit.chunk.id for hit in kept} == {hit.chunk.id for hit in everything if hit.score >= threshold}
    assert len(kept) == 2


def test_top_k_reranker_caps_what_hybrid_search_returns(retriever: Retriever):
    assert len(ids(retriever, "office hours", top_k=4, top_k_reranker=2, hybrid=True)) == 2


def test_hits_are_scored_by_their_cosine_similarity_to_the_query(retriever: Retriever, minilm: MiniLM):
    [hit] = retriever.retrieve("courier parcels", ["kb-1"], RetrievalSettings(top_k=1, hybrid=True))
    query, text = minilm.embed(["courier parcels", TEXTS["shipping"]])
    assert hit.chunk.id == "shipping" and hit.score == pytest.approx(float(query @ text), abs=1e-5)
