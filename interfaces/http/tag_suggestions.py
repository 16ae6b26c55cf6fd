"""/api/v1/tasks/tags/completions: the tags a model suggests for a rated reply's conversation, as
Open WebUI 0.12.4's app asks after a thumbs up or down (it keeps them with the rating). Asked as
the tags after a reply are (the admin's task model and prompt, else the chat's model and ours)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.completions.service import Completions
from application.completions.task_questions import task_questions
from application.models.catalog import ModelCatalog
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from projections.runtime.settling import reads

Json = dict[str, Any]


class TagsForm(msgspec.Struct):
    model: str
    messages: list[dict[str, Any]]
    chat_id: str | None = None


@post("/api/v1/tasks/tags/completions", status_code=200, guards=[members], opt=reads())
async def suggest_tags(data: JSONBody[TagsForm], user: NamedDependency[SessionUser],
                       catalog: NamedDependency[ModelCatalog],
                       completions: NamedDependency[Completions]) -> Json:
    """An OpenAI-shaped answer whose content is the model's (the app finds the JSON in it); empty
    when the model could not answer, which the app takes as no tags."""
    if not (await catalog.task_config()).enabled("tags"):
        return {"detail": "Tags generation is disabled"}
    conversation = [{"role": m.get("role"), "content": m.get("content")} for m in data.messages]
    questions = await task_questions(completions, catalog, data.model, user.model_caller)
    answer = await questions.ask("tags", conversation) or ""
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": answer}}]}


ROUTES = [suggest_tags]
