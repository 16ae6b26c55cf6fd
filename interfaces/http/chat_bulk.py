"""What Open WebUI 0.12.4's chat menus and Settings > Data Controls do to a person's chats at once,
or ask of one: whether it is pinned, its chats by tag, archive and unarchive all, delete all, export
all (NDJSON, as Open WebUI streams it), the archived ones' export, the chat's own parameters, and for
admins the export of everyone's chats. Each change is one save of every chat it touches, and running
it again changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Annotated, Any

import anyio
import msgspec
from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException
from litestar.params import FromPath, JSONBody
from litestar.response import Stream

from application.chats import commands as c
from application.chats.copy_commands import ArchiveChats
from application.chats.service import Chats
from domain.chats.message import ChatState
from domain.chats.tags import tag_id
from infrastructure.settings import Settings
from interfaces.http.access import admins, members
from interfaces.http.auth import SessionUser
from interfaces.http.chat_documents import digest
from interfaces.http.forms import Form
from interfaces.http.ids import existing_id
from interfaces.http.own_chats import owned
from interfaces.http.permissions import require
from projections.chat_reads.queries import ChatReadQueries
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.runtime.settling import reads

Json = dict[str, Any]


class TagFilterForm(Form):
    name: Annotated[str, msgspec.Meta(max_length=255)]
    skip: Annotated[int, msgspec.Meta(ge=0)] | None = 0
    limit: Annotated[int, msgspec.Meta(ge=1, le=1000)] | None = 50


@get("/api/v1/chats/{chat_id:str}/pinned", guards=[members])
async def pinned_status(chat_id: FromPath[str], user: NamedDependency[SessionUser],
                        chat_views: NamedDependency[ChatQueries]) -> bool:
    """The chat's menu asks it each time it opens."""
    summary = await anyio.to_thread.run_sync(_own_summary, chat_views, chat_id, user)
    return bool(summary["pinned"])


@post("/api/v1/chats/tags", status_code=200, guards=[members], opt=reads())
async def chats_by_tag(data: JSONBody[TagFilterForm], user: NamedDependency[SessionUser],
                       chat_views: NamedDependency[ChatQueries],
                       chat_reads: NamedDependency[ChatReadQueries]) -> list[Json]:
    return await anyio.to_thread.run_sync(_tagged, data, user, chat_views, chat_reads)


@post("/api/v1/chats/archive/all", status_code=200, guards=[members], opt=reads(ChatViews, as_of_request=True))
async def archive_all(user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                      chat_views: NamedDependency[ChatQueries]) -> bool:
    return await anyio.to_thread.run_sync(_archive_all, True, user, chats, chat_views)


@post("/api/v1/chats/unarchive/all", status_code=200, guards=[members], opt=reads(ChatViews, as_of_request=True))
async def unarchive_all(user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                        chat_views: NamedDependency[ChatQueries]) -> bool:
    return await anyio.to_thread.run_sync(_archive_all, False, user, chats, chat_views)


@delete("/api/v1/chats/", status_code=200, guards=[members], opt=reads(ChatViews, as_of_request=True))
async def delete_all(user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                     chat_views: NamedDependency[ChatQueries]) -> bool:
    """Every chat of the person, archived ones too (``chat.delete``, as for one)."""
    require(user, "chat.delete")
    await anyio.to_thread.run_sync(_delete_all, user, chats, chat_views)
    return True


@get("/api/v1/chats/all", guards=[members])
async def export_all(user: NamedDependency[SessionUser], chat_views: NamedDependency[ChatQueries]) -> Stream:
    """Every chat of the person as Open WebUI's ChatResponse, one per line, newest first."""
    require(user, "chat.export")
    chat_ids = await anyio.to_thread.run_sync(chat_views.ids_newest_first, user.id)
    return Stream(_lines(chat_views, chat_ids), media_type="application/x-ndjson")


@get("/api/v1/chats/all/archived", guards=[members])
async def export_archived(user: NamedDependency[SessionUser], chat_views: NamedDependency[ChatQueries]) -> list[Json]:
    """The Archived Chats dialog's export."""
    require(user, "chat.export")
    return await anyio.to_thread.run_sync(_archived, user, chat_views)


@get("/api/v1/chats/all/db", guards=[admins])
async def export_everyones(settings: NamedDependency[Settings], chat_views: NamedDependency[ChatQueries]) -> Stream:
    """Admin settings > Database: everyone's chats, one JSON list, written a chat at a time. Only
    while admins may export and may read others' chats (``ENABLE_ADMIN_EXPORT``,
    ``ENABLE_ADMIN_CHAT_ACCESS``)."""
    if not (settings.admin_export and settings.admin_chat_access):
        raise NotAuthorizedException("Admins may not export others' chats here (ENABLE_ADMIN_EXPORT and "
                                     "ENABLE_ADMIN_CHAT_ACCESS must both be on).")
    chat_ids = await anyio.to_thread.run_sync(chat_views.ids_newest_first, None)
    return Stream(_listed(_lines(chat_views, chat_ids)), media_type="application/json")


@patch("/api/v1/chats/{chat_id:str}/params", status_code=200, guards=[members], opt=reads(ChatViews))
async def update_params(chat_id: FromPath[str], data: JSONBody[dict[str, Any]], user: NamedDependency[SessionUser],
                        chats: NamedDependency[Chats],
                        chat_views: NamedDependency[ChatQueries]) -> Json:
    """The chat controls' parameters (system prompt, temperature...), merged into the chat's own."""
    return await anyio.to_thread.run_sync(_update_params, chat_id, data, user, chats, chat_views)


def _own_summary(chat_views: ChatQueries, chat_id: str, user: SessionUser) -> Json:
    return owned(chat_views.summary(chat_id), chat_id, user)


def _tagged(data: TagFilterForm, user: SessionUser, chat_views: ChatQueries, chat_reads: ChatReadQueries) -> list[Json]:
    chats = chat_views.list_tagged(user.id, tag_id(data.name), skip=data.skip or 0, limit=data.limit or 50)
    return [{"id": x["id"], "title": x["title"], "updated_at": x["updated_at"], "created_at": x["created_at"],
             "last_read_at": x["last_read_at"], "snippet": None, "active": False, "archived": x["archived"]}
            for x in chat_reads.with_last_read(chats)]


def _every_chat_id(chat_views: ChatQueries, user: SessionUser) -> list[uuid.UUID]:
    """Once the view has every change made before the request (its route reads the chats view as of
    the request): none of the person's chats is missed."""
    return [uuid.UUID(chat_id) for chat_id in chat_views.ids_of(user.id)]


def _archive_all(archived: bool, user: SessionUser, chats: Chats, chat_views: ChatQueries) -> bool:
    chats.archive_chats(ArchiveChats(owner_id=user.id, archived=archived,
                                     chat_ids=tuple(_every_chat_id(chat_views, user))))
    return True


def _delete_all(user: SessionUser, chats: Chats, chat_views: ChatQueries) -> None:
    chats.delete_chats_of(c.DeleteChatsOf(owner_id=user.id, chat_ids=_every_chat_id(chat_views, user)))


def _lines(chat_views: ChatQueries, chat_ids: list[str]) -> Iterator[bytes]:
    """Read one chat at a time, so a long history is never held whole; one deleted meanwhile is left out."""
    for chat_id in chat_ids:
        chat = chat_views.get_chat(chat_id)
        if chat is not None:
            yield msgspec.json.encode(chat) + b"\n"


def _listed(lines: Iterator[bytes]) -> Iterator[bytes]:
    """The lines as the items of one JSON list."""
    yield b"["
    for index, line in enumerate(lines):
        yield (b"," if index else b"") + line.rstrip(b"\n")
    yield b"]"


def _chats(chat_views: ChatQueries, chat_ids: list[str]) -> list[Json]:
    return [chat for chat in map(chat_views.get_chat, chat_ids) if chat is not None]


def _archived(user: SessionUser, chat_views: ChatQueries) -> list[Json]:
    archived = chat_views.list_chats(user.id, archived=True)
    return _chats(chat_views, [chat["id"] for chat in archived])


def _update_params(chat_id: str, changes: Json, user: SessionUser, chats: Chats, chat_views: ChatQueries) -> Json:
    current = _own_params(chat_views, chat_id, user)
    params = {**current, **changes}
    state = ChatState(title=None, properties={"params": params}, property_digests={"params": digest(params)},
                      messages=(), current_message_id=None)
    chats.update_chat(c.UpdateChat(chat_id=existing_id(chat_id), actor_id=user.id, state=state))
    return params


def _own_params(chat_views: ChatQueries, chat_id: str, user: SessionUser) -> Json:
    return dict(owned(chat_views.get_chat(chat_id), chat_id, user)["chat"].get("params") or {})


ROUTES = [pinned_status, chats_by_tag, archive_all, unarchive_all, delete_all, export_all, export_archived,
          export_everyones, update_params]
