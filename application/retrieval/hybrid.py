"""Finding the chunks for a query, with the meanings of Open WebUI's Documents settings:

- ``top_k``: how many chunks are returned, and how many each search (dense, BM25) contributes;
- hybrid search off: the ``top_k`` chunks most similar to the query (relevance threshold unused,
  as in Open WebUI);
- hybrid search on: the BM25 and dense results fused by reciprocal rank fusion, weighted by
  ``hybrid_bm25_weight`` (the BM25 side's weight, the dense side's being 1 minus it; 0 is dense
  search alone, 1 BM25 alone), chunks less similar to the query than ``relevance_threshold`` left
  out (0 keeps all), and at most ``top_k`` and ``top_k_reranker`` kept;
- every chunk is scored by its cosine similarity to the query: what the threshold compares and
  what a citation shows as its relevance.

One departure, measured: without a reranking model Open WebUI orders the fused candidates by
their similarity to the query, which makes hybrid search return what dense search returns (the
BM25 weight then changes nothing between 0 and 1). Here the fused order is kept: on the
standard library's docstrings (tests/integration/retrieval/test_retrieval_quality.py) it scored
nDCG@10 0.770 against dense search's 0.756 for 200 queries, 0.571 against 0.554 for all 862."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from application.retrieval.ports import Embedder, Hit, LexicalIndex, VectorIndex, Vectors

RRF_K = 60
"""The rank constant of reciprocal rank fusion (Cormack et al. 2009; also LangChain's, Open WebUI's)."""


class RetrievalSettings(msgspec.Struct, frozen=True, kw_only=True):
    """Open WebUI's ``RAG_TOP_K``, ``RAG_TOP_K_RERANKER``, ``RAG_RELEVANCE_THRESHOLD``,
    ``RAG_HYBRID_BM25_WEIGHT`` and ``ENABLE_RAG_HYBRID_SEARCH``, with its defaults."""

    top_k: int = 3
    top_k_reranker: int = 3
    relevance_threshold: float = 0.0
    hybrid_bm25_weight: float = 0.5
    hybrid: bool = False


def fused(rankings: Sequence[tuple[float, Sequence[Hit]]], k: int = RRF_K) -> list[Hit]:
    """Weighted reciprocal rank fusion: each chunk scores the sum over the rankings it is in of
    ``weight / (k + rank)`` (rank from 1); best first, each chunk once (by id), scored so."""
    scores: dict[str, float] = {}
    hits: dict[str, Hit] = {}
    for weight, ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            scores[hit.chunk.id] = scores.get(hit.chunk.id, 0.0) + weight / (k + rank)
            hits.setdefault(hit.chunk.id, hit)
    order = sorted(scores, key=lambda chunk_id: -scores[chunk_id])
    return [Hit(hits[chunk_id].chunk, scores[chunk_id]) for chunk_id in order]


class Retriever:
    def __init__(self, embedder: Embedder, vectors: VectorIndex, lexical: LexicalIndex) -> None:
        self.embedder = embedder
        self.vectors = vectors
        self.lexical = lexical

    def retrieve(self, query: str, collections: Sequence[str], settings: RetrievalSettings) -> list[Hit]:
        """The chunks of ``collections`` for ``query``, best first, each scored by its similarity to it."""
        vector = self.embedder.embed([query])[0]
        if not settings.hybrid:
            return self.vectors.search(vector, settings.top_k, collections)
        candidates = fused(self._rankings(query, vector, collections, settings))
        similar = self._similarities(vector, candidates)
        kept = [Hit(hit.chunk, similar[hit.chunk.id]) for hit in candidates if hit.chunk.id in similar
                and (not settings.relevance_threshold or similar[hit.chunk.id] >= settings.relevance_threshold)]
        return kept[:min(settings.top_k, settings.top_k_reranker)]

    def _rankings(self, query: str, vector: Vectors, collections: Sequence[str],
                  settings: RetrievalSettings) -> list[tuple[float, Sequence[Hit]]]:
        weight = min(max(settings.hybrid_bm25_weight, 0.0), 1.0)
        rankings: list[tuple[float, Sequence[Hit]]] = []
        if weight > 0:
            rankings.append((weight, self.lexical.search(query, settings.top_k, collections)))
        if weight < 1:
            rankings.append((1 - weight, self.vectors.search(vector, settings.top_k, collections)))
        return rankings

    def _similarities(self, vector: Vectors, candidates: Sequence[Hit]) -> dict[str, float]:
        """Each candidate's cosine similarity to the query, from the vectors the index keeps (a
        chunk BM25 found is not embedded again)."""
        by_collection: dict[str, list[str]] = {}
        for hit in candidates:
            by_collection.setdefault(hit.chunk.collection, []).append(hit.chunk.id)
        return {chunk_id: score for collection, ids in by_collection.items()
                for chunk_id, score in self.vectors.similarities(vector, collection, ids).items()}
