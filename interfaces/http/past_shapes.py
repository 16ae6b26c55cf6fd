"""Resources as they were, in the shapes their endpoints answer today, as far as their aggregates
hold the data: an aggregate keeps what its invariants need (a chat its messages' ids and links,
not their texts), so what it lacks is null or empty, never guessed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from domain.chats.chat import Chat
from domain.chats.folder import Folder
from domain.evaluations.feedback import Feedback
from domain.identity.user import User
from domain.models.preset import ModelPreset

Json = dict[str, Any]


def chat_as_it_was(chat: Chat) -> Json:
    children: dict[str | None, list[str]] = {}
    for message_id, parent_id in chat.parents.items():
        children.setdefault(parent_id, []).append(message_id)
    messages = {m: {"id": m, "parentId": p, "childrenIds": children.get(m, [])} for m, p in chat.parents.items()}
    branch: list[Json] = []
    cursor = chat.current_message_id
    while cursor in messages:
        branch.insert(0, messages[cursor])
        cursor = chat.parents[cursor]
    tags = list(chat.tags)
    return {**_row(chat), "user_id": chat.owner_id, "title": chat.title, "share_id": chat.share_id,
            "archived": chat.archived, "pinned": chat.pinned, "folder_id": chat.folder_id, "meta": {"tags": tags},
            "chat": {"id": str(chat.id), "title": chat.title, "tags": tags, "messages": branch,
                     "history": {"messages": messages, "currentId": chat.current_message_id}},
            "current_message_id": chat.current_message_id}


def folder_as_it_was(folder: Folder) -> Json:
    return {**_row(folder), "parent_id": folder.parent_id, "user_id": folder.owner_id, "name": folder.name,
            "items": None, "meta": None, "data": None, "is_expanded": folder.expanded}


def user_record_as_it_was(user: User) -> Json:
    """As the user directory's record (``interfaces.http.users.user_model`` shapes it)."""
    return {**_row(user), "email": user.email, "name": user.name, "role": user.role, "profile_image_url": None,
            "last_active_at": None}


def feedback_as_it_was(feedback: Feedback) -> Json:
    return {**_row(feedback), "user_id": feedback.rater_id, "version": 0, "type": None, "data": None,
            "meta": {"chat_id": feedback.chat_id, "message_id": feedback.message_id}}


def preset_as_it_was(preset: ModelPreset) -> Json:
    return {**_row(preset), "id": preset.model_id, "user_id": preset.owner_id, "base_model_id": preset.base_model_id,
            "name": None, "params": {}, "meta": {}, "access_grants": msgspec.to_builtins(preset.grants),
            "is_active": preset.is_active, "version_id": None}


def _row(aggregate: Any) -> Json:
    return {"id": str(aggregate.id), "created_at": _epoch(aggregate.created_on),
            "updated_at": _epoch(aggregate.modified_on)}


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())
