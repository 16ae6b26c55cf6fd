"""A completion: the model resolved (a preset becomes its base model, system prompt and
parameters, over the admin's defaults for every chat), the reply streamed, and, when it names a
chat, recorded there as events."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from functools import partial
from typing import Any
from uuid import UUID

import anyio
import msgspec
import structlog

from application.chats.reply_commands import CompleteReply, FailReply, StartReply
from application.chats.service import Chats
from application.completions.params import asked
from application.context import ConflictError
from application.models.catalog import Caller, ModelCatalog
from application.models.ports import Delta, UpstreamError
from domain.chats.citations import Citation
from domain.chats.errors import ChatError
from domain.chats.message import Message

log = structlog.get_logger()
INTERRUPTED = "The reply was interrupted before it was complete."


class CompletionRequest(msgspec.Struct, frozen=True, kw_only=True):
    model: str
    messages: list[dict[str, Any]]
    params: dict[str, Any] = {}
    """The caller's sampling parameters, passed upstream as they are."""
    chat_id: UUID | None = None
    """Record the exchange in this chat, which the caller must own."""
    prompt: Message | None = None
    """The person's message to record before the reply."""
    reply_id: str | None = None
    parent_id: str | None | msgspec.UnsetType = msgspec.UNSET
    extra: dict[str, Any] = {}
    """More fields of the reply's message (the SPA's ``modelIdx``)."""
    citations: list[Citation] = []
    """The sources the model is shown, which the reply's message keeps."""
    prefix: str = ""
    """What the reply already says, when an earlier reply is continued; the model adds to it."""
    task: bool = False
    """A task's question (a title, tags...): asked without the admin's default parameters."""


class Completions:
    def __init__(self, catalog: ModelCatalog, chats: Chats) -> None:
        self._catalog = catalog
        self._chats = chats

    async def start(self, request: CompletionRequest, caller: Caller) -> Reply:
        """Resolves the model and records the start (if a chat is named); ``Reply.begin`` then asks."""
        target = await self._catalog.resolve(request.model, caller)
        model = asked({} if request.task else target.defaults, target.params, request.params)
        messages = with_system(model.system, request.messages)
        reply = Reply(self._chats, request, caller.user_id, target.chat_model.stream(messages, model.params))
        await reply.record_start()
        return reply


class Reply:
    """A reply being generated: iterate over it for its pieces. Its end is recorded in the chat
    (completed with usage, or failed with the error and whatever came before), even when the
    client goes away midway."""

    def __init__(self, chats: Chats, request: CompletionRequest, actor_id: str,
                 deltas: AsyncIterator[Delta]) -> None:
        self.id = request.reply_id or str(uuid.uuid4())
        self.model = request.model
        self.created = int(time.time())
        self.usage: dict[str, Any] | None = None
        self.finish_reason: str | None = None
        self.position: int | None = None
        """The log position of the last event recorded, for read-your-writes."""
        self._chats = chats
        self._request = request
        self._actor_id = actor_id
        self._parts: list[str] = [request.prefix] if request.prefix else []
        self._deltas = deltas
        self._first: Delta | None = None
        self.stopped = False
        """Stopped by the person: what came so far is the reply, complete, not an interruption."""

    @property
    def content(self) -> str:
        return "".join(self._parts)

    async def record_start(self) -> None:
        request = self._request
        if request.chat_id is None:
            return
        self.position = await anyio.to_thread.run_sync(self._chats.start_reply, StartReply(
            chat_id=request.chat_id, actor_id=self._actor_id, reply_id=self.id, model=request.model,
            prompt=request.prompt, parent_id=request.parent_id, extra=request.extra, citations=request.citations))

    async def begin(self) -> None:
        """Waits for the first piece of the reply (from an upstream, its acceptance), so that a
        refusing or unreachable upstream is an error the caller can still answer with a status,
        not an empty stream; one that accepts and then breaks off is an error within the stream."""
        if self.stopped:  # stopped before it began: nothing is asked, and it ends empty
            self._first = Delta(finish_reason="stop")
            return
        try:
            self._first = await anext(self._deltas)
        except StopAsyncIteration:
            self._first = Delta(finish_reason="stop")
        except UpstreamError as error:
            await self._end(error=str(error))
            raise
        except BaseException:
            await self._end(error=None if self.stopped else INTERRUPTED)
            raise

    async def __aiter__(self) -> AsyncGenerator[Delta, None]:
        try:
            if self._first is not None:
                yield self._take(self._first)
            async for delta in self._deltas:
                yield self._take(delta)
        except UpstreamError as error:
            await self._end(error=str(error))
            raise
        except BaseException:  # stopped, or the client went away (cancelled or closed): keep what came
            await self._end(error=None if self.stopped else INTERRUPTED)
            raise
        await self._end()

    def stop(self) -> None:
        """Mark the reply as stopped on purpose; the caller then cancels whatever iterates it."""
        self.stopped = True

    async def collect(self) -> str:
        async for _ in self:
            pass
        return self.content

    def _take(self, delta: Delta) -> Delta:
        self._parts.append(delta.content)
        self.usage = delta.usage or self.usage
        self.finish_reason = delta.finish_reason or self.finish_reason
        return delta

    async def _end(self, error: str | None = None) -> None:
        """Shielded: a cancelled request still records how its reply ended, and frees the upstream."""
        with anyio.CancelScope(shield=True):
            if hasattr(self._deltas, "aclose"):
                await self._deltas.aclose()
            if self._request.chat_id is None:
                return
            chat_id, actor_id, content = self._request.chat_id, self._actor_id, self.content
            record: Callable[[], int | None] = (
                partial(self._chats.complete_reply, CompleteReply(
                    chat_id=chat_id, actor_id=actor_id, reply_id=self.id, content=content, usage=self.usage))
                if error is None else
                partial(self._chats.fail_reply, FailReply(
                    chat_id=chat_id, actor_id=actor_id, reply_id=self.id, content=content, error=error)))
            try:
                self.position = await anyio.to_thread.run_sync(record) or self.position
            except (ChatError, ConflictError) as problem:  # deleted meanwhile, or too contended
                log.warning("reply.unrecorded", chat_id=str(self._request.chat_id), reply_id=self.id,
                            error=repr(problem))


def with_system(system: str | None, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The preset's system prompt before the conversation's own (Open WebUI prepends it to a
    leading system message, or adds one)."""
    messages = list(messages)
    if not system:
        return messages
    if messages and messages[0].get("role") == "system":
        content = messages[0].get("content")
        if isinstance(content, list):
            content = [{"type": "text", "text": system}, *content]
        else:
            content = f"{system}\n{content or ''}"
        messages[0] = {**messages[0], "content": content}
        return messages
    return [{"role": "system", "content": system}, *messages]
