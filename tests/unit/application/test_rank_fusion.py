"""Reciprocal rank fusion, weighted as Open WebUI's hybrid BM25 weight weighs it."""

from __future__ import annotations

import pytest

from application.retrieval.hybrid import RRF_K, fused
from application.retrieval.ports import Chunk, Hit


def hits(*ids: str) -> list[Hit]:
    return [Hit(Chunk(id=i, collection="kb", text=i), 1.0) for i in ids]


def test_a_chunk_both_rankings_found_outranks_one_found_by_either():
    order = fused([(0.5, hits("lexical", "both")), (0.5, hits("dense", "both"))])
    assert [hit.chunk.id for hit in order] == ["both", "lexical", "dense"]


def test_each_ranking_adds_its_weight_over_the_rank_constant_plus_the_rank():
    order = fused([(0.25, hits("a", "b")), (0.75, hits("b"))])
    scores = {hit.chunk.id: hit.score for hit in order}
    assert scores == pytest.approx({"a": 0.25 / (RRF_K + 1), "b": 0.25 / (RRF_K + 2) + 0.75 / (RRF_K + 1)})


def test_the_heavier_ranking_wins_between_two_firsts():
    order = fused([(0.3, hits("lexical")), (0.7, hits("dense"))])
    assert [hit.chunk.id for hit in order] == ["dense", "lexical"]


def test_nothing_fused_is_nothing():
    assert fused([(0.5, []), (0.5, [])]) == []
