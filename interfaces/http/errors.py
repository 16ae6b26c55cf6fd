"""Every refusal becomes JSON with a ``detail``, mapped from our errors in this one place."""

from __future__ import annotations

import msgspec
import psycopg
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.status_codes import (
    HTTP_202_ACCEPTED,
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_412_PRECONDITION_FAILED,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_502_BAD_GATEWAY,
    HTTP_503_SERVICE_UNAVAILABLE,
    HTTP_504_GATEWAY_TIMEOUT,
)
from litestar.types import ExceptionHandlersMap

from application.audit.as_of import DeletedByThenError, InvalidAsOfError, NotYetRecordedError, PastTheHeadError
from application.audit.person_export import PersonNotFoundError
from application.audit.trail import BadTrailQueryError
from application.context import ConflictError
from application.files.reading_line import DocumentsBusyError
from application.log_positions import request_committed
from application.models.ports import UpstreamError, UpstreamTimeout
from application.retrieval.ports import IndexStaleError
from domain.chats.errors import (
    ChatBusyError,
    ChatDeletedError,
    ChatNotFoundError,
    FolderCycleError,
    FolderNameTakenError,
    FolderNotFoundError,
    InvalidImportError,
    InvalidMessageError,
    InvalidTagError,
    MessageNotFoundError,
    PrivateShareError,
    ShareNotFoundError,
    UnknownParentError,
)
from domain.evaluations.errors import FeedbackNotFoundError, UnnamedReplyError
from domain.files.errors import (
    EmptyFileError,
    EmptyTextError,
    FileTooLargeError,
    NoSuchFileError,
    TextTooLongError,
    UnnamedFileError,
)
from domain.grants import InvalidGrantError
from domain.groups.errors import GroupNotFoundError, InvalidGroupError, UnknownPeopleError
from domain.idempotency import IdempotencyKeyReusedError
from domain.identity.errors import (
    AccountDeactivatedError,
    CannotActOnSelfError,
    EmailAlreadyRegisteredError,
    InvalidCredentialsError,
    InvalidRoleError,
    LastAdminError,
    NotProvisionedError,
    PersonOnHoldError,
    PrimaryAdminProtectedError,
    ScimIdentifierTakenError,
    SignupDisabledError,
    UserNotFoundError,
    WeakPasswordError,
)
from domain.identity.scim_providers import InvalidProviderError, ScimProviderNotFoundError
from domain.knowledge.errors import (
    FileNotInKnowledgeError,
    InvalidDocumentSettingError,
    InvalidKnowledgeError,
    KnowledgeAccessDeniedError,
    KnowledgeNotFoundError,
)
from domain.memories.errors import InvalidMemoryError, MemoryNotFoundError
from domain.models.errors import (
    InvalidConnectionConfigError,
    InvalidConnectionError,
    InvalidModelDefaultError,
    InvalidModelIdError,
    InvalidModelParamError,
    InvalidTaskSettingError,
    ModelAccessDeniedError,
    ModelIdTakenError,
    ModelNotFoundError,
    PresetOnPresetError,
    UnknownTaskModelError,
    UnusableBaseModelError,
)
from domain.retention.errors import InvalidRetentionError
from domain.text import UnstorableTextError
from domain.versions import StaleVersionError
from infrastructure.postgres_store import DATABASE_DOWN
from interfaces.http.refusals import with_record
from interfaces.scim.bodies import error_response, on_scim_path
from projections.runtime.runner import ViewBehindError

log = structlog.get_logger()

DATABASE_TROUBLE: tuple[type[Exception], ...] = (ViewBehindError, *DATABASE_DOWN)
"""The event store, the views or the log positions could not be reached (or a lock waited for in
time): each a 503 with a reason and Retry-After, never a 500."""

NOT_FOUND = "We could not find that."
NOT_ALLOWED = "You are not allowed to do this. Ask an administrator if you need access."
DEACTIVATED = ("This account is deactivated by your organisation's identity provider. Ask an administrator "
               "if you need access.")
SIGNED_OUT = "Your session has ended or the token is not valid. Please sign in again."

_STATUS_AND_DETAIL: dict[type[Exception], tuple[int, str | None]] = {
    EmailAlreadyRegisteredError: (HTTP_400_BAD_REQUEST,
                                  "This email is already registered. Sign in, or use another email."),
    SignupDisabledError: (HTTP_403_FORBIDDEN, NOT_ALLOWED),
    InvalidCredentialsError: (HTTP_400_BAD_REQUEST, "The email or password is incorrect."),
    UserNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    IndexStaleError: (HTTP_503_SERVICE_UNAVAILABLE, None),
    PrimaryAdminProtectedError: (HTTP_403_FORBIDDEN, NOT_ALLOWED),
    CannotActOnSelfError: (HTTP_403_FORBIDDEN, NOT_ALLOWED),
    PersonOnHoldError: (HTTP_409_CONFLICT, None),
    InvalidRoleError: (HTTP_400_BAD_REQUEST, None),
    WeakPasswordError: (HTTP_400_BAD_REQUEST, None),
    AccountDeactivatedError: (HTTP_403_FORBIDDEN, DEACTIVATED),
    LastAdminError: (HTTP_409_CONFLICT, None),
    ScimIdentifierTakenError: (HTTP_409_CONFLICT, None),
    NotProvisionedError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    ScimProviderNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    InvalidProviderError: (HTTP_400_BAD_REQUEST, None),
    StaleVersionError: (HTTP_412_PRECONDITION_FAILED, None),
    ChatNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    ChatDeletedError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    MessageNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    ShareNotFoundError: (HTTP_401_UNAUTHORIZED, NOT_FOUND),  # Open WebUI answers a shared link with 401
    PrivateShareError: (HTTP_401_UNAUTHORIZED, NOT_ALLOWED),
    UnknownParentError: (HTTP_400_BAD_REQUEST, None),
    InvalidMessageError: (HTTP_422_UNPROCESSABLE_ENTITY, None),
    InvalidTagError: (HTTP_400_BAD_REQUEST, None),
    InvalidImportError: (HTTP_400_BAD_REQUEST, None),
    ChatBusyError: (HTTP_409_CONFLICT, None),
    FolderNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    GroupNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    InvalidGroupError: (HTTP_400_BAD_REQUEST, None),
    UnknownPeopleError: (HTTP_400_BAD_REQUEST, None),
    FolderNameTakenError: (HTTP_400_BAD_REQUEST, None),
    FolderCycleError: (HTTP_400_BAD_REQUEST, None),
    ConflictError: (HTTP_409_CONFLICT, None),
    ModelNotFoundError: (HTTP_404_NOT_FOUND, None),
    ModelAccessDeniedError: (HTTP_401_UNAUTHORIZED, NOT_ALLOWED),
    UnusableBaseModelError: (HTTP_403_FORBIDDEN, None),
    ModelIdTakenError: (HTTP_400_BAD_REQUEST, None),
    PresetOnPresetError: (HTTP_400_BAD_REQUEST, None),
    InvalidModelIdError: (HTTP_400_BAD_REQUEST, None),
    InvalidGrantError: (HTTP_400_BAD_REQUEST, None),
    InvalidConnectionError: (HTTP_400_BAD_REQUEST, None),
    InvalidConnectionConfigError: (HTTP_400_BAD_REQUEST, None),
    InvalidTaskSettingError: (HTTP_400_BAD_REQUEST, None),
    InvalidModelDefaultError: (HTTP_400_BAD_REQUEST, None),
    InvalidModelParamError: (HTTP_400_BAD_REQUEST, None),
    UnknownTaskModelError: (HTTP_400_BAD_REQUEST, None),
    NoSuchFileError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    FeedbackNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    UnnamedReplyError: (HTTP_400_BAD_REQUEST, None),
    EmptyFileError: (HTTP_400_BAD_REQUEST, None),
    FileTooLargeError: (HTTP_413_REQUEST_ENTITY_TOO_LARGE, None),
    EmptyTextError: (HTTP_400_BAD_REQUEST, None),
    UnnamedFileError: (HTTP_400_BAD_REQUEST, None),
    TextTooLongError: (HTTP_413_REQUEST_ENTITY_TOO_LARGE, None),
    UnstorableTextError: (HTTP_400_BAD_REQUEST, None),
    IdempotencyKeyReusedError: (HTTP_422_UNPROCESSABLE_ENTITY, None),
    UpstreamTimeout: (HTTP_504_GATEWAY_TIMEOUT, None),
    UpstreamError: (HTTP_502_BAD_GATEWAY, None),
    InvalidAsOfError: (HTTP_400_BAD_REQUEST, None),
    PastTheHeadError: (HTTP_400_BAD_REQUEST, None),
    NotYetRecordedError: (HTTP_404_NOT_FOUND, None),
    BadTrailQueryError: (HTTP_400_BAD_REQUEST, None),
    PersonNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    DeletedByThenError: (HTTP_404_NOT_FOUND, None),
    InvalidRetentionError: (HTTP_400_BAD_REQUEST, None),
    KnowledgeNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    KnowledgeAccessDeniedError: (HTTP_403_FORBIDDEN, None),
    InvalidKnowledgeError: (HTTP_400_BAD_REQUEST, None),
    FileNotInKnowledgeError: (HTTP_400_BAD_REQUEST, None),
    InvalidDocumentSettingError: (HTTP_400_BAD_REQUEST, None),
    MemoryNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    InvalidMemoryError: (HTTP_400_BAD_REQUEST, None),
}


def _domain_error(request: Request, error: Exception) -> Response:
    for kind in type(error).__mro__:
        if kind in _STATUS_AND_DETAIL:
            status, detail = _STATUS_AND_DETAIL[kind]
            return with_record(request, error, Response({"detail": detail or str(error)}, status_code=status))
    return _unexpected(request, error)


def _http_error(request: Request, error: HTTPException) -> Response:
    if isinstance(error, ValidationException) or isinstance(error.__cause__, SerializationException):
        # Open WebUI (FastAPI) answers malformed bodies, unparseable JSON included, with 422; so do
        # we, with the reasons.
        return Response({"detail": error.detail, "errors": error.extra or []},
                        status_code=HTTP_422_UNPROCESSABLE_ENTITY)
    if (body_field := _misfiled_body_error(error)) is not None:
        return Response({"detail": f"invalid request body: {body_field}"}, status_code=HTTP_422_UNPROCESSABLE_ENTITY)
    status = error.status_code
    if on_scim_path(request):  # a SCIM path the router did not route (no such resource, or method)
        return error_response(status, str(error.detail), headers=error.headers)
    detail = error.detail if status != HTTP_401_UNAUTHORIZED or error.detail != "Unauthorized" else SIGNED_OUT
    return with_record(request, error, Response({"detail": detail}, status_code=status, headers=error.headers))


def _misfiled_body_error(error: HTTPException) -> str | None:
    """Litestar files a body field's validation error as a server error (500) when the field is
    named as one of the handler's dependencies (``user`` in an OpenAI completion body, say)."""
    cause = error.__cause__
    if error.status_code == HTTP_500_INTERNAL_SERVER_ERROR and isinstance(cause, msgspec.ValidationError) \
            and "`$.data" in str(cause):
        return str(cause)
    return None


DATABASE_BUSY = "The service is busy; try again in a moment."
DATABASE_AWAY = "The database cannot be reached right now; try again in a moment."
SAVED_NOT_SHOWN = "Saved, but it cannot be shown right now; reload in a moment."


def _database_trouble(request: Request, error: Exception) -> Response:
    """A 503 says nothing was done, so that the client may do it again. A request whose command
    committed before the database failed it (reading its write back, say) did something: it is
    answered 202, saying so, lest a retry do it twice."""
    busy = _busy(error)
    log.warning("database.busy" if busy else "database.unreachable", error=repr(error),
                committed=request_committed())
    if request_committed():
        return Response({"detail": SAVED_NOT_SHOWN, "saved": True}, status_code=HTTP_202_ACCEPTED)
    detail, retry_after = (DATABASE_BUSY, "1") if busy else (DATABASE_AWAY, "5")
    return Response({"detail": detail}, status_code=HTTP_503_SERVICE_UNAVAILABLE,
                    headers={"Retry-After": retry_after})


def _busy(error: Exception) -> bool:
    """Waited too long for a lock (a view, SQLite's write lock), rather than for the database."""
    cause = getattr(error, "orig", None) or error.__cause__
    return (isinstance(error, ViewBehindError) or isinstance(cause, psycopg.errors.LockNotAvailable)
            or getattr(cause, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")))


_UNREADABLE = {RecursionError: "The request nests too deeply.", UnicodeDecodeError: "The request is not UTF-8."}


def _unreadable(request: Request, error: Exception) -> Response:
    # msgspec raises these rather than a decode error for JSON nested past the recursion limit, or
    # with strings that are not UTF-8; in a request they come from the body.
    return Response({"detail": _UNREADABLE[type(error)]}, status_code=HTTP_422_UNPROCESSABLE_ENTITY)


def _documents_busy(request: Request, error: Exception) -> Response:
    assert isinstance(error, DocumentsBusyError)
    log.warning("documents.busy")
    return Response({"detail": str(error)}, status_code=HTTP_503_SERVICE_UNAVAILABLE,
                    headers={"Retry-After": str(error.retry_after)})


def _unexpected(request: Request, error: Exception) -> Response:
    log.error("request.failed", error=repr(error), exc_info=error)
    return Response({"detail": "Something went wrong on our side."}, status_code=HTTP_500_INTERNAL_SERVER_ERROR)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {  # declared: mypy's inference of it varied from run to run
    HTTPException: _http_error,
    **{kind: _domain_error for kind in _STATUS_AND_DETAIL},
    **{kind: _unreadable for kind in _UNREADABLE},
    **{kind: _database_trouble for kind in DATABASE_TROUBLE},
    DocumentsBusyError: _documents_busy,
    Exception: _unexpected,
}
