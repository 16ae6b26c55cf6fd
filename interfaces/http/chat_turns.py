"""``POST /api/chat/completions`` as the Open WebUI 0.12.4 SPA sends it (with its Socket.IO
``session_id``): the person's message and the replies it wants become a ``Turn``; the answer is
``{status, task_ids, chat_id}`` at once, and the replies stream to the person's Socket.IO room.

Only what the person says is taken from the body (the prompt's text, files and models, their
system prompt and sampling parameters): the conversation the model sees is the chat's own."""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Any

import anyio
import msgspec
from litestar.exceptions import ValidationException

from application.chats.commands import CreateChat
from application.chats.service import Chats
from application.completions.after_reply import Wanted
from application.completions.turns import ChatTurns, ReplySlot, Turn
from application.memories.context import with_user_context
from domain.chats.errors import ChatNotFoundError
from domain.chats.message import ChatState, Message
from interfaces.http.auth import SessionUser
from interfaces.http.chat_documents import digest, parse_message
from interfaces.http.ids import existing_id
from interfaces.http.permissions import may, may_set_system_prompt, require
from projections.folders.queries import FolderQueries

MessageId = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
MAX_REPLIES = 16


class Slot(msgspec.Struct, kw_only=True):
    model_id: str
    message_id: MessageId
    modelIdx: int = 0


class UserMessage(msgspec.Struct, kw_only=True):
    id: MessageId
    content: str | list[Any] = ""
    files: list[Any] | None = None
    models: list[str] | None = None


class BackgroundTasks(msgspec.Struct, kw_only=True):
    title_generation: bool | None = None
    tags_generation: bool = False
    follow_up_generation: bool = False


class TurnForm(msgspec.Struct, kw_only=True):
    """The fields of the SPA's request that Annals reads; the many others it sends (tools,
    features, variables...) are neither refused nor read."""

    model: str
    session_id: str
    messages: list[dict[str, Any]] = []
    params: dict[str, Any] = {}
    chat_id: str | None = None
    folder_id: str | None = None
    id: MessageId | None = None
    message_ids: list[Slot] | None = None
    parent_id: str | None = None
    user_message: UserMessage | None = None
    background_tasks: BackgroundTasks | None = None
    assistant_message_id: MessageId | None = None
    """The app's "Continue": this reply goes on where it stopped."""


def is_spa_turn(session_id: str | None, chat_id: str | None, parent_id: str | None | msgspec.UnsetType) -> bool:
    """Open WebUI streams over Socket.IO when the request names a session and a chat (or, with
    ``parent_id`` null and no chat, asks for a new one); otherwise it answers over HTTP."""
    return bool(session_id) and (bool(chat_id) or parent_id is not msgspec.UNSET)


async def begin_turn(raw: dict[str, Any], params: dict[str, Any], user: SessionUser,
                     chats: Chats, folder_views: FolderQueries, turns: ChatTurns, context: str = "") -> dict[str, Any]:
    """``context``: what the system message gains besides the person's own (their memories)."""
    try:
        form = msgspec.convert(raw, TurnForm)
    except msgspec.ValidationError as error:
        raise ValidationException(f"invalid completion request: {error}") from None
    turn = await anyio.to_thread.run_sync(_turn, form, params, user, chats, folder_views, context)
    task_ids = await turns.begin(turn, user.model_caller)
    return {"status": True, "task_ids": task_ids, "chat_id": str(turn.chat_id)}


def _turn(form: TurnForm, params: dict[str, Any], user: SessionUser, chats: Chats,
          folder_views: FolderQueries, context: str) -> Turn:
    slots = _slots(form)
    continuing = form.assistant_message_id is not None
    if continuing and (not form.chat_id or [s.message_id for s in slots] != [form.assistant_message_id]):
        raise ValidationException("Invalid response ID.")
    prompt = None if continuing else _prompt(form, user)
    _allowed(form, slots, prompt, user, chats)
    new_chat = None
    if form.chat_id:
        chat_id = existing_id(form.chat_id)
    else:
        chat_id = uuid.uuid4()
        new_chat = CreateChat(chat_id=chat_id, owner_id=user.id, state=_new_chat_state(slots),
                              folder_id=_own_folder(form.folder_id, user, folder_views))
    tasks = form.background_tasks or BackgroundTasks()
    return Turn(chat_id=chat_id, new_chat=new_chat, prompt=prompt, parent_id=form.parent_id, replies=slots,
                system=with_user_context(_system(form, user), context), folder_id=form.folder_id,
                params=params, continuing=continuing,
                wanted=Wanted(title=tasks.title_generation, tags=tasks.tags_generation,
                              follow_ups=tasks.follow_up_generation))


def _system(form: TurnForm, user: SessionUser) -> list[dict[str, Any]]:
    """The person's own system prompt, if they may set one."""
    if not may_set_system_prompt(user):
        return []
    return [m for m in form.messages if m.get("role") == "system" and isinstance(m.get("content"), str)]


def _allowed(form: TurnForm, slots: list[ReplySlot], prompt: Message | None, user: SessionUser,
             chats: Chats) -> None:
    """The members' permissions, checked before anything is recorded. A regenerated reply answers
    a prompt the chat already has (the app sends it again), or none."""
    if len({slot.model for slot in slots}) > 1:
        require(user, "chat.multiple_models")
    if form.assistant_message_id is not None:
        require(user, "chat.continue_response")
    elif form.chat_id and not may(user, "chat.regenerate_response"):
        chat = chats.owned_chat(existing_id(form.chat_id), user.id)
        if prompt is None or prompt.id in chat.parents:
            require(user, "chat.regenerate_response")


def _slots(form: TurnForm) -> list[ReplySlot]:
    if form.message_ids:
        slots = [ReplySlot(model=s.model_id, message_id=s.message_id, model_idx=s.modelIdx) for s in form.message_ids]
    elif form.id:
        slots = [ReplySlot(model=form.model, message_id=form.id)]
    else:
        raise ValidationException("a reply needs its message id (id or message_ids)")
    if len(slots) > MAX_REPLIES or len({s.message_id for s in slots}) != len(slots):
        raise ValidationException("message_ids must be distinct, and at most 16")
    return slots


def _prompt(form: TurnForm, user: SessionUser) -> Message | None:
    """The person's message as the chat keeps it: what they wrote, stamped by the server."""
    sent = form.user_message
    if sent is None:
        return None
    content = sent.content if isinstance(sent.content, str) else "".join(
        p.get("text", "") for p in sent.content if isinstance(p, dict) and p.get("type") == "text")
    body: dict[str, Any] = {"id": sent.id, "parentId": form.parent_id, "role": "user", "content": content,
                            "timestamp": int(time.time()), "user_id": user.id,
                            "user": {"id": user.id, "name": user.name}, "models": sent.models or [form.model]}
    if sent.files:
        body["files"] = sent.files
    return parse_message(sent.id, body)


def _new_chat_state(slots: list[ReplySlot]) -> ChatState:
    """Open WebUI's first save of a chat the SPA opens by sending its first message."""
    properties: dict[str, Any] = {"models": [s.model for s in slots], "params": {}, "files": [],
                                  "timestamp": int(time.time() * 1000)}
    return ChatState(title="New Chat", properties=properties,
                     property_digests={k: digest(v) for k, v in properties.items()},
                     messages=(), current_message_id=None)


def _own_folder(folder_id: str | None, user: SessionUser, folder_views: FolderQueries) -> str | None:
    if folder_id is None:
        return None
    folder = folder_views.get_folder(folder_id)
    if folder is None or folder["user_id"] != user.id:
        raise ChatNotFoundError(folder_id)  # someone else's folder does not exist either
    return folder_id

