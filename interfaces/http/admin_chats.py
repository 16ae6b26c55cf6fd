"""The admin panel's view of a person's chats (Users > a person > Chats), as Open WebUI 0.12.4
offers it: only while admins may read others' chats (``ENABLE_ADMIN_CHAT_ACCESS``), and each read
recorded in the audit trail before it is answered (no record, no answer)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import NotAuthorizedException
from litestar.params import Parameter

from application.audit.commands import RecordDisclosure
from infrastructure.bootstrap import Container
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import PAGE
from interfaces.http.errors import NOT_ALLOWED

Json = dict[str, Any]


@get("/api/v1/chats/list/user/{user_id:str}", sync_to_thread=True, guards=[admins])
def chats_of_person(request: Request[Any, Any, Any], user_id: str, user: SessionUser, container: Container,
                    page: int | None = Parameter(default=None, **PAGE)) -> list[Json]:
    if not container.settings.admin_chat_access:
        raise NotAuthorizedException(NOT_ALLOWED)
    chats = container.chat_views.list_chats(user_id, page=page, archived=None)
    if user_id != user.id:
        container.audit.record_disclosure(RecordDisclosure(
            user_id=user.id, owners=[user_id], resource=f"chats of {user_id}", path=request.url.path))
    return [{"id": c["id"], "title": c["title"], "updated_at": c["updated_at"], "created_at": c["created_at"]}
            for c in chats]


ROUTES = [chats_of_person]
