"""What the SPA asks to be done once a reply is complete (its ``background_tasks``): follow-up
suggestions, a title and tags, each asked as Open WebUI asks it (of the admin's task model, with
the admin's prompt, unless the admin turned the task off), each result an event, and each
announced on the person's Socket.IO room once the chat view shows it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import anyio
import msgspec
import structlog

from application.chats.commands import RenameChat, RetagChat
from application.chats.reply_commands import SuggestFollowUps
from application.chats.service import Chats
from application.completions import prompts
from application.completions.service import Completions
from application.completions.task_questions import TaskQuestions, task_questions
from application.completions.templates import text_of
from application.context import ConflictError
from application.live import LiveEmitter
from application.models.catalog import Caller, ModelCatalog
from application.models.tasks import TaskConfig
from domain.chats.errors import ChatError

log = structlog.get_logger()

MAX_FALLBACK_TITLE = 100


class Wanted(msgspec.Struct, frozen=True, kw_only=True):
    """The SPA's ``background_tasks``. ``title``: None when not asked for (a later turn), False
    when asked for but generation is off (the first message becomes the title)."""

    title: bool | None = None
    tags: bool = False
    follow_ups: bool = False

    def allowed_by(self, config: TaskConfig) -> Wanted:
        """The admin's switches: a task turned off is not asked (titles, then, are the first
        message, as when the SPA asks for none to be generated, and as in Open WebUI)."""
        return Wanted(title=None if self.title is None else self.title and config.enabled("title"),
                      tags=self.tags and config.enabled("tags"),
                      follow_ups=self.follow_ups and config.enabled("follow_ups"))


@dataclass(frozen=True)
class ChatEvents:
    """Open WebUI's ``events`` for one message of a chat, sent to its owner's connections."""

    emitter: LiveEmitter
    user_id: str
    chat_id: str
    message_id: str

    def __call__(self, kind: str, data: Any) -> None:
        self.emitter.emit_to_user(self.user_id, "events", {
            "chat_id": self.chat_id, "message_id": self.message_id, "data": {"type": kind, "data": data}})


class AfterReply:
    def __init__(self, completions: Completions, catalog: ModelCatalog, chats: Chats,
                 caught_up: Callable[[int | None], None]) -> None:
        self._completions = completions
        self._catalog = catalog
        self._chats = chats
        self._caught_up = caught_up

    async def run(self, wanted: Wanted, conversation: list[dict[str, Any]], model: str, caller: Caller,
                  events: ChatEvents) -> None:
        """``conversation``: the branch down to the reply, which is its last message."""
        if wanted == Wanted():
            return
        questions = await task_questions(self._completions, self._catalog, model, caller)
        wanted, chat_id, jobs = wanted.allowed_by(questions.config), UUID(events.chat_id), []
        if wanted.follow_ups:
            jobs.append(self._follow_ups(conversation, questions, events, chat_id))
        if wanted.title is not None:
            jobs.append(self._title(wanted.title, conversation, questions, events, chat_id))
        if wanted.tags:
            jobs.append(self._tags(conversation, questions, events, chat_id))
        for outcome in await asyncio.gather(*jobs, return_exceptions=True):  # asked side by side
            if isinstance(outcome, ChatError | ConflictError):  # deleted meanwhile, or too contended
                log.info("after_reply.abandoned", chat_id=events.chat_id, reason=repr(outcome))
            elif isinstance(outcome, BaseException):
                raise outcome

    async def _follow_ups(self, conversation: list[dict[str, Any]], questions: TaskQuestions,
                          events: ChatEvents, chat_id: UUID) -> None:
        answer = await questions.ask("follow_ups", conversation)
        if answer is None:
            return
        follow_ups = prompts.follow_ups_of(answer)
        if follow_ups:
            await self._record(self._chats.suggest_follow_ups, SuggestFollowUps(
                chat_id=chat_id, actor_id=events.user_id, message_id=events.message_id, follow_ups=follow_ups))
        events("chat:message:follow_ups", {"follow_ups": follow_ups})

    async def _title(self, generate: bool, conversation: list[dict[str, Any]], questions: TaskQuestions,
                     events: ChatEvents, chat_id: UUID) -> None:
        written = None
        if generate:
            written = prompts.title_of(await questions.ask("title", conversation) or "")
        elif len(conversation) > 2:
            return  # not generating, and past the first exchange: the title stays
        title = written or _first_words(conversation)
        if not title:
            return
        await self._record(self._chats.rename_chat, RenameChat(
            chat_id=chat_id, actor_id=events.user_id, title=title,
            written_after=None if written is None else events.message_id))
        events("chat:title", title)

    async def _tags(self, conversation: list[dict[str, Any]], questions: TaskQuestions,
                    events: ChatEvents, chat_id: UUID) -> None:
        tags = prompts.tags_of(await questions.ask("tags", conversation) or "")
        if tags is None:
            return
        await self._record(self._chats.retag_chat, RetagChat(
            chat_id=chat_id, actor_id=events.user_id, names=tags, written_after=events.message_id))
        events("chat:tags", tags)

    async def _record(self, command: Callable[[Any], int | None], argument: Any) -> None:
        position = await anyio.to_thread.run_sync(command, argument)
        await anyio.to_thread.run_sync(self._caught_up, position)


def _first_words(conversation: list[dict[str, Any]]) -> str:
    """Open WebUI's fallback title: the person's first message."""
    first = next((m for m in conversation if m.get("role") == "user"), None)
    text = " ".join(text_of(first).split()) if first else ""
    return text if len(text) <= MAX_FALLBACK_TITLE else text[:MAX_FALLBACK_TITLE] + "..."
