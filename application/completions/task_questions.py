"""A task's question (a title, tags, follow-ups) put to the model that answers tasks for a chat:
the admin's task model when one is set and the person may use it, else the chat's own; with the
admin's prompt when set, else ours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from application.completions import prompts
from application.completions.params import PASSED
from application.completions.service import CompletionRequest, Completions
from application.completions.templates import fill
from application.models.catalog import Caller, ModelCatalog
from application.models.ports import UpstreamError
from application.models.tasks import MODEL_SETTINGS, Task, TaskConfig
from domain.models.errors import ModelError

log = structlog.get_logger()


@dataclass(frozen=True)
class TaskQuestions:
    completions: Completions
    config: TaskConfig
    model: str
    caller: Caller

    async def ask(self, task: Task, conversation: list[dict[str, Any]]) -> str | None:
        """The model's whole answer, or None if it could not give one (a task is never worth an error)."""
        question = fill(self.config.template(task) or prompts.BUILT_IN[task], conversation, datetime.now())
        params = {k: v for k, v in self.config.params.items() if k in PASSED}
        request = CompletionRequest(model=self.model, messages=[{"role": "user", "content": question}],
                                    params=params, task=True)
        try:
            reply = await self.completions.start(request, self.caller)
            return await reply.collect()
        except (UpstreamError, ModelError) as error:
            # Neither the model nor a model error's text: a preset's id is its creator's, and a log
            # line outlives their forgetting.
            log.warning("after_reply.unanswered", task=task,
                        error=type(error).__name__ if isinstance(error, ModelError) else repr(error))
            return None


async def task_questions(completions: Completions, catalog: ModelCatalog, chat_model: str,
                         caller: Caller) -> TaskQuestions:
    config = await catalog.task_config()
    usable: dict[str, dict[str, Any]] = {}
    if any(config.settings[name] for name in MODEL_SETTINGS):
        usable = {m["id"]: m for m in await catalog.available(caller)}
    return TaskQuestions(completions, config, config.model_for(chat_model, usable), caller)
