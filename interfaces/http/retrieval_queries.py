"""/api/v1/retrieval/query/doc and /query/collection: the chunks of knowledge bases nearest a
question, with Open WebUI 0.12.4's forms and answers (``routers/retrieval.py``): lists of one
list each (one query) of distances (here cosine similarities), texts and metadata, best first.

A collection is a knowledge base's id; a caller names only bases they may read, else the whole
query is answered 404 (a base they may not read does not exist for them). ``k``, ``k_reranker``,
``r`` and ``hybrid_bm25_weight`` override the Documents settings for this query; whether search is
hybrid is the settings' word, as in Open WebUI. A POST that changes nothing: it reads no view
(access is the knowledge base's own word, the chunks the indexes')."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import msgspec
from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.knowledge.document_config import DocumentConfig
from application.knowledge.service import Knowledge
from application.retrieval.hybrid import RetrievalSettings
from application.retrieval.ports import Hit
from infrastructure.retrieval import RetrievalLayer
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.forms import Form
from interfaces.http.ids import existing_id
from projections.runtime.settling import reads

Json = dict[str, Any]
CollectionName = Annotated[str, msgspec.Meta(max_length=100)]
Question = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
TopK = Annotated[int, msgspec.Meta(ge=1, le=100)]


class QueryOptions(Form, kw_only=True):
    query: Question
    k: TopK | None = None
    k_reranker: TopK | None = None
    r: Annotated[float, msgspec.Meta(ge=0, le=1)] | None = None
    hybrid: bool | None = None
    """Sent by scripts, and ignored as Open WebUI ignores it: the settings choose."""
    hybrid_bm25_weight: Annotated[float, msgspec.Meta(ge=0, le=1)] | None = None


class QueryDocForm(QueryOptions, kw_only=True):
    collection_name: CollectionName


class QueryCollectionForm(QueryOptions, kw_only=True):
    collection_names: Annotated[list[CollectionName], msgspec.Meta(max_length=100)]


@post("/api/v1/retrieval/query/doc", status_code=200, sync_to_thread=True, guards=[members],
      opt=reads())
def query_doc(data: JSONBody[QueryDocForm], user: NamedDependency[SessionUser],
              document_config: NamedDependency[DocumentConfig],
              knowledge: NamedDependency[Knowledge], retrieval: NamedDependency[RetrievalLayer]) -> Json:
    hits = _hits(data, [data.collection_name], user, document_config, knowledge, retrieval)
    return {"ids": [[hit.chunk.id for hit in hits]], **_answer(hits)}


@post("/api/v1/retrieval/query/collection", status_code=200, sync_to_thread=True, guards=[members],
      opt=reads())
def query_collection(data: JSONBody[QueryCollectionForm], user: NamedDependency[SessionUser],
                     document_config: NamedDependency[DocumentConfig], knowledge: NamedDependency[Knowledge],
                     retrieval: NamedDependency[RetrievalLayer]) -> Json:
    return _answer(_hits(data, data.collection_names, user, document_config, knowledge, retrieval))


def _hits(options: QueryOptions, collections: Sequence[str], user: SessionUser, document_config: DocumentConfig,
          knowledge: Knowledge, retrieval: RetrievalLayer) -> list[Hit]:
    for name in collections:
        knowledge.readable(existing_id(name), user.id, user.is_admin, user.group_ids)
    chosen = _settings(options, document_config)
    return retrieval.retriever.retrieve(options.query, list(dict.fromkeys(collections)), chosen)


def _settings(options: QueryOptions, document_config: DocumentConfig) -> RetrievalSettings:
    chosen = document_config.retrieval_settings()
    return msgspec.structs.replace(
        chosen, top_k=options.k or chosen.top_k, top_k_reranker=options.k_reranker or chosen.top_k_reranker,
        relevance_threshold=chosen.relevance_threshold if options.r is None else options.r,
        hybrid_bm25_weight=chosen.hybrid_bm25_weight if options.hybrid_bm25_weight is None
        else options.hybrid_bm25_weight)


def _answer(hits: Sequence[Hit]) -> Json:
    return {"distances": [[hit.score for hit in hits]], "documents": [[hit.chunk.text for hit in hits]],
            "metadatas": [[hit.chunk.metadata for hit in hits]]}


ROUTES = [query_doc, query_collection]
