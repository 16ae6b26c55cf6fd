"""The vector index in Weaviate (``WEAVIATE_URL``), for deployments that outgrow the embedded one.

One Weaviate collection holds every chunk, with multi-tenancy: each of our collections (a
knowledge base, a file) is a tenant of it. Tenants are Weaviate's unit of isolation: a query runs
in exactly one tenant, so a search can only ever see the collections it names; a tenant's data
lives in its own shard, so dropping a knowledge base deletes a shard rather than filtering rows,
and tenants are cheap by the thousand (a collection per knowledge base would put one schema class
each in the cluster's schema, which Weaviate advises against beyond a few hundred).

Chunk ids become object UUIDs by uuid5 (Weaviate wants UUIDs), so an upsert replaces. The
collection's description names the embedding model its vectors come from; opening it with
another model is refused. Vectors are compared by cosine distance (1 - cosine similarity)."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import msgspec
import numpy as np

from application.retrieval.ports import (
    Chunk,
    EmbeddingModel,
    EmbeddingModelMismatchError,
    Hit,
    MetadataValue,
    Vectors,
)

OBJECTS = uuid.UUID("0b4c5e1a-7d3f-4f7e-8e61-2d9a4c8b5f30")
"""The namespace of the objects' UUIDs (from chunk ids)."""
TENANT = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_metadata = msgspec.json.Decoder(dict[str, MetadataValue])


class WeaviateVectorIndex:
    def __init__(self, url: str, model: EmbeddingModel, *, grpc_port: int = 50051, api_key: str = "",
                 name: str = "AnnalsChunks") -> None:
        self._client = connected(url, grpc_port, api_key)
        self.model = model
        self._name = name
        try:
            self._collection = self._opened()
        except BaseException:
            self._client.close()
            raise

    def upsert(self, chunks: Sequence[Chunk], vectors: Vectors) -> None:
        from weaviate.classes.data import DataObject

        by_tenant: dict[str, list[Any]] = {}
        for chunk, vector in zip(chunks, vectors, strict=True):
            by_tenant.setdefault(tenant(chunk.collection), []).append(DataObject(
                uuid=object_id(chunk.id), vector=[float(x) for x in vector], properties={
                    "chunk_id": chunk.id, "collection": chunk.collection, "text": chunk.text,
                    "metadata": msgspec.json.encode(chunk.metadata).decode()}))
        for name, objects in by_tenant.items():
            result = self._collection.with_tenant(name).data.insert_many(objects)
            if result.has_errors:
                raise RuntimeError(f"Weaviate refused {len(result.errors)} chunks: "
                                   f"{next(iter(result.errors.values())).message}")

    def delete(self, collection: str, ids: Sequence[str]) -> None:
        from weaviate.classes.query import Filter

        if ids and tenant(collection) in self._tenants():
            self._collection.with_tenant(tenant(collection)).data.delete_many(
                where=Filter.by_id().contains_any([object_id(i) for i in ids]))

    def drop(self, collection: str) -> None:
        if tenant(collection) in self._tenants():
            self._collection.tenants.remove([tenant(collection)])

    def search(self, vector: Vectors, top_k: int, collections: Sequence[str] | None = None) -> list[Hit]:
        from weaviate.classes.query import MetadataQuery

        existing = self._tenants()
        names = existing if collections is None else [t for t in dict.fromkeys(map(tenant, collections))
                                                      if t in existing]
        query = [float(x) for x in np.asarray(vector).reshape(-1)]
        hits = [Hit(_chunk(found), 1.0 - float(found.metadata.distance)) for name in names
                for found in self._collection.with_tenant(name).query.near_vector(
                    near_vector=query, limit=top_k, return_metadata=MetadataQuery(distance=True)).objects]
        return sorted(hits, key=lambda hit: -hit.score)[:top_k]

    def similarities(self, vector: Vectors, collection: str, ids: Sequence[str]) -> dict[str, float]:
        from weaviate.classes.query import Filter

        if not ids or tenant(collection) not in self._tenants():
            return {}
        found = self._collection.with_tenant(tenant(collection)).query.fetch_objects(
            filters=Filter.by_id().contains_any([object_id(i) for i in ids]), limit=len(ids), include_vector=True)
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        return {str(o.properties["chunk_id"]): float(np.asarray(o.vector["default"], dtype=np.float32) @ query)
                for o in found.objects}

    def count(self, collection: str) -> int:
        if tenant(collection) not in self._tenants():
            return 0
        return int(self._collection.with_tenant(tenant(collection)).aggregate.over_all(total_count=True).total_count
                   or 0)

    def close(self) -> None:
        self._client.close()

    def _tenants(self) -> list[str]:
        return sorted(self._collection.tenants.get())

    def _opened(self) -> Any:
        from weaviate.classes.config import Configure, DataType, Property, VectorDistances

        description = f"Annals chunks; embedding model: {self.model.name} ({self.model.dimension} dimensions)"
        if self._client.collections.exists(self._name):
            collection = self._client.collections.get(self._name)
            indexed = collection.config.get(simple=True).description or ""
            if indexed != description:
                raise EmbeddingModelMismatchError(_described(indexed), self.model)
            return collection
        text = [Property(name=n, data_type=DataType.TEXT, index_searchable=n == "text", index_filterable=n != "text")
                for n in ("chunk_id", "collection", "text", "metadata")]
        return self._client.collections.create(
            self._name, description=description, properties=text,
            vector_config=Configure.Vectors.self_provided(
                vector_index_config=Configure.VectorIndex.hnsw(distance_metric=VectorDistances.COSINE)),
            multi_tenancy_config=Configure.multi_tenancy(enabled=True, auto_tenant_creation=True))


def connected(url: str, grpc_port: int, api_key: str = "") -> Any:
    """A client of the Weaviate at ``url`` (REST) and ``grpc_port`` on the same host, connected."""
    import weaviate
    from weaviate.classes.init import AdditionalConfig, Auth, Timeout

    parts = urlsplit(url)
    secure = parts.scheme == "https"
    # skip_init_checks: the client would otherwise ask PyPI whether it is current on every start
    return weaviate.connect_to_custom(
        http_host=parts.hostname or "localhost", http_port=parts.port or (443 if secure else 80),
        http_secure=secure, grpc_host=parts.hostname or "localhost", grpc_port=grpc_port, grpc_secure=secure,
        auth_credentials=Auth.api_key(api_key) if api_key else None, skip_init_checks=True,
        additional_config=AdditionalConfig(timeout=Timeout(init=10, query=30, insert=120)))


def object_id(chunk_id: str) -> str:
    return str(uuid.uuid5(OBJECTS, chunk_id))


def tenant(collection: str) -> str:
    """The tenant of a collection: its id when Weaviate accepts it as a tenant name, else a digest."""
    return collection if TENANT.match(collection) else "c" + hashlib.sha256(collection.encode()).hexdigest()[:40]


def _chunk(found: Any) -> Chunk:
    properties = found.properties
    return Chunk(id=str(properties["chunk_id"]), collection=str(properties["collection"]),
                 text=str(properties["text"]), metadata=_metadata.decode(str(properties["metadata"])))


def _described(description: str) -> EmbeddingModel:
    matched = re.search(r"embedding model: (.+) \((\d+) dimensions\)", description)
    return EmbeddingModel(matched[1], int(matched[2])) if matched else EmbeddingModel(description or "unknown", 0)
