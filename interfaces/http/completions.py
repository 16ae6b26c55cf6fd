"""POST /api/chat/completions (and /api/v1/...) for API clients: an OpenAI-compatible answer,
streamed as server-sent events when asked, so the official ``openai`` client works with a
person's token as its API key. Naming a ``chat_id`` records the exchange in that chat. Knowledge
bases named in ``files`` (``type: collection``), and those and the files the model's preset names,
put their chunks nearest the last question before it, and the answer carries their citations
(``sources``: the first event of a stream, else a field of the answer), as Open WebUI's API does."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.response import Stream
from litestar.response.base import ASGIResponse

from application.chats.service import Chats
from application.completions.folder_projects import FolderProjects
from application.completions.service import CompletionRequest, Completions, Reply, with_system
from application.completions.turns import ChatTurns
from application.files.attachments import Attachments, Shown
from application.identity.service import Identity
from application.knowledge.document_config import DocumentConfig
from application.memories.context import last_said, with_user_context
from application.memories.index import MemoryIndex
from application.models.catalog import ModelCatalog
from application.models.ports import UpstreamError, UpstreamTimeout
from domain.chats.errors import ChatNotFoundError
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.chat_documents import attributed, parse_message
from interfaces.http.chat_turns import BackgroundTasks, Slot, UserMessage, begin_turn, is_spa_turn
from interfaces.http.memories import remembered
from interfaces.http.permissions import may_set_params, may_set_system_prompt
from interfaces.http.wire_shapes import ChatMessages
from projections.chats.projector import ChatViews
from projections.folders.queries import FolderQueries
from projections.runtime.runner import ProjectionRunner
from projections.runtime.settling import reads, settle

PASSED_UPSTREAM = ("temperature", "top_p", "min_p", "max_tokens", "max_completion_tokens", "stop", "seed",
                   "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs",
                   "response_format", "reasoning_effort", "user")
"""The caller's parameters that reach the upstream; nothing else in the body does."""
Int64 = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
Unset = msgspec.UnsetType


class CompletionBody(msgspec.Struct, kw_only=True):
    """One body, two callers: an OpenAI client (``model``, ``messages``, its parameters), or the
    Open WebUI app, whose turn (``session_id`` with ``chat_id`` or ``parent_id``) is a ``TurnForm``.
    Other fields are neither refused nor read: clients send parameters we do not know yet, and only
    those in ``PASSED_UPSTREAM`` ever leave this process, so nothing can be mass-assigned."""

    model: str
    messages: ChatMessages = []
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    chat_id: str | None = None
    id: str | None = None
    """The reply's message id in the chat (Open WebUI's assistant message id)."""
    parent_id: str | None | Unset = msgspec.UNSET
    session_id: str | None = None
    params: dict[str, Any] = {}
    """The app's sampling parameters (unset ones as null)."""
    folder_id: str | None = None
    message_ids: list[Slot] | None = None
    user_message: UserMessage | None = None
    background_tasks: BackgroundTasks | None = None
    assistant_message_id: str | None = None
    files: list[Any] = []
    """What the caller attaches; knowledge bases (``{"type": "collection", "id": ...}``) are read."""
    features: dict[str, Any] | None = None
    """What the app's chat asks for; ``memory``: the caller's memories are put before the model."""
    temperature: float | None | Unset = msgspec.UNSET
    top_p: float | None | Unset = msgspec.UNSET
    min_p: float | None | Unset = msgspec.UNSET
    max_tokens: Int64 | None | Unset = msgspec.UNSET
    max_completion_tokens: Int64 | None | Unset = msgspec.UNSET
    stop: str | list[str] | None | Unset = msgspec.UNSET
    seed: Int64 | None | Unset = msgspec.UNSET
    presence_penalty: float | None | Unset = msgspec.UNSET
    frequency_penalty: float | None | Unset = msgspec.UNSET
    logit_bias: dict[str, float] | None | Unset = msgspec.UNSET
    logprobs: bool | None | Unset = msgspec.UNSET
    top_logprobs: Int64 | None | Unset = msgspec.UNSET
    response_format: dict[str, Any] | None | Unset = msgspec.UNSET
    reasoning_effort: str | None | Unset = msgspec.UNSET
    user: str | None | Unset = msgspec.UNSET

    def upstream_params(self) -> dict[str, Any]:
        return {k: v for k in PASSED_UPSTREAM if (v := getattr(self, k)) is not msgspec.UNSET}


class EventStream(Stream):
    """A stream served as its own media type: Litestar's ``Stream`` lets the handler's (JSON, for
    this handler's other answers) win, and clients that check for ``text/event-stream`` refuse it."""

    def to_asgi_response(self, app: Any, request: Request[Any, Any, Any], **options: Any) -> ASGIResponse:
        return super().to_asgi_response(app, request, **{**options, "media_type": self.media_type})


@post(["/api/chat/completions", "/api/v1/chat/completions"], status_code=200, guards=[members], opt=reads(ChatViews))
async def chat_completion(data: JSONBody[CompletionBody], user: NamedDependency[SessionUser],
                          chats: NamedDependency[Chats],
                          runner: NamedDependency[ProjectionRunner], folder_views: NamedDependency[FolderQueries],
                          completions: NamedDependency[Completions], turns: NamedDependency[ChatTurns],
                          attachments: NamedDependency[Attachments], identity: NamedDependency[Identity],
                          document_config: NamedDependency[DocumentConfig],
                          memory_index: NamedDependency[MemoryIndex],
                          catalog: NamedDependency[ModelCatalog],
                          folder_projects: NamedDependency[FolderProjects]) -> EventStream | dict[str, Any]:
    form = data
    said = last_said(form.messages) or last_said([msgspec.to_builtins(form.user_message or {})])
    context = await anyio.to_thread.run_sync(remembered, form.features, said, user, identity, document_config,
                                            memory_index)
    if is_spa_turn(form.session_id, form.chat_id, form.parent_id):  # the SPA: the reply streams over Socket.IO
        params = _spa_params(form.params) if may_set_params(user) else {}
        return await begin_turn(msgspec.to_builtins(form), params, user, chats, folder_views, turns, context)
    knowledge = (await catalog.resolve(form.model, user.model_caller)).knowledge
    completion, sources = await _request(form, user, chats, attachments, folder_projects, context, knowledge)
    reply = await completions.start(completion, user.model_caller)
    # The chat shows the started reply before its first words are sent: caught up while the upstream thinks.
    shown = asyncio.ensure_future(_caught_up(runner, reply))
    try:
        await reply.begin()
    except UpstreamError:
        await shown
        await _caught_up(runner, reply)  # the failure is in the chat before the error is answered
        raise
    if form.stream:
        include_usage = bool((form.stream_options or {}).get("include_usage"))
        return EventStream(_events(reply, include_usage, runner, shown, sources), media_type="text/event-stream",
                           headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    await shown
    content = await reply.collect()
    await _caught_up(runner, reply)
    return {**({"sources": sources} if sources else {}),
            "id": f"chatcmpl-{reply.id}", "object": "chat.completion", "created": reply.created,
            "model": reply.model, "usage": reply.usage or _no_usage(),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "logprobs": None, "finish_reason": reply.finish_reason or "stop"}]}


async def _request(form: CompletionBody, user: SessionUser, chats: Chats, attachments: Attachments,
                   projects: FolderProjects, context: str, knowledge: tuple[dict[str, Any], ...],
                   ) -> tuple[CompletionRequest, list[dict[str, Any]]]:
    """The request for the model (with ``context``, the caller's memories, and the project of the
    chat's folder, or of the folder the caller names), and the citations of the knowledge in it:
    the bases the caller names, what the model's preset names (``knowledge``) and the folder's."""
    params = form.upstream_params() if may_set_params(user) else {}
    if not may_set_system_prompt(user):
        form.messages = [m for m in form.messages if m.get("role") != "system"]
    chat_id, folder_id = (None, None) if form.chat_id is None else await anyio.to_thread.run_sync(
        _owned_chat, chats, form.chat_id, user)
    project = await anyio.to_thread.run_sync(projects.of, folder_id or form.folder_id, user.model_caller)
    knowledge = (*knowledge, *project.knowledge)
    messages = with_system(project.system, with_user_context(form.messages, context))
    shown = (await anyio.to_thread.run_sync(attachments.with_knowledge, messages, form.files, user.model_caller,
                                            knowledge) if form.files or knowledge else Shown(messages))
    if chat_id is None:
        return CompletionRequest(model=form.model, messages=shown.messages, params=params), shown.sources
    return CompletionRequest(model=form.model, messages=shown.messages, params=params, chat_id=chat_id,
                             prompt=_prompt(form, user), reply_id=form.id, parent_id=form.parent_id,
                             extra=shown.kept(), citations=shown.citations), shown.sources


def _spa_params(sent: dict[str, Any]) -> dict[str, Any]:
    """The SPA sends the person's sampling parameters in ``params``; unset ones as null."""
    return {k: sent[k] for k in PASSED_UPSTREAM if sent.get(k) is not None}


def _owned_chat(chats: Chats, chat_id: str, user: SessionUser) -> tuple[uuid.UUID, str | None]:
    """The chat's id and its folder's. Someone else's chat, like a chat that does not exist, is a
    404 (CVE-2026-45349)."""
    try:
        chat_uuid = uuid.UUID(chat_id)
    except ValueError:
        raise ChatNotFoundError(chat_id) from None
    return chat_uuid, chats.owned_chat(chat_uuid, user.id).folder_id


def _prompt(form: CompletionBody, user: SessionUser) -> Any:
    """The last message, when it is the person's: it joins the chat before the reply, as theirs."""
    if not form.messages or form.messages[-1].get("role") != "user":
        return None
    content = form.messages[-1].get("content")
    if isinstance(content, list):
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return attributed(parse_message(str(uuid.uuid4()), {
        "role": "user", "content": content if isinstance(content, str) else "", "timestamp": int(time.time()),
        "models": [form.model]}), user)


async def _events(reply: Reply, include_usage: bool, runner: ProjectionRunner,
                  shown: Awaitable[None], sources: list[dict[str, Any]]) -> AsyncIterator[bytes]:
    await shown
    if sources:  # before the words, as Open WebUI streams them
        yield _sse({"sources": sources})
    chunk = {"id": f"chatcmpl-{reply.id}", "object": "chat.completion.chunk", "created": reply.created,
             "model": reply.model}
    # The role's chunk goes out with the first words, in one write: the client wakes once for both.
    unsent = _sse({**chunk, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                         "finish_reason": None}]})
    try:
        async for delta in reply:
            if delta.content:
                yield unsent + _sse({**chunk, "choices": [{"index": 0, "delta": {"content": delta.content},
                                                           "finish_reason": None}]})
                unsent = b""
    except UpstreamError as error:
        # The status line is long gone: the error travels as an event, which the openai client raises.
        await _caught_up(runner, reply)
        yield unsent + _sse({"error": {"message": str(error), "type": "upstream_error", "code": _status(error)}})
        return
    await _caught_up(runner, reply)
    finished = {"index": 0, "delta": {}, "finish_reason": reply.finish_reason or "stop"}
    yield unsent + _sse({**chunk, "choices": [finished]})
    if include_usage:
        yield _sse({**chunk, "choices": [], "usage": reply.usage or _no_usage()})
    yield b"data: [DONE]\n\n"


async def _caught_up(runner: ProjectionRunner, reply: Reply) -> None:
    """Read-your-writes: the chat shows the reply before the caller hears that it is done (a streamed
    answer records the reply after its route's declared reads were settled, so it settles it here)."""
    if reply.position is not None:
        await anyio.to_thread.run_sync(settle, runner, ChatViews, reply.position)


def _status(error: UpstreamError) -> int:
    return 504 if isinstance(error, UpstreamTimeout) else 502


def _sse(payload: dict[str, Any]) -> bytes:
    return b"data: " + msgspec.json.encode(payload) + b"\n\n"


def _no_usage() -> dict[str, int]:
    return {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}


ROUTES = [chat_completion]
