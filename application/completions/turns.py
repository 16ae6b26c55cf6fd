"""A turn of the SPA's conversation: the person's message and the replies it asks for.

The request is answered as soon as the turn is recorded (the prompt appended, each reply started);
the replies are then generated in the background and streamed to the person's Socket.IO room as
Open WebUI streams them (``response:completion`` deltas, then ``chat:completion`` done, or
``chat:message:error``), recorded as they end, checkpointed while they run long, and stopped on
request. The model is shown the conversation as the chat view holds it, never the client's copy.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import aclosing
from typing import Any, Protocol
from uuid import UUID

import anyio
import msgspec
import structlog

from application.chats.commands import CreateChat
from application.chats.reply_commands import CheckpointReply, FailReply
from application.chats.service import Chats
from application.completions.after_reply import AfterReply, ChatEvents, Wanted
from application.completions.folder_projects import FolderProject
from application.completions.running import RunningReplies
from application.completions.service import INTERRUPTED, CompletionRequest, Completions, Reply, with_system
from application.context import ConflictError
from application.files.attachments import Shown
from application.live import LiveEmitter
from application.models.catalog import Caller, ModelCatalog
from application.models.ports import UpstreamError
from domain.chats.errors import ChatError, MessageNotFoundError
from domain.chats.message import Message

log = structlog.get_logger()

CHECKPOINT_SECONDS = 10.0
SPOKEN_ROLES = ("user", "assistant")


class Spoken(Protocol):
    """A stored message as a model is shown it."""

    @property
    def role(self) -> str: ...

    @property
    def content(self) -> Any: ...

    @property
    def files(self) -> Any: ...


class Conversations(Protocol):
    """The chat view, as a model is shown it."""

    def branch(self, chat_id: str, message_id: str | None) -> Sequence[Spoken]: ...

    def folder_of(self, chat_id: str) -> str | None: ...


class Attachments(Protocol):
    """What the person attached to their messages, as the model is shown it (pictures as image
    parts, documents' text and knowledge bases' chunks as context, with their citations), of the
    files and bases the caller may read, and of the knowledge vouched for them (``preset``: the
    preset's in use, and the chat's folder's)."""

    def shown(self, history: list[dict[str, Any]], caller: Caller, preset: Sequence[dict[str, Any]] = ()) -> Shown: ...


class Projects(Protocol):
    """What a chat's folder lends its turns (``folder_projects.py``)."""

    def of(self, folder_id: str | None, caller: Caller) -> FolderProject: ...


class ReplySlot(msgspec.Struct, frozen=True, kw_only=True):
    """One model's reply to the turn, under the message id the SPA gave it."""

    model: str
    message_id: str
    model_idx: int = 0


class Turn(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    new_chat: CreateChat | None = None
    """The chat to create first (the SPA's first message of a chat)."""
    prompt: Message | None
    parent_id: str | None
    replies: list[ReplySlot]
    system: list[dict[str, Any]] = []
    """The person's own system prompt, which the SPA sends along."""
    folder_id: str | None = None
    """The folder the request names (Open WebUI's ``metadata.folder_id``): its project is used
    when the chat is in no folder."""
    params: dict[str, Any] = {}
    wanted: Wanted = Wanted()
    continuing: bool = False
    """The one reply is an existing one the model is asked to carry on (the app's "Continue")."""


class ChatTurns:
    def __init__(self, *, completions: Completions, catalog: ModelCatalog, chats: Chats,
                 conversations: Conversations, emitter: LiveEmitter, running: RunningReplies,
                 attachments: Attachments, projects: Projects, caught_up: Callable[[int | None], None],
                 checkpoint_seconds: float = CHECKPOINT_SECONDS) -> None:
        self._completions = completions
        self._catalog = catalog
        self._chats = chats
        self._conversations = conversations
        self._emitter = emitter
        self._running = running
        self._attachments = attachments
        self._projects = projects
        self._caught_up = caught_up
        self._checkpoint_seconds = checkpoint_seconds
        self._after = AfterReply(completions, catalog, chats, caught_up)
        self._tasks: set[asyncio.Task[None]] = set()

    async def begin(self, turn: Turn, caller: Caller) -> list[str]:
        """Record the turn and start its replies; their task ids. Nothing is recorded for a model
        the caller may not use, and someone else's chat does not exist (``ChatNotFoundError``)."""
        knowledge = {slot.model: (await self._catalog.resolve(slot.model, caller)).knowledge for slot in turn.replies}
        history, shown, system = await anyio.to_thread.run_sync(self._opened, turn, caller, knowledge)
        chat_id, handles = str(turn.chat_id), [Handle() for _ in turn.replies]
        for handle in handles:  # listed before they are recorded as running: see ``running``
            await self._running.add(handle.task_id, chat_id, handle.stop)
        try:
            replies = [await self._start(turn, slot, shown[slot.model], caller, system) for slot in turn.replies]
            await anyio.to_thread.run_sync(self._caught_up, replies[-1].position)
            folder_id = await anyio.to_thread.run_sync(self._conversations.folder_of, chat_id)
        except BaseException:
            with anyio.CancelScope(shield=True):
                for handle in handles:
                    await self._running.remove(handle.task_id, chat_id)
            raise
        self._events(turn, caller, replies[0].id)("chat:active", {"active": True, "folder_id": folder_id})
        for n, (handle, reply, slot) in enumerate(zip(handles, replies, turn.replies, strict=True)):
            self._spawn(handle, turn, caller, reply, history, first=n == 0, sources=shown[slot.model].sources)
        return [handle.task_id for handle in handles]

    async def running(self, chat_id: UUID, user_id: str) -> list[str]:
        """The task ids of the chat's replies being generated; none for someone else's chat.

        A reply is listed before its start is recorded and until its end is, so one that the chat
        shows as running and no process lists was left by a process that died (or could not record
        its end): it ends here, as interrupted. The app asks this whenever its socket connects."""
        try:
            chat = await anyio.to_thread.run_sync(self._chats.owned_chat, chat_id, user_id)
        except ChatError:
            return []
        task_ids = await self._running.of_chat(str(chat_id))
        if not task_ids and chat.replying:
            await anyio.to_thread.run_sync(self._abandon, chat_id, user_id, sorted(chat.replying))
        return task_ids

    async def stop(self, chat_id: UUID, user_id: str) -> list[str]:
        """Stop the chat's replies wherever they run; each keeps what it had, as complete. Replies
        that no process runs any more (it died) end as interrupted, with their last checkpoint."""
        chat = await anyio.to_thread.run_sync(self._chats.owned_chat, chat_id, user_id)
        stopped = await self._running.stop_chat(str(chat_id))
        if not stopped and chat.replying:
            await anyio.to_thread.run_sync(self._abandon, chat_id, user_id, sorted(chat.replying))
        return stopped

    def _abandon(self, chat_id: UUID, user_id: str, reply_ids: list[str]) -> None:
        position = None
        for reply_id in reply_ids:
            stored = self._conversations.branch(str(chat_id), reply_id)
            content = (stored[-1].content or "") if stored else ""
            position = self._chats.fail_reply(FailReply(
                chat_id=chat_id, actor_id=user_id, reply_id=reply_id, content=content, error=INTERRUPTED))
        self._caught_up(position)

    async def close(self) -> None:
        """Shutting down: every reply still running ends, recorded as interrupted."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _opened(self, turn: Turn, caller: Caller, knowledge: dict[str, tuple[dict[str, Any], ...]],
                ) -> tuple[list[dict[str, Any]], dict[str, Shown], str | None]:
        """Record the turn's opening; the conversation as the after-reply tasks read it (role and
        content; they pass over the files), and as each model is shown it (with what the person
        attached, its preset's ``knowledge`` and the chat's folder's; models with the same
        knowledge share one retrieval); and the folder's system prompt, in one trip to a thread."""
        project = self._projects.of(self._open(turn, caller.user_id) or turn.folder_id, caller)
        history = self._history(turn)
        named = {model: (*items, *project.knowledge) for model, items in knowledge.items()}
        retrieved: dict[bytes, Shown] = {}
        for items in named.values():
            key = msgspec.json.encode(items)
            if key not in retrieved:
                retrieved[key] = self._attachments.shown(history, caller, items)
        return history, {model: retrieved[msgspec.json.encode(items)] for model, items in named.items()}, project.system

    def _open(self, turn: Turn, user_id: str) -> str | None:
        """The chat's folder, as its aggregate has it (moved out a moment ago: none)."""
        if turn.new_chat is not None:
            self._chats.create_chat(turn.new_chat)
            return turn.new_chat.folder_id
        chat = self._chats.owned_chat(turn.chat_id, user_id)
        if turn.continuing and turn.replies[0].message_id not in chat.parents:
            raise MessageNotFoundError(turn.chat_id, turn.replies[0].message_id)
        return chat.folder_id

    def _history(self, turn: Turn) -> list[dict[str, Any]]:
        """The branch down to the prompt: as the chat has it (a regenerated reply), or down to the
        prompt's parent and then the prompt itself (a new message); with the files each carries
        (``files``, only where there are any)."""
        chat_id, prompt = str(turn.chat_id), turn.prompt
        if turn.continuing:  # down to the reply itself, which the model carries on
            stored = self._conversations.branch(chat_id, turn.replies[0].message_id)
        else:
            stored = self._conversations.branch(chat_id, prompt.id) if prompt is not None else []
        spoken = [(m.role, m.content, m.files) for m in stored]
        if not spoken:
            spoken = [(m.role, m.content, m.files) for m in self._conversations.branch(chat_id, turn.parent_id)]
            if prompt is not None:
                spoken.append(("user", prompt.fields.get("content") or "", prompt.fields.get("files")))
        return [{"role": role, "content": content or "", "files": files} if files else
                {"role": role, "content": content or ""} for role, content, files in spoken
                if role in SPOKEN_ROLES and (content or role == "user")]

    async def _start(self, turn: Turn, slot: ReplySlot, shown: Shown, caller: Caller, system: str | None) -> Reply:
        """``system``: the folder's system prompt, before the person's own (and the preset's before both)."""
        history = shown.messages
        so_far = history[-1]["content"] if turn.continuing and history and history[-1]["role"] == "assistant" else ""
        return await self._completions.start(CompletionRequest(
            model=slot.model, messages=with_system(system, [*turn.system, *history]), params=turn.params,
            chat_id=turn.chat_id,
            prompt=turn.prompt, reply_id=slot.message_id, parent_id=turn.parent_id, prefix=so_far,
            extra={"modelIdx": slot.model_idx, "user_id": caller.user_id, **shown.kept()},
            citations=shown.citations), caller)

    def _spawn(self, handle: Handle, turn: Turn, caller: Caller, reply: Reply, history: list[dict[str, Any]],
               first: bool, sources: list[dict[str, Any]]) -> None:
        handle.reply = reply
        if handle.stopped:
            reply.stop()  # stopped before it began: it ends at once, empty
        task = asyncio.get_running_loop().create_task(self._run(handle, turn, caller, reply, history, first,
                                                                sources))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, handle: Handle, turn: Turn, caller: Caller, reply: Reply,
                   history: list[dict[str, Any]], first: bool, sources: list[dict[str, Any]]) -> None:
        handle.task = asyncio.current_task()  # from now on a stop cancels it (never before it runs)
        events = self._events(turn, caller, reply.id)
        if sources:  # the citations come before the words, as Open WebUI sends them
            events("chat:completion", {"sources": sources})
        try:
            if await self._generate(reply, turn, caller, events):
                conversation = [*history, {"role": "assistant", "content": reply.content}]
                wanted = turn.wanted if first else Wanted(follow_ups=turn.wanted.follow_ups)
                await self._after.run(wanted, conversation, reply.model, caller, events)
        except Exception:
            log.exception("turn.failed", chat_id=str(turn.chat_id), reply_id=reply.id)
        finally:
            with anyio.CancelScope(shield=True):
                await self._finish(handle.task_id, turn, events)

    async def _generate(self, reply: Reply, turn: Turn, caller: Caller, events: ChatEvents) -> bool:
        """Stream the reply to the room; True if it completed (not failed, not stopped)."""
        item_id = f"msg_{reply.id}"
        try:
            await reply.begin()
            checkpointed = time.monotonic()
            # Closed on the way out, whatever interrupts it, so that the reply records how it ended.
            async with aclosing(aiter(reply)) as pieces:
                async for delta in pieces:
                    if delta.content:
                        events("response:completion", {
                            "type": "response.output_text.delta", "item_id": item_id, "output_index": 0,
                            "content_index": 0, "delta": delta.content})
                    if time.monotonic() - checkpointed >= self._checkpoint_seconds:
                        await self._checkpoint(reply, turn, caller)
                        checkpointed = time.monotonic()
        except UpstreamError as error:  # recorded on the reply, as any failure is
            await self._failed(reply, str(error), events)
            return False
        except Exception:
            log.exception("reply.broken", reply_id=reply.id)
            await self._failed(reply, INTERRUPTED, events)
            return False
        except asyncio.CancelledError:
            if not reply.stopped:
                raise  # shutting down: the reply was recorded as interrupted
            await self._shown(reply)
            events("chat:completion", {"done": True, "output": _output(item_id, reply.content)})
            return False
        await self._shown(reply)
        events("chat:completion", {"done": True, "output": _output(item_id, reply.content),
                                   **({"usage": reply.usage} if reply.usage else {})})
        return not reply.stopped

    async def _failed(self, reply: Reply, error: str, events: ChatEvents) -> None:
        await self._shown(reply)
        events("chat:message:error", {"error": {"content": error}, "done": True})

    async def _checkpoint(self, reply: Reply, turn: Turn, caller: Caller) -> None:
        command = CheckpointReply(chat_id=turn.chat_id, actor_id=caller.user_id, reply_id=reply.id,
                                  content=reply.content)
        try:
            await anyio.to_thread.run_sync(self._chats.checkpoint_reply, command)
        except (ChatError, ConflictError) as problem:
            log.info("reply.checkpoint_skipped", reply_id=reply.id, reason=repr(problem))

    async def _shown(self, reply: Reply) -> None:
        """Read-your-writes: the chat view shows how the reply ended before the SPA hears of it."""
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(self._caught_up, reply.position)

    async def _finish(self, task_id: str, turn: Turn, events: ChatEvents) -> None:
        chat_id = str(turn.chat_id)
        try:
            await self._running.remove(task_id, chat_id)
            if not await self._running.of_chat(chat_id):
                folder_id = await anyio.to_thread.run_sync(self._conversations.folder_of, chat_id)
                events("chat:active", {"active": False, "folder_id": folder_id})
        except Exception:
            log.exception("turn.unregistered", task_id=task_id, chat_id=chat_id)

    def _events(self, turn: Turn, caller: Caller, message_id: str) -> ChatEvents:
        return ChatEvents(self._emitter, caller.user_id, str(turn.chat_id), message_id)


class Handle:
    """A reply's entry in the task list: taken before the reply is recorded as started, and its
    way to be stopped, before its task runs as well as while it runs."""

    def __init__(self) -> None:
        self.task_id = str(uuid.uuid4())
        self.reply: Reply | None = None
        self.task: asyncio.Task[None] | None = None
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True
        if self.reply is not None:
            self.reply.stop()
        if self.task is not None:
            self.task.cancel()


def _output(item_id: str, text: str) -> list[dict[str, Any]]:
    """The reply as Open WebUI 0.12's output items: one assistant message of one text part."""
    return [{"type": "message", "id": item_id, "status": "completed", "role": "assistant",
             "content": [{"type": "output_text", "text": text}]}]
