"""The admin panel's view of a person's chats (Users > a person > Chats), as Open WebUI 0.12.4
offers it: the list, and a chat opened from it (the SPA opens it as ``/s/{chat id}``, whose
shared-chat request an admin's answers with the chat itself). Only while admins may read others'
chats (``ENABLE_ADMIN_CHAT_ACCESS``), and each read recorded in the audit trail before it is
answered (no record, no answer)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException
from litestar.params import FromPath, Parameter

from application.audit.commands import RecordDisclosure
from application.audit.service import Audit
from infrastructure.settings import Settings
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import PAGE
from interfaces.http.errors import NOT_ALLOWED
from projections.chats.queries import ChatQueries

Json = dict[str, Any]


@get("/api/v1/chats/list/user/{user_id:str}", sync_to_thread=True, guards=[admins])
def chats_of_person(request: Request[Any, Any, Any], user_id: FromPath[str], user: NamedDependency[SessionUser],
                    settings: NamedDependency[Settings], audit: NamedDependency[Audit],
                    chat_views: NamedDependency[ChatQueries],
                    page: int | None = Parameter(default=None, **PAGE)) -> list[Json]:
    if not settings.admin_chat_access:
        raise NotAuthorizedException(NOT_ALLOWED)
    chats = chat_views.list_chats(user_id, page=page, archived=None)
    _disclosing(request, user, user_id, f"chats of {user_id}", audit)
    return [{"id": c["id"], "title": c["title"], "updated_at": c["updated_at"], "created_at": c["created_at"]}
            for c in chats]


def opened_by_admin(request: Request[Any, Any, Any], chat_id: str, viewer: SessionUser | None,
                    settings: Settings, audit: Audit, chat_views: ChatQueries) -> Json | None:
    """The chat an admin opened from the panel, as Open WebUI's shared-chat route gives it to
    admins; None when the viewer is no such admin or there is no such chat (a share, perhaps)."""
    if viewer is None or not viewer.is_admin or not settings.admin_chat_access:
        return None
    chat = chat_views.get_chat(chat_id)
    if chat is not None:
        _disclosing(request, viewer, chat["user_id"], f"chat {chat_id}", audit)
    return chat


def _disclosing(request: Request[Any, Any, Any], reader: SessionUser, owner: str, resource: str,
                audit: Audit) -> None:
    if owner != reader.id:
        audit.record_disclosure(RecordDisclosure(
            user_id=reader.id, owners=[owner], resource=resource, path=request.url.path))


ROUTES = [chats_of_person]
