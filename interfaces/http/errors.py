"""Every refusal becomes JSON with a ``detail``, mapped from our errors in this one place."""

from __future__ import annotations

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_502_BAD_GATEWAY,
    HTTP_503_SERVICE_UNAVAILABLE,
    HTTP_504_GATEWAY_TIMEOUT,
)
from sqlalchemy.exc import OperationalError

from application.context import ConflictError
from application.models.ports import UpstreamError, UpstreamTimeout
from domain.chats.errors import (
    ChatDeletedError,
    ChatNotFoundError,
    FolderCycleError,
    FolderNameTakenError,
    FolderNotFoundError,
    InvalidMessageError,
    InvalidTagError,
    MessageNotFoundError,
    PrivateShareError,
    ShareNotFoundError,
    UnknownParentError,
)
from domain.evaluations.errors import FeedbackNotFoundError, UnnamedReplyError
from domain.files.errors import EmptyFileError, FileTooLargeError, NoSuchFileError
from domain.grants import InvalidGrantError
from domain.identity.errors import (
    CannotActOnSelfError,
    EmailAlreadyRegisteredError,
    InvalidCredentialsError,
    InvalidRoleError,
    PrimaryAdminProtectedError,
    SignupDisabledError,
    UserNotFoundError,
    WeakPasswordError,
)
from domain.models.errors import (
    InvalidConnectionError,
    InvalidModelDefaultError,
    InvalidModelIdError,
    InvalidModelParamError,
    InvalidTaskSettingError,
    ModelAccessDeniedError,
    ModelIdTakenError,
    ModelNotFoundError,
    UnknownTaskModelError,
)
from interfaces.http.refusals import with_record
from projections.runtime.runner import ViewBehindError

log = structlog.get_logger()

NOT_FOUND = "We could not find that."
NOT_ALLOWED = "You are not allowed to do this. Ask an administrator if you need access."
SIGNED_OUT = "Your session has ended or the token is not valid. Please sign in again."

_STATUS_AND_DETAIL: dict[type[Exception], tuple[int, str | None]] = {
    EmailAlreadyRegisteredError: (HTTP_400_BAD_REQUEST, "This email is already registered. Sign in, or use another email."),
    SignupDisabledError: (HTTP_403_FORBIDDEN, NOT_ALLOWED),
    InvalidCredentialsError: (HTTP_400_BAD_REQUEST, "The email or password is incorrect."),
    UserNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    PrimaryAdminProtectedError: (HTTP_403_FORBIDDEN, NOT_ALLOWED),
    CannotActOnSelfError: (HTTP_403_FORBIDDEN, NOT_ALLOWED),
    InvalidRoleError: (HTTP_400_BAD_REQUEST, None),
    WeakPasswordError: (HTTP_400_BAD_REQUEST, None),
    ChatNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    ChatDeletedError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    MessageNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    ShareNotFoundError: (HTTP_401_UNAUTHORIZED, NOT_FOUND),  # Open WebUI answers a shared link with 401
    PrivateShareError: (HTTP_401_UNAUTHORIZED, NOT_ALLOWED),
    UnknownParentError: (HTTP_400_BAD_REQUEST, None),
    InvalidMessageError: (HTTP_422_UNPROCESSABLE_ENTITY, None),
    InvalidTagError: (HTTP_400_BAD_REQUEST, None),
    FolderNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    FolderNameTakenError: (HTTP_400_BAD_REQUEST, None),
    FolderCycleError: (HTTP_400_BAD_REQUEST, None),
    ConflictError: (HTTP_409_CONFLICT, None),
    ModelNotFoundError: (HTTP_404_NOT_FOUND, None),
    ModelAccessDeniedError: (HTTP_401_UNAUTHORIZED, NOT_ALLOWED),
    ModelIdTakenError: (HTTP_400_BAD_REQUEST, None),
    InvalidModelIdError: (HTTP_400_BAD_REQUEST, None),
    InvalidGrantError: (HTTP_400_BAD_REQUEST, None),
    InvalidConnectionError: (HTTP_400_BAD_REQUEST, None),
    InvalidTaskSettingError: (HTTP_400_BAD_REQUEST, None),
    InvalidModelDefaultError: (HTTP_400_BAD_REQUEST, None),
    InvalidModelParamError: (HTTP_400_BAD_REQUEST, None),
    UnknownTaskModelError: (HTTP_400_BAD_REQUEST, None),
    NoSuchFileError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    FeedbackNotFoundError: (HTTP_404_NOT_FOUND, NOT_FOUND),
    UnnamedReplyError: (HTTP_400_BAD_REQUEST, None),
    EmptyFileError: (HTTP_400_BAD_REQUEST, None),
    FileTooLargeError: (HTTP_413_REQUEST_ENTITY_TOO_LARGE, None),
    UpstreamTimeout: (HTTP_504_GATEWAY_TIMEOUT, None),
    UpstreamError: (HTTP_502_BAD_GATEWAY, None),
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
    status = error.status_code
    detail = error.detail if status != HTTP_401_UNAUTHORIZED or error.detail != "Unauthorized" else SIGNED_OUT
    return with_record(request, error, Response({"detail": detail}, status_code=status, headers=error.headers))


def _database_busy(request: Request, error: Exception) -> Response:
    log.warning("database.busy", error=repr(error))
    return Response({"detail": "The service is busy; try again in a moment."},
                    status_code=HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "1"})


_UNREADABLE = {RecursionError: "The request nests too deeply.", UnicodeDecodeError: "The request is not UTF-8."}


def _unreadable(request: Request, error: Exception) -> Response:
    # msgspec raises these rather than a decode error for JSON nested past the recursion limit, or
    # with strings that are not UTF-8; in a request they come from the body.
    return Response({"detail": _UNREADABLE[type(error)]}, status_code=HTTP_422_UNPROCESSABLE_ENTITY)


def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("request.failed", error=repr(error))
    return Response({"detail": "Something went wrong on our side."}, status_code=HTTP_500_INTERNAL_SERVER_ERROR)


EXCEPTION_HANDLERS = {
    HTTPException: _http_error,
    **{kind: _domain_error for kind in _STATUS_AND_DETAIL},
    **{kind: _unreadable for kind in _UNREADABLE},
    OperationalError: _database_busy,
    ViewBehindError: _database_busy,
    Exception: _unexpected,
}
