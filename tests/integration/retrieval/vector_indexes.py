"""Every VectorIndex adapter, opened on a fresh place, for the one contract suite they all pass:
the embedded index (searched exactly, or forced through its HNSW graph), Weaviate's adapter on
the wire-level fake (tests/weaviate/server.py), and on a real Weaviate where ``WEAVIATE_URL``
(and ``WEAVIATE_GRPC_PORT``, default 50051) is set."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

import pytest

from application.retrieval.ports import EmbeddingModel, VectorIndex
from infrastructure.vector_index.embedded import EmbeddedVectorIndex
from infrastructure.vector_index.weaviate import WeaviateVectorIndex, connected
from tests.weaviate.server import fake_weaviate

Opener = Callable[[Path, EmbeddingModel], AbstractContextManager[VectorIndex]]
"""Opens the index kept at a place (a directory; for Weaviate, a collection named after it)."""
ADAPTERS = ("embedded-exact", "embedded-graph", "weaviate-wire", "weaviate-real")


@contextmanager
def embedded(directory: Path, model: EmbeddingModel, *, exact_below: int) -> Iterator[VectorIndex]:
    index = EmbeddedVectorIndex(directory, model, exact_below=exact_below)
    try:
        yield index
    finally:
        index.close()


@contextmanager
def weaviate(url: str, grpc_port: int, directory: Path, model: EmbeddingModel) -> Iterator[VectorIndex]:
    index = WeaviateVectorIndex(url, model, grpc_port=grpc_port, name=collection_name(directory))
    try:
        yield index
    finally:
        index.close()


def collection_name(directory: Path) -> str:
    return f"AnnalsTest{hashlib.sha256(str(directory).encode()).hexdigest()[:12]}"


def opener(adapter: str, stack: ExitStack) -> Opener:
    if adapter.startswith("embedded"):
        exact_below = 1_000_000 if adapter == "embedded-exact" else 0
        return lambda directory, model: embedded(directory, model, exact_below=exact_below)
    if adapter == "weaviate-wire":
        server = stack.enter_context(fake_weaviate())
        return lambda directory, model: weaviate(server.url, server.grpc_port, directory, model)
    url = os.environ.get("WEAVIATE_URL")
    if not url:
        pytest.skip("no real Weaviate here: set WEAVIATE_URL (and WEAVIATE_GRPC_PORT) to run against one")
    port = int(os.environ.get("WEAVIATE_GRPC_PORT", "50051"))
    stack.callback(_drop_collections, url, port)
    return lambda directory, model: weaviate(url, port, directory, model)


def _drop_collections(url: str, grpc_port: int) -> None:
    """The test collections a run against a real Weaviate made."""
    with connected(url, grpc_port) as client:
        for name in client.collections.list_all(simple=True):
            if name.startswith("AnnalsTest"):
                client.collections.delete(name)
