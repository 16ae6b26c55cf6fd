"""One contract for every vector index: the embedded one searched exactly and through its HNSW
graph, Weaviate's adapter against a wire-level Weaviate, and a real Weaviate where WEAVIATE_URL
is set. Vectors here are small made-up unit vectors: the contract is about ids, collections,
replacement and deletion; search quality is measured on real embeddings elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import numpy as np
import pytest

from application.retrieval.ports import Chunk, EmbeddingModel, EmbeddingModelMismatchError, VectorIndex, Vectors
from tests.integration.retrieval.vector_indexes import ADAPTERS, Opener, opener

MODEL = EmbeddingModel("test:axes", 8)


def unit(*weights: float) -> Vectors:
    vector = np.zeros(MODEL.dimension, dtype=np.float32)
    vector[: len(weights)] = weights
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def chunk(id_: str, collection: str = "kb-1", text: str = "", **metadata: str | int) -> Chunk:
    return Chunk(id=id_, collection=collection, text=text or f"text of {id_}", metadata=dict(metadata))


def ids(hits: list) -> list[str]:
    return [hit.chunk.id for hit in hits]


@pytest.fixture(params=ADAPTERS)
def open_index(request: pytest.FixtureRequest) -> Iterator[Opener]:
    with ExitStack() as stack:
        yield opener(request.param, stack)


@pytest.fixture
def index(open_index: Opener, tmp_path: Path) -> Iterator[VectorIndex]:
    with open_index(tmp_path, MODEL) as opened:
        yield opened


def put(index: VectorIndex, *pairs: tuple[Chunk, Vectors]) -> None:
    index.upsert([c for c, _ in pairs], np.stack([v for _, v in pairs]))


def test_search_finds_the_most_similar_chunks_first_with_their_cosine_similarity(index: VectorIndex):
    put(index, (chunk("a"), unit(1)), (chunk("b"), unit(1, 1)), (chunk("c"), unit(0, 1)))
    hits = index.search(unit(1, 0.2), top_k=2)
    assert ids(hits) == ["a", "b"]
    assert hits[0].score == pytest.approx(float(unit(1) @ unit(1, 0.2)), abs=1e-4)


def test_a_chunk_comes_back_with_its_collection_text_and_metadata(index: VectorIndex):
    put(index, (chunk("a", "kb-9", "Refunds take 14 days.", page=3, source_id="file-1"), unit(1)))
    [hit] = index.search(unit(1), top_k=1)
    assert hit.chunk == chunk("a", "kb-9", "Refunds take 14 days.", page=3, source_id="file-1")


def test_a_search_only_sees_the_collections_it_names(index: VectorIndex):
    put(index, (chunk("mine", "kb-1"), unit(0.9, 0.1)), (chunk("theirs", "kb-2"), unit(1)),
        (chunk("other", "kb-3"), unit(0.5, 0.5)))
    assert ids(index.search(unit(1), top_k=5, collections=["kb-1", "kb-3"])) == ["mine", "other"]
    assert ids(index.search(unit(1), top_k=5, collections=[])) == []


def test_upserting_a_chunk_again_replaces_it_instead_of_adding_another(index: VectorIndex):
    put(index, (chunk("a", text="old"), unit(1)), (chunk("b"), unit(0, 1)))
    put(index, (chunk("a", text="new"), unit(0, 0, 1)))
    assert index.count("kb-1") == 2
    [hit] = index.search(unit(0, 0, 1), top_k=1)
    assert (hit.chunk.id, hit.chunk.text) == ("a", "new")
    assert hit.score == pytest.approx(1, abs=1e-4)


def test_deleted_chunks_are_never_found_again(index: VectorIndex):
    put(index, (chunk("a"), unit(1)), (chunk("b"), unit(1, 0.1)), (chunk("c"), unit(0, 1)))
    index.delete("kb-1", ["a", "unknown"])
    assert ids(index.search(unit(1), top_k=3)) == ["b", "c"]
    assert index.count("kb-1") == 2


def test_a_dropped_collection_is_gone_and_the_others_stay(index: VectorIndex):
    put(index, (chunk("a", "kb-1"), unit(1)), (chunk("b", "kb-2"), unit(1)))
    index.drop("kb-1")
    index.drop("never-there")
    assert ids(index.search(unit(1), top_k=3)) == ["b"]
    assert index.count("kb-1") == 0


def test_similarities_are_given_for_the_indexed_chunks_asked_about(index: VectorIndex):
    put(index, (chunk("a"), unit(1)), (chunk("b"), unit(0, 1)))
    scores = index.similarities(unit(1), "kb-1", ["a", "b", "missing"])
    assert scores == pytest.approx({"a": 1.0, "b": 0.0}, abs=1e-4)


def test_the_index_is_still_there_when_opened_again(open_index: Opener, tmp_path: Path):
    with open_index(tmp_path, MODEL) as index:
        put(index, (chunk("a"), unit(1)), (chunk("b"), unit(0, 1)))
        index.delete("kb-1", ["b"])
        put(index, (chunk("c"), unit(1, 1)))
    with open_index(tmp_path, MODEL) as index:
        assert ids(index.search(unit(1), top_k=5)) == ["a", "c"]


def test_an_index_of_another_model_is_refused_so_it_gets_rebuilt(open_index: Opener, tmp_path: Path):
    with open_index(tmp_path, MODEL) as index:
        put(index, (chunk("a"), unit(1)))
    other = EmbeddingModel("test:other", MODEL.dimension)
    with pytest.raises(EmbeddingModelMismatchError), open_index(tmp_path, other):
        pass


def test_changes_made_after_a_search_are_seen_by_the_next_one(index: VectorIndex):
    put(index, (chunk("a"), unit(1)), (chunk("b"), unit(0, 1)), (chunk("c"), unit(0, 0, 1)))
    assert ids(index.search(unit(1), top_k=1)) == ["a"]
    put(index, (chunk("d"), unit(1, 0.01)), (chunk("b"), unit(1, 0.1)))
    index.delete("kb-1", ["a", "c"])
    hits = index.search(unit(1), top_k=5)
    assert ids(hits) == ["d", "b"] and len(hits) == 2
    put(index, *[(chunk(f"n{n}"), unit(0, 0, 0, 1, n / 100)) for n in range(100)])
    assert ids(index.search(unit(0, 0, 0, 1, 0.5), top_k=1)) == ["n50"]
    assert index.count("kb-1") == 102
