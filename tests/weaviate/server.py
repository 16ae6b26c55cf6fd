"""A Weaviate at the wire level, for the adapter's tests (Weaviate itself cannot run here): the
REST endpoints the client uses to connect and manage schema and tenants, and the gRPC service,
built on the client's own generated servicer and messages, for what it sends over gRPC (search,
batch insert, batch delete, tenants, aggregate). Objects live in memory per collection and
tenant; near-vector search is exact by cosine distance. Only the requests the adapter makes are
understood; anything else is answered UNIMPLEMENTED or 404, so a change in what the adapter sends
shows up here rather than passing unnoticed."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import grpc
import numpy as np
from weaviate.proto.v1 import (
    aggregate_pb2,
    base_pb2,
    batch_delete_pb2,
    batch_pb2,
    properties_pb2,
    search_get_pb2,
    tenants_pb2,
    weaviate_pb2_grpc,
)

from tests.upstream.asgi import answer_json, body
from tests.upstream.threaded import serving

VERSION = "1.32.0"
"""What /v1/meta claims: the client refuses servers older than 1.27."""


@dataclass
class StoredObject:
    properties: dict[str, Any]
    vector: np.ndarray


@dataclass
class Store:
    classes: dict[str, dict[str, Any]] = field(default_factory=dict)
    objects: dict[tuple[str, str], dict[str, StoredObject]] = field(default_factory=dict)
    """By (collection, tenant), then by object UUID."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def tenants(self, collection: str) -> list[str]:
        return sorted(tenant for name, tenant in self.objects if name == collection)


class Rest:
    """The REST side: /v1/meta, /v1/.well-known/ready, /v1/schema and tenants."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        method, parts = scope["method"], scope["path"].strip("/").split("/")
        payload = json.loads(await body(receive) or b"null")
        status, answer = self._answer(method, parts, payload)
        await answer_json(send, status, answer)

    def _answer(self, method: str, parts: list[str], payload: Any) -> tuple[int, Any]:
        store = self.store
        with store.lock:
            match method, parts:
                case "GET", ["v1", "meta"]:
                    return 200, {"hostname": "http://[::]:8080", "modules": {}, "version": VERSION}
                case "GET", ["v1", ".well-known", "ready" | "live"]:
                    return 200, {}
                case "POST", ["v1", "schema"]:
                    store.classes[payload["class"]] = {**payload, **_defaults(payload)}
                    return 200, store.classes[payload["class"]]
                case "GET", ["v1", "schema", name] if name in store.classes:
                    return 200, store.classes[name]
                case "DELETE", ["v1", "schema", name]:
                    store.classes.pop(name, None)
                    store.objects = {key: value for key, value in store.objects.items() if key[0] != name}
                    return 200, None
                case "DELETE", ["v1", "schema", name, "tenants"]:
                    for tenant in payload:
                        store.objects.pop((name, tenant), None)
                    return 200, None
            return 404, {"error": [{"message": f"{method} /{'/'.join(parts)} is not served here"}]}


HNSW = {"cleanupIntervalSeconds": 300, "distance": "cosine", "dynamicEfFactor": 8, "dynamicEfMax": 500,
        "dynamicEfMin": 100, "ef": -1, "efConstruction": 128, "filterStrategy": "sweeping",
        "flatSearchCutoff": 40000, "maxConnections": 32, "skip": False, "vectorCacheMaxObjects": 1000000000000}


def _defaults(schema: dict[str, Any]) -> dict[str, Any]:
    """What Weaviate fills in when a collection is created without them."""
    vectors = {name: {**vector, "vectorIndexConfig": {**HNSW, **vector.get("vectorIndexConfig", {})}}
               for name, vector in schema.get("vectorConfig", {}).items()}
    return {"vectorConfig": vectors, "invertedIndexConfig": schema.get("invertedIndexConfig") or {
                "bm25": {"b": 0.75, "k1": 1.2}, "cleanupIntervalSeconds": 60,
                "stopwords": {"preset": "en", "additions": None, "removals": None}},
            "replicationConfig": schema.get("replicationConfig") or {"factor": 1},
            "shardingConfig": schema.get("shardingConfig") or {
                "virtualPerPhysical": 0, "desiredCount": 0, "actualCount": 0, "desiredVirtualCount": 0,
                "actualVirtualCount": 0, "key": "", "strategy": "", "function": ""}}


class Grpc(weaviate_pb2_grpc.WeaviateServicer):
    def __init__(self, store: Store) -> None:
        self.store = store
        self.requests: list[Any] = []

    def BatchObjects(self, request: batch_pb2.BatchObjectsRequest, context: Any) -> batch_pb2.BatchObjectsReply:
        """Insert or replace by UUID; a tenant is made on first use (auto tenant creation)."""
        self.requests.append(request)
        with self.store.lock:
            for sent in request.objects:
                vector = np.frombuffer(sent.vector_bytes, dtype="<f4").copy()
                properties = dict(sent.properties.non_ref_properties.items())
                self.store.objects.setdefault((sent.collection, sent.tenant), {})[sent.uuid] = StoredObject(
                    properties, vector)
        return batch_pb2.BatchObjectsReply()

    def Search(self, request: search_get_pb2.SearchRequest, context: Any) -> search_get_pb2.SearchReply:
        """By ``_id`` filter, or nearest by cosine distance to ``near_vector``, or in UUID order."""
        self.requests.append(request)
        with self.store.lock:
            found = self._matching(request.collection, request.tenant, request, context)
        if request.HasField("near_vector"):
            query = np.frombuffer(request.near_vector.vectors[0].vector_bytes, dtype="<f4")
            ranked = sorted((_cosine_distance(stored.vector, query), uuid, stored) for uuid, stored in found.items())
        else:
            ranked = [(None, uuid, stored) for uuid, stored in sorted(found.items())]
        return search_get_pb2.SearchReply(results=[_result(uuid, stored, distance, request.metadata)
                                                   for distance, uuid, stored in ranked[:request.limit or None]])

    def BatchDelete(self, request: batch_delete_pb2.BatchDeleteRequest,
                    context: Any) -> batch_delete_pb2.BatchDeleteReply:
        self.requests.append(request)
        with self.store.lock:
            doomed = self._matching(request.collection, request.tenant, request, context)
            objects = self.store.objects.get((request.collection, request.tenant), {})
            for uuid in doomed:
                objects.pop(uuid, None)
        return batch_delete_pb2.BatchDeleteReply(matches=len(doomed), successful=len(doomed))

    def TenantsGet(self, request: tenants_pb2.TenantsGetRequest, context: Any) -> tenants_pb2.TenantsGetReply:
        self.requests.append(request)
        with self.store.lock:
            names = self.store.tenants(request.collection)
        return tenants_pb2.TenantsGetReply(tenants=[
            tenants_pb2.Tenant(name=name, activity_status=tenants_pb2.TENANT_ACTIVITY_STATUS_ACTIVE) for name in names])

    def Aggregate(self, request: aggregate_pb2.AggregateRequest, context: Any) -> aggregate_pb2.AggregateReply:
        self.requests.append(request)
        if not request.objects_count or request.aggregations or request.HasField("filters"):
            context.abort(grpc.StatusCode.UNIMPLEMENTED, "only a plain object count is served here")
        with self.store.lock:
            count = len(self.store.objects.get((request.collection, request.tenant), {}))
        return aggregate_pb2.AggregateReply(single_result=aggregate_pb2.AggregateReply.Single(objects_count=count))

    def _matching(self, collection: str, tenant: str, request: Any, context: Any) -> dict[str, StoredObject]:
        if collection not in self.store.classes:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no collection {collection}")
        if (collection, tenant) not in self.store.objects:
            context.abort(grpc.StatusCode.UNKNOWN, f'tenant not found: "{tenant}"')
        objects = self.store.objects[(collection, tenant)]
        if not request.HasField("filters"):
            return dict(objects)
        wanted = request.filters
        if (wanted.operator != base_pb2.Filters.OPERATOR_CONTAINS_ANY or list(wanted.target.ListFields()) == []
                or wanted.target.property != "_id"):
            context.abort(grpc.StatusCode.UNIMPLEMENTED, f"only _id ContainsAny filters are served here: {wanted}")
        return {uuid: objects[uuid] for uuid in wanted.value_text_array.values if uuid in objects}


def _cosine_distance(vector: np.ndarray, query: np.ndarray) -> float:
    return float(1 - vector @ query / (np.linalg.norm(vector) * np.linalg.norm(query)))


def _result(uuid: str, stored: StoredObject, distance: float | None,
            asked: search_get_pb2.MetadataRequest) -> search_get_pb2.SearchResult:
    metadata = search_get_pb2.MetadataResult(id=uuid)
    if asked.distance and distance is not None:
        metadata.distance, metadata.distance_present = distance, True
    if asked.vector:
        metadata.vectors.append(base_pb2.Vectors(name="default", vector_bytes=stored.vector.astype("<f4").tobytes(),
                                                 type=base_pb2.Vectors.VECTOR_TYPE_SINGLE_FP32))
    fields = {name: properties_pb2.Value(text_value=str(value)) for name, value in stored.properties.items()}
    return search_get_pb2.SearchResult(metadata=metadata, properties=search_get_pb2.PropertiesResult(
        non_ref_props=properties_pb2.Properties(fields=fields)))


@dataclass
class FakeWeaviate:
    url: str
    grpc_port: int
    store: Store
    servicer: Grpc


@contextmanager
def fake_weaviate() -> Iterator[FakeWeaviate]:
    store = Store()
    servicer = Grpc(store)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    weaviate_pb2_grpc.add_WeaviateServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        with serving(Rest(store), "the fake Weaviate") as url:
            yield FakeWeaviate(url, port, store, servicer)
    finally:
        server.stop(grace=None)
