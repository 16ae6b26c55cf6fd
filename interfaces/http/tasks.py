"""Open WebUI's task endpoints for replies being generated: which run for a chat, and stopping them."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from application.completions.running import RunningReplies
from application.completions.turns import ChatTurns
from domain.chats.errors import ChatNotFoundError
from interfaces.http.access import admins, members
from interfaces.http.auth import SessionUser
from interfaces.http.errors import NOT_FOUND
from projections.runtime.settling import reads


def _chat_uuid(chat_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(chat_id)
    except ValueError:
        return None


@get("/api/tasks/chat/{chat_id:str}", guards=[members])
async def chat_tasks(chat_id: FromPath[str], user: NamedDependency[SessionUser],
                     turns: NamedDependency[ChatTurns]) -> dict[str, Any]:
    """Someone else's chat, or a chat that does not exist, has no tasks (as in Open WebUI)."""
    chat_uuid = _chat_uuid(chat_id)
    task_ids = await turns.running(chat_uuid, user.id) if chat_uuid else []
    return {"task_ids": task_ids}


@post("/api/tasks/chat/{chat_id:str}/stop", status_code=200, guards=[members], opt=reads())
async def stop_chat_tasks(chat_id: FromPath[str], user: NamedDependency[SessionUser],
                          turns: NamedDependency[ChatTurns]) -> dict[str, Any]:
    chat_uuid = _chat_uuid(chat_id)
    if chat_uuid is None:
        raise ChatNotFoundError(chat_id)
    stopped = await turns.stop(chat_uuid, user.id)
    if not stopped:
        return {"status": True, "message": "No tasks found."}
    return {"status": True, "message": f"Task {stopped[-1]} stopped."}


@post("/api/tasks/stop/{task_id:str}", status_code=200, guards=[admins], opt=reads())
async def stop_task(task_id: FromPath[str], replies: NamedDependency[RunningReplies]) -> dict[str, Any]:
    if not await replies.stop(task_id):
        raise NotFoundException(NOT_FOUND)
    return {"status": True, "message": f"Task {task_id} stopped."}


@get("/api/tasks", guards=[admins])
async def all_tasks(replies: NamedDependency[RunningReplies]) -> dict[str, Any]:
    return {"tasks": await replies.all()}


ROUTES = [chat_tasks, stop_chat_tasks, stop_task, all_tasks]
