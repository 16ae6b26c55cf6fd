"""What the Weaviate adapter asks of Weaviate, seen on the wire-level fake: one collection, whose
tenants are our collections, named in every request."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from application.retrieval.ports import Chunk, EmbeddingModel
from infrastructure.vector_index.weaviate import WeaviateVectorIndex, tenant
from tests.weaviate.server import FakeWeaviate, fake_weaviate

MODEL = EmbeddingModel("test:axes", 4)


@pytest.fixture
def fake() -> Iterator[FakeWeaviate]:
    with fake_weaviate() as server:
        yield server


def test_each_collection_is_a_tenant_of_one_weaviate_collection_named_in_every_request(fake: FakeWeaviate):
    index = WeaviateVectorIndex(fake.url, MODEL, grpc_port=fake.grpc_port)
    index.upsert([Chunk(id="a", collection="kb-1", text="a"), Chunk(id="b", collection="kb-2", text="b")],
                 np.eye(4, dtype=np.float32)[:2])
    index.search(np.eye(4, dtype=np.float32)[0], 3, ["kb-2"])
    index.close()
    assert list(fake.store.classes) == ["AnnalsChunks"]
    assert sorted(fake.store.objects) == [("AnnalsChunks", "kb-1"), ("AnnalsChunks", "kb-2")]
    searches = [r for r in fake.servicer.requests if type(r).__name__ == "SearchRequest"]
    assert [(s.collection, s.tenant) for s in searches] == [("AnnalsChunks", "kb-2")]


def test_a_collection_id_weaviate_would_refuse_as_a_tenant_name_gets_a_stable_digest():
    assert tenant("kb-1_x") == "kb-1_x"
    assert tenant("knowledge base/1") == tenant("knowledge base/1") != tenant("knowledge base/2")
    assert tenant("x" * 65).startswith("c") and len(tenant("x" * 65)) <= 64


def test_the_collection_records_the_embedding_model_of_its_vectors(fake: FakeWeaviate):
    WeaviateVectorIndex(fake.url, MODEL, grpc_port=fake.grpc_port).close()
    assert "test:axes (4 dimensions)" in fake.store.classes["AnnalsChunks"]["description"]
