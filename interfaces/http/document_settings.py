"""The admin's Documents page (Open WebUI 0.12.4's ``/api/v1/retrieval/config`` and
``/embedding``): what it saves of how files are chunked, how chunks are searched, whether files
dropped into chats are given whole (``RAG_FULL_CONTEXT``, ``BYPASS_EMBEDDING_AND_RETRIEVAL``) and
the RAG template is kept (``DocumentConfig``) and takes effect with the next file, search and prompt.

The page sends every field it shows at once. Those of what Annals does not have (other content
extraction engines, rerankers, cloud drives, web search) are accepted as long
as they ask for nothing (left as they are in force, or empty); one that asks for something is
refused (400, naming it) and nothing of the save is kept.

The embedding engine and model (``/embedding/update``) are the admin's choice over the server's
``RAG_EMBEDDING_ENGINE`` and ``RAG_EMBEDDING_MODEL``: a new one is tried first (400 saying why
if it cannot embed), then kept, and every chunk and memory is embedded anew with it in the
background (``application.retrieval.embedding_switch``). The answer then names the new model, and
``rebuild`` the one searches use until the new indexes are in force (null once they are), and
why the last try failed (``last_error``: it is tried again at every sweep until it succeeds or
another model is chosen). Keys are shown masked, as the connections' are."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException
from litestar.params import JSONBody
from litestar.status_codes import HTTP_400_BAD_REQUEST

from application.knowledge.document_config import ConfigureDocuments, DocumentConfig
from application.knowledge.embedding_config import ChooseEmbedding, EmbeddingConfig
from application.models.connections import mask
from application.retrieval.ports import EmbeddingChoice
from domain.knowledge.document_settings import KEPT
from infrastructure.embeddings.engines import environment_server
from infrastructure.index_rebuilds import IndexRebuilds
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
def update_document_settings(data: JSONBody[Json], user: NamedDependency[SessionUser],
                             document_config: NamedDependency[DocumentConfig]) -> Json:
    _refuse_unkept(data, d.RETRIEVAL, "these document settings")
    _refuse_unkept(data.get("web") or {}, d.WEB, "web search")
    document_config.configure(ConfigureDocuments(actor_id=user.id,
                                                 changes={k: v for k, v in data.items() if k in KEPT}))
    return {**d.RETRIEVAL, **document_config.current()}


class EmbeddingForm(msgspec.Struct, frozen=True, kw_only=True):
    """What the Documents page saves of the embedding (its other fields ask for nothing Annals has)."""

    RAG_EMBEDDING_ENGINE: str
    RAG_EMBEDDING_MODEL: str
    RAG_EMBEDDING_BATCH_SIZE: int | None = None
    openai_config: ServerForm | None = None
    ollama_config: ServerForm | None = None


class ServerForm(msgspec.Struct, frozen=True):
    url: str | None = None
    key: str | None = None


@get("/api/v1/retrieval/embedding", sync_to_thread=True, guards=[admins])
def embedding_settings(settings: NamedDependency[Settings], embedding_config: NamedDependency[EmbeddingConfig],
                       rebuilds: NamedDependency[IndexRebuilds]) -> Json:
    return _embedding(settings, embedding_config.chosen(), rebuilds)


@post("/api/v1/retrieval/embedding/update", status_code=200, sync_to_thread=True, guards=[admins], opt=reads())
def update_embedding_settings(data: JSONBody[Json], user: NamedDependency[SessionUser],
                              settings: NamedDependency[Settings],
                              embedding_config: NamedDependency[EmbeddingConfig],
                              rebuilds: NamedDependency[IndexRebuilds]) -> Json:
    """Restating the engine and model in force (the page saves them with the rest) records nothing."""
    try:
        form = msgspec.convert(data, EmbeddingForm)
    except msgspec.ValidationError as error:
        raise UnkeptDocumentSettingError(detail=f"{error}; nothing was changed.") from None
    chosen = embedding_config.chosen()
    embedding_config.choose(ChooseEmbedding(actor_id=user.id, choice=_choice(form, chosen, settings)))
    return _embedding(settings, embedding_config.chosen(), rebuilds)


def _choice(form: EmbeddingForm, chosen: EmbeddingChoice, settings: Settings) -> EmbeddingChoice:
    """What the form asks for; an address or key it leaves out, or a key sent back as it was shown
    (masked), is the one in force for that engine."""
    server = {"openai": form.openai_config, "ollama": form.ollama_config}.get(form.RAG_EMBEDDING_ENGINE)
    url, key = _server(settings, chosen, form.RAG_EMBEDDING_ENGINE)
    if server and server.url is not None:
        url = server.url.rstrip("/")
    if server and server.key is not None and server.key != mask(key):
        key = server.key
    return EmbeddingChoice(engine=form.RAG_EMBEDDING_ENGINE, model=form.RAG_EMBEDDING_MODEL.strip(), base_url=url,
                           key=key, batch_size=form.RAG_EMBEDDING_BATCH_SIZE or chosen.batch_size)


def _embedding(settings: Settings, chosen: EmbeddingChoice, rebuilds: IndexRebuilds) -> Json:
    in_force = rebuilds.in_force()
    servers = {engine: {"url": url, "key": mask(key)}
               for engine in ("openai", "ollama") for url, key in [_server(settings, chosen, engine)]}
    return {**d.EMBEDDING, "RAG_EMBEDDING_ENGINE": chosen.engine, "RAG_EMBEDDING_MODEL": chosen.model,
            "RAG_EMBEDDING_BATCH_SIZE": chosen.batch_size, "openai_config": servers["openai"],
            "ollama_config": servers["ollama"],
            "rebuild": None if chosen.same_vectors(in_force) else {
                "status": "running", "last_error": rebuilds.last_failure(),
                "searching_with": {"RAG_EMBEDDING_ENGINE": in_force.engine, "RAG_EMBEDDING_MODEL": in_force.model}}}


def _server(settings: Settings, chosen: EmbeddingChoice, engine: str) -> tuple[str, str]:
    """The address and key of ``engine``'s server: the admin's if it is the engine chosen, else the
    environment's."""
    return (chosen.base_url, chosen.key) if chosen.engine == engine else environment_server(settings.rag, engine)


def _refuse_unkept(sent: Json, in_force: Json, what: str) -> None:
    """A field Annals shows but does not keep may come back as it was, or empty; anything else is refused."""
    for name, value in sent.items():
        if name in KEPT or name in READ_ONLY or name == "web" or name not in in_force:
            continue
        if value != in_force[name] and (value or in_force[name]):
            raise UnkeptDocumentSettingError.asking(name, what)


ROUTES = [document_settings, update_document_settings, embedding_settings, update_embedding_settings]
