"""Refusals worth an audit record, and their recording after the answer has been sent.

Which refusals count: a token or API key presented and rejected, a role, a permission or the API-key
settings that do not allow the call, and an attempt at what belongs to someone else, however it is
answered (often as a 404, since its existence is private too). A request without any token is not
an attempt and is not recorded. A flood of them is recorded as a few records and counts
(``application.audit.aggregation``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import anyio
import structlog
from eventsourcing.persistence import PersistenceError
from litestar import Request, Response
from litestar.background_tasks import BackgroundTask
from litestar.connection import ASGIConnection
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.status_codes import HTTP_403_FORBIDDEN

from application.audit.commands import RecordRefusal
from application.audit.service import Audit
from domain.audit.refusal import RefusalKind
from domain.chats.errors import ForeignChatError, ForeignFolderError, PrivateShareError
from domain.evaluations.errors import ForeignFeedbackError
from domain.files.errors import ForeignFileError
from domain.identity.errors import (
    CannotActOnSelfError,
    PrimaryAdminProtectedError,
    SignupDisabledError,
)
from domain.knowledge.errors import ForeignKnowledgeError, KnowledgeAccessDeniedError
from domain.models.errors import ForeignPresetError, ModelAccessDeniedError, UnusableBaseModelError
from interfaces.http.addresses import client_address

log = structlog.get_logger()
COUNTS_SECONDS = 2.0


class TokenRefusedError(NotAuthorizedException):
    """A presented token that is forged, expired, or of a session that has ended."""

    def __init__(self, detail: str, reason: str) -> None:
        super().__init__(detail)
        self.reason = reason


class RoleRefusedError(NotAuthorizedException):
    def __init__(self, detail: str, user_id: str, role: str) -> None:
        super().__init__(detail)
        self.user_id = user_id
        self.reason = f"role {role} may not do this"


class PermissionRefusedError(HTTPException):
    """What the members' permissions (``USER_PERMISSIONS_*``) leave off, asked by a member."""

    def __init__(self, status_code: int, detail: str, user_id: str, permission: str) -> None:
        super().__init__(status_code=status_code, detail=detail)
        self.user_id = user_id
        self.reason = f"members' permission {permission} is off"


class ApiKeyRefusedError(HTTPException):
    """An API key made or used where the workspace's settings let none go (off, or not on that path)."""

    def __init__(self, detail: str, user_id: str, reason: str) -> None:
        super().__init__(status_code=HTTP_403_FORBIDDEN, detail=detail)
        self.user_id = user_id
        self.reason = reason


class RuleRefusal(Exception):
    """The authorisation service's refusal, raised as the cause of the error its context answers
    with: the refusal's record then names the rule that refused (``Decision.reason``), not only
    the error's kind."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_DOMAIN_REASONS: dict[type[Exception], str] = {
    ForeignChatError: "someone else's chat",
    ForeignFolderError: "someone else's folder",
    PrivateShareError: "someone else's private share",
    ForeignFileError: "someone else's file",
    ForeignKnowledgeError: "someone else's knowledge base",
    KnowledgeAccessDeniedError: "a knowledge base they may only read",
    ForeignFeedbackError: "someone else's rating",
    ModelAccessDeniedError: "a model not shared with them",
    ForeignPresetError: "someone else's model preset",
    UnusableBaseModelError: "a preset on a model not shared with them",
    PrimaryAdminProtectedError: "the primary admin is protected",
    CannotActOnSelfError: "admins may not do this to themselves",
    SignupDisabledError: "sign-up is disabled",
}


def remember_caller(connection: ASGIConnection[Any, Any, Any, Any], user_id: str) -> None:
    """Who is calling, for a refusal raised later in the request."""
    connection.state.caller_id = user_id


def with_record(request: Request[Any, Any, Any], error: Exception, response: Response[Any]) -> Response[Any]:
    """The response, carrying the refusal's record as a task run once it is sent."""
    assert response.status_code is not None, "an error's response states its status"
    refusal = _refusal(request, error, response.status_code)
    if refusal is not None:
        response.background = BackgroundTask(record, request, refusal)
    return response


def record(request: Request[Any, Any, Any], refusal: RecordRefusal) -> None:
    """Run after an exception handler's answer, where no dependency reaches: it reads the audit off
    the container in app state, as the guards do."""
    try:
        request.app.state.container.audit.record_refusal(refusal)
    except PersistenceError as error:  # the answer stands; a lost record is logged, not raised
        log.warning("audit.refusal_not_recorded", error=repr(error), kind=refusal.kind, reason=refusal.reason)


class RefusalCounts:
    """Records the counts of refusals not recorded one by one as their interval ends (so a flood
    that stopped is still told), and every count held when the server stops."""

    def __init__(self, audit: Audit, every_seconds: float = COUNTS_SECONDS) -> None:
        self._audit = audit
        self._every = every_seconds
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._record_every_interval())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        await anyio.to_thread.run_sync(_logging_failure, self._audit.record_all_counts)

    async def _record_every_interval(self) -> None:
        while True:
            await anyio.sleep(self._every)
            await anyio.to_thread.run_sync(_logging_failure, self._audit.record_counts_due)


def _logging_failure(record_counts: Callable[[], object]) -> None:
    try:
        record_counts()
    except Exception as error:  # noqa: BLE001 - the counts wait for the next turn; the timer must go on
        log.warning("audit.counts_not_recorded", error=repr(error))


def record_sign_in_refusal(request: Request[Any, Any, Any], email: str, reason: str, status: int) -> None:
    record(request, _command(request, "sign_in", reason, status, email=email.strip().lower()))


def _refusal(request: Request[Any, Any, Any], error: Exception, status: int) -> RecordRefusal | None:
    if isinstance(error, TokenRefusedError):
        return _command(request, "token", error.reason, status)
    if isinstance(error, RoleRefusedError | PermissionRefusedError | ApiKeyRefusedError):
        return _command(request, "permission", error.reason, status, user_id=error.user_id)
    reason = next((r for kind, r in _DOMAIN_REASONS.items() if isinstance(error, kind)), None)
    if reason is None:
        return None
    if isinstance(error.__cause__, RuleRefusal):
        reason = error.__cause__.reason
    return _command(request, "permission", reason, status, user_id=getattr(request.state, "caller_id", None))


def _command(request: Request[Any, Any, Any], kind: RefusalKind, reason: str, status: int, *,
             user_id: str | None = None, email: str | None = None) -> RecordRefusal:
    asked = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path  # as sent, not normalised
    return RecordRefusal(kind=kind, reason=reason, method=request.method, path=asked, status=status,
                         address=client_address(request), user_id=user_id, email=email)
