"""POST /api/v1/chats/import: chats from an export (Settings > Data Controls, a file dropped on the
sidebar, a shared chat cloned by the app), as Open WebUI 0.12.4's ChatImportForm states them.

All or nothing, in one save: a file with an entry that cannot be a chat is refused (400 or 422,
naming the entry and what is wrong), and running the same import again makes no second copy. Each
chat keeps its title, messages, tags, pin, archive and times; a folder only if it is the importer's.
A person's messages become the importer's, as in Open WebUI. Members need ``chat.import`` (403).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Request, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, ValidationException
from litestar.status_codes import HTTP_403_FORBIDDEN

from application.chats.copy_commands import ChatCopy, ImportChats
from application.chats.service import Chats
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.chat_documents import chat_state, digest
from interfaces.http.permissions import require
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.runtime.settling import reads

MAX_CHATS = 5_000
MAX_MESSAGES = 200_000
"""One import is one save: bounded so that it stays one transaction of reasonable size."""
Json = dict[str, Any]


class ImportEntry(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    chat: dict[str, msgspec.Raw]
    meta: dict[str, Any] | None = None
    variables: dict[str, Any] | None = None
    pinned: bool | None = False
    archived: bool | None = False
    folder_id: str | None = None
    current_message_id: str | None = None
    created_at: Annotated[int, msgspec.Meta(ge=0)] | None = None
    updated_at: Annotated[int, msgspec.Meta(ge=0)] | None = None


class ImportForm(msgspec.Struct, forbid_unknown_fields=True):
    chats: Annotated[list[ImportEntry], msgspec.Meta(max_length=MAX_CHATS)]


@post("/api/v1/chats/import", status_code=200, guards=[members], opt=reads(ChatViews))
async def import_chats(request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                       chats: NamedDependency[Chats], chat_views: NamedDependency[ChatQueries]) -> list[Json]:
    require(user, "chat.import", status=HTTP_403_FORBIDDEN)
    form = _decoded(await request.body())
    return await anyio.to_thread.run_sync(_import, form, user, chats, chat_views)


def _decoded(body: bytes) -> ImportForm:
    try:
        return msgspec.json.decode(body, type=ImportForm)
    except msgspec.ValidationError as error:
        message = str(error)
        if "Expected `array` of length <=" in message:
            message = f"An import may hold at most {MAX_CHATS} chats; split the file."
        raise ValidationException(f"invalid import: {message}") from None
    except msgspec.DecodeError as error:
        raise ValidationException(f"invalid import: {error}") from None


def _import(form: ImportForm, user: SessionUser, chats: Chats, chat_views: ChatQueries) -> list[Json]:
    copies = tuple(_copy(index, entry, user) for index, entry in enumerate(form.chats))
    if sum(len(copy.state.messages) for copy in copies) > MAX_MESSAGES:
        raise ClientException(f"An import may hold at most {MAX_MESSAGES} messages; split the file.")
    keys = tuple(digest(msgspec.json.decode(msgspec.json.encode(entry))) for entry in form.chats)
    result = chats.import_chats(ImportChats(owner_id=user.id, chats=copies, keys=keys))
    return [chat for chat in map(chat_views.get_chat, map(str, result.chat_ids)) if chat is not None]


def _copy(index: int, entry: ImportEntry, user: SessionUser) -> ChatCopy:
    try:
        state = chat_state(_with_history(entry.chat), entry.variables, author=user)
    except ValidationException as error:
        raise ValidationException(f"chats[{index}]: {error.detail}") from None
    return ChatCopy(state=state, tags=_tags(index, entry), pinned=bool(entry.pinned), archived=bool(entry.archived),
                    folder_id=_folder(entry.folder_id), created_at=entry.created_at, updated_at=entry.updated_at)


def _with_history(chat: dict[str, msgspec.Raw]) -> dict[str, msgspec.Raw]:
    """Exports older than the message tree have only the ``messages`` list, one after the other (the
    app turns such a list into a tree the same way when it opens one)."""
    if "history" in chat or "messages" not in chat:
        return chat
    listed = msgspec.json.decode(chat["messages"])
    if not isinstance(listed, list) or not all(isinstance(m, dict) for m in listed):
        raise ValidationException("chat.messages must be a list of messages")
    messages, parent = {}, None
    for position, message in enumerate(listed):
        message_id = str(message.get("id") or f"message-{position}")
        messages[message_id] = {**message, "id": message_id, "parentId": parent}
        parent = message_id
    history = {"messages": messages, "currentId": parent}
    return {**chat, "history": msgspec.Raw(msgspec.json.encode(history))}


def _tags(index: int, entry: ImportEntry) -> tuple[str, ...]:
    """Open WebUI keeps a chat's tags (their ids) in ``meta.tags``."""
    tags = (entry.meta or {}).get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) and len(t) <= 255 for t in tags):
        raise ValidationException(f"chats[{index}].meta.tags must be a list of tag names")
    return tuple(tags)


def _folder(folder_id: str | None) -> str | None:
    """Folder ids from another server name nothing here; only a valid id may name one of the importer's."""
    try:
        return str(uuid.UUID(folder_id)) if folder_id else None
    except ValueError:
        return None


ROUTES = [import_chats]
