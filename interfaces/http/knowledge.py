"""/api/v1/knowledge/*: the Workspace's knowledge bases, as Open WebUI 0.12.4's app calls them
(``routers/knowledge.py``): lists, search, create, read, update, share, delete, reset.

Who may see a base: its owner, admins, and the holders of a read grant (to them, to a group of
theirs, to everyone signed in); who may change it: its owner, admins, and write grants. A base
someone may not read does not exist for them (404, recorded as a refusal); changing one they may
only read is refused (403). Creating one needs ``workspace.knowledge``, sharing it
``sharing.knowledge`` (everyone signed in: ``sharing.public_knowledge``). Admins see every base in
their lists unless ``BYPASS_ADMIN_ACCESS_CONTROL`` is off, as in Open WebUI.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter

from application.access.resources import Action, Kind, Principal
from application.access.rules import permits
from application.audit.past_reads import PastReads
from application.knowledge import commands as k
from application.knowledge.service import Knowledge
from domain.knowledge.base import KnowledgeBase
from domain.knowledge.errors import ForeignKnowledgeError, KnowledgeNotFoundError
from infrastructure.settings import Settings
from interfaces.http.access import members
from interfaces.http.as_of import AS_OF, as_it_was
from interfaces.http.auth import SessionUser
from interfaces.http.authorisation import principal_of
from interfaces.http.bounds import PAGE
from interfaces.http.forms import Form
from interfaces.http.idempotency import once
from interfaces.http.ids import existing_id
from interfaces.http.permissions import require, require_shareable, shareable
from projections.knowledge.projector import KnowledgeViews
from projections.knowledge.queries import KnowledgeQueries, Listing, Reader
from projections.runtime.settling import reads

PAGE_SIZE = 30  # Open WebUI's PAGE_ITEM_COUNT
Json = dict[str, Any]
Query = Annotated[str, msgspec.Meta(max_length=1000)]


class KnowledgeForm(Form):
    name: Annotated[str, msgspec.Meta(max_length=1000)]
    description: Annotated[str, msgspec.Meta(max_length=10_000)]
    access_grants: list[Json] | None = None
    """Grants given on create; an update leaves them as they are (they change through ``access/update``)."""
    data: Json | None = None
    """Sent by the app's update, and ignored, as Open WebUI ignores it."""


class KnowledgeAccessForm(Form):
    access_grants: list[Json]


@get("/api/v1/knowledge/", sync_to_thread=True, guards=[members])
def list_knowledge(user: NamedDependency[SessionUser], settings: NamedDependency[Settings],
                   knowledge_views: NamedDependency[KnowledgeQueries],
                   page: int = Parameter(default=1, **PAGE)) -> Json:
    return _page(knowledge_views, _reader(user, settings), Listing(), page)


@get("/api/v1/knowledge/search", sync_to_thread=True, guards=[members])
def search_knowledge(user: NamedDependency[SessionUser], settings: NamedDependency[Settings],
                     knowledge_views: NamedDependency[KnowledgeQueries],
                     text: Annotated[str | None, QueryParameter(name="query", max_length=1000)] = None,
                     view_option: FromQuery[Query | None] = None,
                     source: FromQuery[Query | None] = None, order_by: FromQuery[Query | None] = None,
                     direction: FromQuery[Query | None] = None,
                     page: int = Parameter(default=1, **PAGE)) -> Json:
    """Every base is local (external sources come later), so ``source=external`` finds none."""
    if source == "external":
        return {"items": [], "total": 0}
    listing = Listing(query=text, view_option=view_option, order_by=order_by, direction=direction)
    return _page(knowledge_views, _reader(user, settings), listing, page)


@post("/api/v1/knowledge/create", status_code=200, guards=[members], opt=reads(KnowledgeViews))
async def create_knowledge(request: Request[Any, Any, Any], data: JSONBody[KnowledgeForm],
                           user: NamedDependency[SessionUser],
                           knowledge: NamedDependency[Knowledge],
                           knowledge_views: NamedDependency[KnowledgeQueries]) -> Json:
    require(user, "workspace.knowledge")
    key = once(request, user, "knowledge.create", data)
    command = k.CreateKnowledge(knowledge_id=key.created_id() if key else uuid.uuid4(), owner_id=user.id,
                                name=data.name, description=data.description,
                                access_grants=shareable(user, data.access_grants or [], "knowledge"), once=key)

    def created() -> Json:
        knowledge.create_knowledge(command)
        return {**_base(knowledge_views, command.knowledge_id), "files": None}

    return await anyio.to_thread.run_sync(created)


@get("/api/v1/knowledge/{knowledge_id:str}", sync_to_thread=True, guards=[members])
def get_knowledge(knowledge_id: FromPath[str], request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                  knowledge: NamedDependency[Knowledge], knowledge_views: NamedDependency[KnowledgeQueries],
                  past_reads: NamedDependency[PastReads], as_of: str | None = AS_OF) -> Json:
    if as_of is not None:
        past = as_it_was(request, past_reads, user, "knowledge", knowledge_id, as_of, _readable_or_disclosed)
        return {**past, "files": None}
    base = knowledge.readable(existing_id(knowledge_id), user.id, user.is_admin, user.group_ids)
    write_access = permits(principal_of(user), Action.WRITE, Kind.KNOWLEDGE, base.owner_id, base.grants)
    return {**_base(knowledge_views, base.id), "files": None, "write_access": write_access}


@post("/api/v1/knowledge/{knowledge_id:str}/update", status_code=200, guards=[members], opt=reads(KnowledgeViews))
async def update_knowledge(knowledge_id: FromPath[str], data: JSONBody[KnowledgeForm],
                           user: NamedDependency[SessionUser],
                           knowledge: NamedDependency[Knowledge],
                           knowledge_views: NamedDependency[KnowledgeQueries]) -> Json:
    command = k.UpdateKnowledge(**acting(user, knowledge_id), name=data.name, description=data.description)
    return await changed(knowledge_views, knowledge.update_knowledge, command)


@post("/api/v1/knowledge/{knowledge_id:str}/access/update", status_code=200, guards=[members],
      opt=reads(KnowledgeViews))
async def change_knowledge_access(knowledge_id: FromPath[str], data: JSONBody[KnowledgeAccessForm],
                                  user: NamedDependency[SessionUser],
                                  knowledge: NamedDependency[Knowledge],
                                  knowledge_views: NamedDependency[KnowledgeQueries]) -> Json:
    def command() -> k.ChangeKnowledgeAccess:
        knowledge.writable(existing_id(knowledge_id), user.id, user.is_admin, user.group_ids)  # 404 before 403
        require_shareable(user, data.access_grants, "knowledge")
        return k.ChangeKnowledgeAccess(**acting(user, knowledge_id), access_grants=data.access_grants)

    return await changed(knowledge_views, knowledge.change_knowledge_access, await anyio.to_thread.run_sync(command))


@post("/api/v1/knowledge/{knowledge_id:str}/reset", status_code=200, guards=[members], opt=reads(KnowledgeViews))
async def reset_knowledge(knowledge_id: FromPath[str], user: NamedDependency[SessionUser],
                          knowledge: NamedDependency[Knowledge],
                          knowledge_views: NamedDependency[KnowledgeQueries]) -> Json:
    """The base without its files (the files themselves are kept)."""
    command = k.ResetKnowledge(**acting(user, knowledge_id))

    def reset() -> Json:
        knowledge.reset_knowledge(command)
        return {**_base(knowledge_views, command.knowledge_id), "files": None}

    return await anyio.to_thread.run_sync(reset)


@delete("/api/v1/knowledge/{knowledge_id:str}/delete", status_code=200, guards=[members],
        opt=reads(KnowledgeViews))
async def delete_knowledge(knowledge_id: FromPath[str], user: NamedDependency[SessionUser],
                           knowledge: NamedDependency[Knowledge]) -> bool:
    await anyio.to_thread.run_sync(knowledge.delete_knowledge, k.DeleteKnowledge(**acting(user, knowledge_id)))
    return True


def acting(user: SessionUser, knowledge_id: str) -> Json:
    """Who gives a command on a base: their grants come to them directly or through their groups."""
    return {"knowledge_id": existing_id(knowledge_id), "actor_id": user.id, "actor_is_admin": user.is_admin,
            "actor_group_ids": user.group_ids}


async def changed(knowledge_views: KnowledgeQueries, run: Any, command: k.KnowledgeCommand) -> Json:
    """Run the command, and answer the base as it now is with its files (``KnowledgeFilesResponse``):
    the one who changed it may write to it."""
    def run_and_read() -> Json:
        run(command)
        knowledge_id = str(command.knowledge_id)
        return {**_base(knowledge_views, command.knowledge_id),
                "files": knowledge_views.file_metadatas(knowledge_id), "write_access": True}

    return await anyio.to_thread.run_sync(run_and_read)


def _base(knowledge_views: KnowledgeQueries, knowledge_id: uuid.UUID) -> Json:
    base = knowledge_views.get_base(str(knowledge_id))
    if base is None:  # deleted since, by someone else
        raise KnowledgeNotFoundError(knowledge_id)
    return base


def _readable_or_disclosed(base: KnowledgeBase, user: SessionUser) -> str | None:
    """Its readers may read its past; an admin may read any other as someone else's."""
    if permits(Principal.acting(user.id, False, user.group_ids), Action.READ, Kind.KNOWLEDGE, base.owner_id,
               base.grants):
        return None
    if not user.is_admin:
        raise ForeignKnowledgeError(base.id, user.id)
    return base.owner_id


def _reader(user: SessionUser, settings: Settings) -> Reader:
    return Reader(user.id, user.group_ids, sees_all=user.is_admin and settings.bypass_admin_access_control)


def _page(knowledge_views: KnowledgeQueries, reader: Reader, listing: Listing, page: int) -> Json:
    """Open WebUI's ``KnowledgeAccessListResponse``: each base with whether the caller may change it."""
    items, total = knowledge_views.list_bases(reader, listing, skip=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    writable = knowledge_views.writable_ids(reader, [item["id"] for item in items])
    return {"items": [{**item, "write_access": reader.sees_all or item["id"] in writable} for item in items],
            "total": total}


ROUTES = [list_knowledge, search_knowledge, create_knowledge, get_knowledge, update_knowledge,
          change_knowledge_access, reset_knowledge, delete_knowledge]
