"""The admin's Documents page (Open WebUI 0.12.4's ``/api/v1/retrieval/config`` and
``/embedding``): what it saves of how files are chunked, how chunks are searched, whether files
dropped into chats are given whole (``RAG_FULL_CONTEXT``, ``BYPASS_EMBEDDING_AND_RETRIEVAL``) and
the RAG template is kept (``DocumentConfig``) and takes effect with the next file, search and prompt.

The page sends every field it shows at once. Those of what Annals does not have (other content
extraction engines, rerankers, cloud drives, web search) are accepted as long
as they ask for nothing (left as they are in force, or empty); one that asks for something is
refused (400, naming it) and nothing of the save is kept. The embedding engine and model are the
server's (``RAG_EMBEDDING_ENGINE``, ``RAG_EMBEDDING_MODEL``): shown, and a save that would change
them is refused, since every chunk and memory would have to be embedded anew."""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_400_BAD_REQUEST

from application.knowledge.document_config import ConfigureDocuments, DocumentConfig
from domain.knowledge.document_settings import KEPT
from infrastructure.settings import Settings
from interfaces.http import unkept_defaults as d
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from projections.runtime.settling import reads

Json = dict[str, Any]
READ_ONLY = frozenset({"status"})


class UnkeptDocumentSettingError(HTTPException):
    status_code = HTTP_400_BAD_REQUEST

    @classmethod
    def asking(cls, name: str, what: str) -> UnkeptDocumentSettingError:
        return cls(detail=f"{name}: Annals does not have {what} yet, so it cannot be changed; nothing was changed.")


@get("/api/v1/retrieval/config", sync_to_thread=True, guards=[admins])
def document_settings(document_config: NamedDependency[DocumentConfig]) -> Json:
    return {**d.RETRIEVAL, **document_config.current()}


@post("/api/v1/retrieval/config/update", status_code=200, sync_to_thread=True, guards=[admins], opt=reads())
def update_document_settings(data: Json, user: NamedDependency[SessionUser],
                             document_config: NamedDependency[DocumentConfig]) -> Json:
    _refuse_unkept(data, d.RETRIEVAL, "these document settings")
    _refuse_unkept(data.get("web") or {}, d.WEB, "web search")
    document_config.configure(ConfigureDocuments(actor_id=user.id,
                                                 changes={k: v for k, v in data.items() if k in KEPT}))
    return {**d.RETRIEVAL, **document_config.current()}


@get("/api/v1/retrieval/embedding", sync_to_thread=False, guards=[admins])
def embedding_settings(settings: NamedDependency[Settings]) -> Json:
    return _embedding(settings)


@post("/api/v1/retrieval/embedding/update", status_code=200, sync_to_thread=False, guards=[admins], opt=reads())
def update_embedding_settings(data: Json, settings: NamedDependency[Settings]) -> Json:
    """Accepted when it restates the engine and model in force (the page saves them with the rest)."""
    in_force = _embedding(settings)
    for name in ("RAG_EMBEDDING_ENGINE", "RAG_EMBEDDING_MODEL"):
        if name in data and data[name] != in_force[name]:
            raise UnkeptDocumentSettingError(
                detail=f"{name}: the embedding engine and model are the server's (set RAG_EMBEDDING_ENGINE and "
                       f"RAG_EMBEDDING_MODEL); changing them here would leave every chunk and memory embedded by "
                       f"the old model, so it is refused; nothing was changed.")
    return in_force


def _embedding(settings: Settings) -> Json:
    return {**d.EMBEDDING, "RAG_EMBEDDING_ENGINE": settings.rag.embedding_engine,
            "RAG_EMBEDDING_MODEL": settings.rag.embedding_model,
            "RAG_EMBEDDING_BATCH_SIZE": settings.rag.embedding_batch_size}


def _refuse_unkept(sent: Json, in_force: Json, what: str) -> None:
    """A field Annals shows but does not keep may come back as it was, or empty; anything else is refused."""
    for name, value in sent.items():
        if name in KEPT or name in READ_ONLY or name == "web" or name not in in_force:
            continue
        if value != in_force[name] and (value or in_force[name]):
            raise UnkeptDocumentSettingError.asking(name, what)


ROUTES = [document_settings, update_document_settings, embedding_settings, update_embedding_settings]
