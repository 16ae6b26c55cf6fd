"""/api/v1/memories/*: a person's memories, as Open WebUI 0.12.4's app calls them
(``routers/memories.py``): list, add, query, reset, delete all, update, delete one.

Only their owner ever reads, queries or changes them: an admin included, nobody else is answered
anything of another's (another's memory is not found, 404). As in Open WebUI, the admin's
``ENABLE_MEMORIES`` off makes every route not found (404), and a member without
``features.memories`` is refused (403); admins may always."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
import structlog
from litestar import delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_403_FORBIDDEN

from application.identity.service import Identity
from application.knowledge.document_config import DocumentConfig
from application.memories import commands as m
from application.memories.context import RECALLED, user_context
from application.memories.index import MemoryIndex
from application.memories.service import Memories
from application.retrieval.ports import EmbeddingError, IndexStaleError
from domain.memories.errors import MemoryNotFoundError
from domain.memories.memory import MAX_CONTENT
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.errors import NOT_FOUND
from interfaces.http.forms import Form
from interfaces.http.ids import existing_id
from interfaces.http.permissions import may, require
from projections.memories.projector import MemoryViews
from projections.memories.queries import MemoryQueries
from projections.runtime.settling import reads

log = structlog.get_logger()
Json = dict[str, Any]
Content = Annotated[str, msgspec.Meta(max_length=MAX_CONTENT)]
NO_MEMORIES = "No memories found for user"


class MemoryForm(Form):
    content: Content


class QueryMemoryForm(Form):
    content: Annotated[str, msgspec.Meta(max_length=10_000)]
    k: Annotated[int, msgspec.Meta(ge=1, le=100)] | None = 1


@get("/api/v1/memories/", sync_to_thread=True, guards=[members])
def list_memories(user: NamedDependency[SessionUser], identity: NamedDependency[Identity],
                  memory_views: NamedDependency[MemoryQueries]) -> list[Json]:
    _may_remember(user, identity)
    return memory_views.list_memories(user.id)


@post("/api/v1/memories/add", status_code=200, sync_to_thread=True, guards=[members], opt=reads(MemoryViews))
def add_memory(data: JSONBody[MemoryForm], user: NamedDependency[SessionUser], identity: NamedDependency[Identity],
               memories: NamedDependency[Memories], memory_views: NamedDependency[MemoryQueries]) -> Json:
    _may_remember(user, identity)
    memory_id = uuid.uuid4()
    memories.add_memory(m.AddMemory(memory_id=memory_id, owner_id=user.id, content=data.content))
    return _memory(memory_views, user, memory_id)


@post("/api/v1/memories/query", status_code=200, sync_to_thread=True, guards=[members],
      opt=reads(MemoryViews, as_of_request=True))
def query_memories(data: JSONBody[QueryMemoryForm], user: NamedDependency[SessionUser],
                   identity: NamedDependency[Identity],
                   document_config: NamedDependency[DocumentConfig], memory_views: NamedDependency[MemoryQueries],
                   memory_index: NamedDependency[MemoryIndex]) -> Json:
    """Open WebUI's ``SearchResult``: one list each (one query) of ids, texts, metadata and
    similarities, most similar first, none below the Documents settings' relevance threshold."""
    _may_remember(user, identity)
    if not memory_views.ids_of(user.id):
        raise NotFoundException(NO_MEMORIES)
    threshold = document_config.retrieval_settings().relevance_threshold
    recalled = memory_index.recall(user.id, data.content, data.k or 1, threshold)
    return {"ids": [[r.memory["id"] for r in recalled]], "documents": [[r.memory["content"] for r in recalled]],
            "metadatas": [[{"created_at": r.memory["created_at"], "updated_at": r.memory["updated_at"]}
                           for r in recalled]],
            "distances": [[r.similarity for r in recalled]]}


@post("/api/v1/memories/reset", status_code=200, sync_to_thread=True, guards=[members],
      opt=reads(MemoryViews, as_of_request=True))
def reset_memories(user: NamedDependency[SessionUser], identity: NamedDependency[Identity],
                   memory_index: NamedDependency[MemoryIndex]) -> bool:
    """The caller's memories embedded anew into their collection (nothing in the log changes)."""
    _may_remember(user, identity)
    memory_index.reindex(user.id)
    return True


@delete("/api/v1/memories/delete/user", status_code=200, sync_to_thread=True, guards=[members],
        opt=reads(MemoryViews, as_of_request=True))
def delete_all_memories(user: NamedDependency[SessionUser], identity: NamedDependency[Identity],
                        memories: NamedDependency[Memories], memory_views: NamedDependency[MemoryQueries]) -> bool:
    _may_remember(user, identity)
    memories.delete_memories_of(m.DeleteMemoriesOf(
        owner_id=user.id, memory_ids=[uuid.UUID(i) for i in memory_views.ids_of(user.id)], actor_id=user.id))
    return True


@post("/api/v1/memories/{memory_id:str}/update", status_code=200, sync_to_thread=True, guards=[members],
      opt=reads(MemoryViews))
def update_memory(memory_id: FromPath[str], data: JSONBody[MemoryForm], user: NamedDependency[SessionUser],
                  identity: NamedDependency[Identity], memories: NamedDependency[Memories],
                  memory_views: NamedDependency[MemoryQueries]) -> Json:
    _may_remember(user, identity)
    command = m.UpdateMemory(memory_id=existing_id(memory_id), actor_id=user.id, content=data.content)
    memories.update_memory(command)
    return _memory(memory_views, user, command.memory_id)


@delete("/api/v1/memories/{memory_id:str}", status_code=200, sync_to_thread=True, guards=[members],
        opt=reads(MemoryViews))
def delete_memory(memory_id: FromPath[str], user: NamedDependency[SessionUser], identity: NamedDependency[Identity],
                  memories: NamedDependency[Memories]) -> bool:
    _may_remember(user, identity)
    memories.delete_memory(m.DeleteMemory(memory_id=existing_id(memory_id), actor_id=user.id))
    return True


def remembered(features: Json | None, said: str, user: SessionUser, identity: Identity,
               document_config: DocumentConfig, memory_index: MemoryIndex) -> str:
    """What a chat request that asks for memories (``features.memory``) puts before the model: the
    caller's nearest memories, if they may keep any; otherwise, or if the embedding engine fails
    (the reply goes on without them, as in Open WebUI), or the index is stale, nothing."""
    if not (features or {}).get("memory") or not said.strip():
        return ""
    if not identity.auth_config().get("ENABLE_MEMORIES") or not may(user, "features.memories"):
        return ""
    try:
        threshold = document_config.retrieval_settings().relevance_threshold
        return user_context(memory_index.recall(user.id, said, RECALLED, threshold))
    except (EmbeddingError, IndexStaleError) as error:
        log.warning("memories.not_recalled", user_id=user.id, error=str(error))
        return ""


def _may_remember(user: SessionUser, identity: Identity) -> None:
    if not identity.auth_config().get("ENABLE_MEMORIES"):
        raise NotFoundException(NOT_FOUND)
    require(user, "features.memories", status=HTTP_403_FORBIDDEN)


def _memory(memory_views: MemoryQueries, user: SessionUser, memory_id: uuid.UUID) -> Json:
    found = memory_views.get_memories(user.id, [str(memory_id)]).get(str(memory_id))
    if found is None:  # deleted since, in another request
        raise MemoryNotFoundError(memory_id)
    return found


ROUTES = [list_memories, add_memory, query_memories, reset_memories, delete_all_memories, update_memory,
          delete_memory]
