"""/api/v1/chats: a person's chats, as Open WebUI's SPA reads and writes them."""

from __future__ import annotations

import time
import uuid
from functools import partial
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, NotFoundException, ValidationException
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from application.audit.past_reads import PastReads
from application.chats import commands as c
from application.chats.service import Chats
from application.idempotency import Once
from domain.chats.errors import ForeignChatError
from domain.chats.message import ChatState
from infrastructure.settings import Settings
from interfaces.http.access import members
from interfaces.http.as_of import AS_OF, as_it_was, owner_only, owner_or_admin
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import PAGE
from interfaces.http.chat_documents import (
    ChatForm,
    ParsedMessages,
    chat_state,
    decode_chat_form,
    parse_message,
)
from interfaces.http.errors import NOT_FOUND
from interfaces.http.forms import Form
from interfaces.http.idempotency import once
from interfaces.http.ids import existing_id
from interfaces.http.own_chats import owned
from interfaces.http.permissions import require
from projections.chat_reads.queries import ChatReadQueries, Shelf, SortBy, SortDir
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.runtime.settling import reads

MAX_VOICE_BYTES = 100_000
LIST_PAGE = 60  # Open WebUI's page of the chat list
Json = dict[str, Any]


class TagForm(Form):
    name: Annotated[str, msgspec.Meta(max_length=255)]


class FolderForm(Form):
    folder_id: str | None = None


class MessageForm(Form):
    content: Annotated[str, msgspec.Meta(max_length=10_000_000)] | None = None
    voice: Json | None = None



def _owned(chat_views: ChatQueries, chat_id: str, user: SessionUser) -> Json:
    return owned(chat_views.get_chat(chat_id), chat_id, user)


def _title_ids(chats: list[Json]) -> list[Json]:
    return [{"id": x["id"], "title": x["title"], "updated_at": x["updated_at"], "created_at": x["created_at"],
             "last_read_at": x["last_read_at"], "snippet": None, "active": False, "archived": x["archived"]}
            for x in chats]


@post("/api/v1/chats/new", status_code=200, guards=[members], opt=reads(ChatViews))
async def create_chat(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                      settings: NamedDependency[Settings],
                      chats: NamedDependency[Chats], chat_views: NamedDependency[ChatQueries],
                      parsed_messages: NamedDependency[ParsedMessages]) -> Json:
    form = decode_chat_form(await request.body(), settings.chat_max_bytes)
    key = once(request, user, "chats.new", form)
    return await anyio.to_thread.run_sync(_create_chat, form, key, user, chats, chat_views, parsed_messages)


def _create_chat(form: ChatForm, key: Once | None, user: SessionUser, chats: Chats, chat_views: ChatQueries,
                 parsed: ParsedMessages) -> Json:
    chat_id = key.created_id() if key else uuid.uuid4()
    chats.create_chat(c.CreateChat(
        chat_id=chat_id, owner_id=user.id, state=chat_state(form.chat, form.variables, parsed, author=user),
        folder_id=form.folder_id, once=key))
    return _owned(chat_views, str(chat_id), user)


@get(["/api/v1/chats/", "/api/v1/chats/list"], guards=[members])  # async: DELETE shares the path (see get_chat below)
async def list_chats(user: NamedDependency[SessionUser], chat_reads: NamedDependency[ChatReadQueries],
                     page: int | None = Parameter(default=None, **PAGE),
                     include_pinned: FromQuery[bool] = False, include_folders: FromQuery[bool] = False,
                     sort_by: FromQuery[SortBy] = "updated_at",
                     sort_dir: FromQuery[SortDir] = "desc") -> list[Json]:
    shelf = Shelf(pinned=None if include_pinned else False, unfiled_only=not include_folders)
    skip, limit = ((page - 1) * LIST_PAGE, LIST_PAGE) if page else (0, None)
    listed = partial(chat_reads.list_chats, user.id, shelf, sort_by=sort_by, sort_dir=sort_dir,
                     skip=skip, limit=limit)
    return _title_ids(await anyio.to_thread.run_sync(listed))


@get("/api/v1/chats/pinned", sync_to_thread=True, guards=[members])
def pinned_chats(user: NamedDependency[SessionUser], chat_views: NamedDependency[ChatQueries],
                 chat_reads: NamedDependency[ChatReadQueries]) -> list[Json]:
    return _title_ids(chat_reads.with_last_read(chat_views.list_chats(user.id, pinned=True)))


@get("/api/v1/chats/archived", sync_to_thread=True, guards=[members])
def archived_chats(user: NamedDependency[SessionUser], chat_views: NamedDependency[ChatQueries],
                   chat_reads: NamedDependency[ChatReadQueries],
                   page: int | None = Parameter(default=None, **PAGE)) -> list[Json]:
    chats = chat_views.list_chats(user.id, archived=True, page=page)
    return _title_ids(chat_reads.with_last_read(chats))


@get("/api/v1/chats/archived/count", sync_to_thread=True, guards=[members])
def archived_count(user: NamedDependency[SessionUser], chat_views: NamedDependency[ChatQueries]) -> int:
    """The Archived Chats tab of the settings shows it."""
    return chat_views.count_chats(user.id, archived=True)


@get("/api/v1/chats/search", sync_to_thread=True, guards=[members])
def search_chats(user: NamedDependency[SessionUser], chat_views: NamedDependency[ChatQueries],
                 chat_reads: NamedDependency[ChatReadQueries], text: str = Parameter(max_length=1000),
                 page: int = Parameter(default=1, **PAGE)) -> list[Json]:
    found = chat_reads.with_last_read(chat_views.search(user.id, text, page))
    return [{**title_id, "snippet": row["snippet"]} for title_id, row in zip(_title_ids(found), found, strict=True)]


@get("/api/v1/chats/all/tags", sync_to_thread=True, guards=[members])
def all_tags(user: NamedDependency[SessionUser], chat_views: NamedDependency[ChatQueries]) -> list[Json]:
    return chat_views.tags_of_user(user.id)


# Litestar 2 re-registers every handler of a path each time another handler joins that path, and
# each time wraps a sync_to_thread function once more; the first of three then answers with an
# un-awaited coroutine. So the handlers that open a path shared by three are async.
@get("/api/v1/chats/{chat_id:str}", guards=[members])
async def get_chat(chat_id: FromPath[str], request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                   settings: NamedDependency[Settings], past_reads: NamedDependency[PastReads],
                   chat_views: NamedDependency[ChatQueries], as_of: str | None = AS_OF) -> Json:
    if as_of is not None:
        return await anyio.to_thread.run_sync(_as_it_was, request, settings, past_reads, user, chat_id, as_of)
    return await anyio.to_thread.run_sync(_owned, chat_views, chat_id, user)


def _as_it_was(request: Request[Any, Any, Any], settings: Settings, past_reads: PastReads, user: SessionUser,
               chat_id: str,
               as_of: str) -> Json:
    """Admins may read others' chats only under the content policy that lets the events API show them."""
    rule = owner_or_admin if settings.admin_chat_access else owner_only
    access = rule(lambda chat: chat.owner_id, ForeignChatError)
    return as_it_was(request, past_reads, user, "chat", chat_id, as_of, access)


@post("/api/v1/chats/{chat_id:str}", status_code=200, guards=[members], opt=reads(ChatViews))
async def update_chat(chat_id: FromPath[str], request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                      settings: NamedDependency[Settings], chats: NamedDependency[Chats],
                      chat_views: NamedDependency[ChatQueries],
                      parsed_messages: NamedDependency[ParsedMessages]) -> Json:
    """The whole chat as the client has it: only what differs becomes events, nothing is deleted."""
    form = decode_chat_form(await request.body(), settings.chat_max_bytes)
    return await anyio.to_thread.run_sync(_update_chat, chat_id, form, user, chats, chat_views, parsed_messages)


def _update_chat(chat_id: str, form: ChatForm, user: SessionUser, chats: Chats, chat_views: ChatQueries,
                 parsed: ParsedMessages) -> Json:
    chats.update_chat(c.UpdateChat(
        chat_id=existing_id(chat_id), actor_id=user.id,
        state=chat_state(form.chat, form.variables, parsed, author=user), folder_id=form.folder_id))
    return _owned(chat_views, chat_id, user)


@delete("/api/v1/chats/{chat_id:str}", sync_to_thread=True, status_code=200, guards=[members], opt=reads(ChatViews))
def delete_chat(chat_id: FromPath[str], user: NamedDependency[SessionUser], chats: NamedDependency[Chats]) -> bool:
    require(user, "chat.delete")
    chats.delete_chat(c.DeleteChat(chat_id=existing_id(chat_id), actor_id=user.id))
    return True


@post("/api/v1/chats/{chat_id:str}/archive", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(ChatViews))
def toggle_archive(chat_id: FromPath[str], user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
                   chat_views: NamedDependency[ChatQueries]) -> Json:
    chats.toggle_archived(c.ToggleArchived(chat_id=existing_id(chat_id), actor_id=user.id))
    return _owned(chat_views, chat_id, user)


@post("/api/v1/chats/{chat_id:str}/pin", sync_to_thread=True, status_code=200, guards=[members], opt=reads(ChatViews))
def toggle_pin(chat_id: FromPath[str], user: NamedDependency[SessionUser], chats: NamedDependency[Chats],
               chat_views: NamedDependency[ChatQueries]) -> Json:
    chats.toggle_pinned(c.TogglePinned(chat_id=existing_id(chat_id), actor_id=user.id))
    return _owned(chat_views, chat_id, user)


@post("/api/v1/chats/{chat_id:str}/folder", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(ChatViews))
def move_to_folder(chat_id: FromPath[str], data: JSONBody[FolderForm], user: NamedDependency[SessionUser],
                   chats: NamedDependency[Chats],
                   chat_views: NamedDependency[ChatQueries]) -> Json:
    chats.move_to_folder(c.MoveChatToFolder(
        chat_id=existing_id(chat_id), actor_id=user.id, folder_id=data.folder_id))
    return _owned(chat_views, chat_id, user)


@get("/api/v1/chats/{chat_id:str}/tags", guards=[members])
async def chat_tags(chat_id: FromPath[str], user: NamedDependency[SessionUser],
                    chat_views: NamedDependency[ChatQueries]) -> list[Json]:
    return await anyio.to_thread.run_sync(_tags_of_owned, chat_views, chat_id, user)


def _tags_of_owned(chat_views: ChatQueries, chat_id: str, user: SessionUser) -> list[Json]:
    _owned(chat_views, chat_id, user)
    return chat_views.tags_of_chat(chat_id)


@post("/api/v1/chats/{chat_id:str}/tags", sync_to_thread=True, status_code=200, guards=[members], opt=reads(ChatViews))
def tag_chat(chat_id: FromPath[str], data: JSONBody[TagForm], user: NamedDependency[SessionUser],
             chats: NamedDependency[Chats],
             chat_views: NamedDependency[ChatQueries]) -> list[Json]:
    if not data.name.strip():
        raise ValidationException("a tag needs a name")
    chats.tag_chat(c.TagChat(chat_id=existing_id(chat_id), actor_id=user.id, name=data.name))
    return chat_views.tags_of_chat(chat_id)


@delete("/api/v1/chats/{chat_id:str}/tags", sync_to_thread=True, status_code=200, guards=[members],
        opt=reads(ChatViews))
def untag_chat(chat_id: FromPath[str], data: JSONBody[TagForm], user: NamedDependency[SessionUser],
               chats: NamedDependency[Chats],
               chat_views: NamedDependency[ChatQueries]) -> list[Json]:
    chats.untag_chat(c.UntagChat(chat_id=existing_id(chat_id), actor_id=user.id, name=data.name))
    return chat_views.tags_of_chat(chat_id)


@post("/api/v1/chats/{chat_id:str}/messages/{message_id:str}", sync_to_thread=True, status_code=200,
      guards=[members], opt=reads(ChatViews))
def edit_message(chat_id: FromPath[str], message_id: FromPath[str], data: JSONBody[MessageForm],
                 user: NamedDependency[SessionUser],
                 chats: NamedDependency[Chats],
                 chat_views: NamedDependency[ChatQueries]) -> Json:
    """Change a message's content or voice metadata; an unknown id becomes a new root message."""
    if data.content is None and data.voice is None:
        raise ClientException("Say what to change: content, voice or both.")
    if data.content is not None:  # the app keeps a spoken reply's voice metadata whoever may edit
        require(user, "chat.edit")
    if data.voice is not None and len(msgspec.json.encode(data.voice)) > MAX_VOICE_BYTES:
        raise ClientException("The voice metadata is too large.")
    stored = _owned(chat_views, chat_id, user)["chat"]["history"]["messages"].get(message_id)
    if stored is None and data.voice is not None:
        raise NotFoundException(NOT_FOUND)
    body: dict[str, Any] = msgspec.json.decode(stored) if stored is not None else {
        "parentId": None, "role": "assistant", "timestamp": int(time.time())}
    if data.content is not None:
        body["content"] = data.content
    if data.voice is not None:
        body["meta"] = {**(body.get("meta") or {}), "voice": data.voice}
    message = parse_message(message_id, body)
    if stored is not None:
        chats.edit_message(c.EditMessage(chat_id=existing_id(chat_id), actor_id=user.id, message=message))
    else:
        state = ChatState(title=None, properties={}, property_digests={}, messages=(message,),
                          current_message_id=message_id)
        chats.update_chat(c.UpdateChat(chat_id=existing_id(chat_id), actor_id=user.id, state=state))
    return _owned(chat_views, chat_id, user)


@delete("/api/v1/chats/{chat_id:str}/messages/{message_id:str}", sync_to_thread=True, status_code=200,
        guards=[members], opt=reads(ChatViews))
def delete_message(chat_id: FromPath[str], message_id: FromPath[str], user: NamedDependency[SessionUser],
                   chats: NamedDependency[Chats], chat_views: NamedDependency[ChatQueries]) -> Json:
    require(user, "chat.delete_message")
    chats.delete_message(c.DeleteMessage(chat_id=existing_id(chat_id), actor_id=user.id, message_id=message_id))
    return _owned(chat_views, chat_id, user)


ROUTES = [create_chat, list_chats, pinned_chats, archived_chats, archived_count, search_chats, all_tags,
          get_chat, update_chat, delete_chat, toggle_archive, toggle_pin, move_to_folder, chat_tags, tag_chat,
          untag_chat, edit_message, delete_message]
