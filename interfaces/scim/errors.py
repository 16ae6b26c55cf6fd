"""Every refusal on a SCIM path is a SCIM ``Error`` (RFC 7644 3.12): its schema, ``status`` as a
string, a ``scimType`` where the RFC has one, and a ``detail`` that says why. Mapped here, in one
place, from our errors and Litestar's."""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_412_PRECONDITION_FAILED,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import ExceptionHandlersMap

from application.context import ConflictError
from application.log_positions import request_committed
from domain.groups.errors import GroupNotFoundError, InvalidGroupError, UnknownPeopleError
from domain.identity.errors import (
    EmailAlreadyRegisteredError,
    LastAdminError,
    NotProvisionedError,
    PrimaryAdminProtectedError,
    ScimIdentifierTakenError,
    UserNotFoundError,
)
from domain.text import UnstorableTextError
from domain.versions import StaleVersionError
from interfaces.http.errors import DATABASE_TROUBLE, EXCEPTION_HANDLERS
from interfaces.http.refusals import with_record
from interfaces.scim.bodies import error_response

log = structlog.get_logger()

SAVED_NOT_SHOWN = ("The change was saved, but the database cannot be reached to show it. Look it up before "
                   "sending it again; a create sent again is refused as not unique.")


class ScimError(Exception):
    """A refusal said in SCIM's terms: ``scim_type`` is one of RFC 7644's (``invalidFilter``,
    ``uniqueness``, ``invalidValue``, ``noTarget``, ``invalidPath``, ``invalidSyntax``...)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type, self.headers = status, detail, scim_type, headers or {}


def invalid_value(detail: str) -> ScimError:
    return ScimError(HTTP_400_BAD_REQUEST, detail, "invalidValue")


_OURS: dict[type[Exception], tuple[int, str | None]] = {
    EmailAlreadyRegisteredError: (HTTP_409_CONFLICT, "uniqueness"),
    ScimIdentifierTakenError: (HTTP_409_CONFLICT, "uniqueness"),
    UserNotFoundError: (HTTP_404_NOT_FOUND, None),
    NotProvisionedError: (HTTP_404_NOT_FOUND, None),
    GroupNotFoundError: (HTTP_404_NOT_FOUND, None),
    LastAdminError: (HTTP_409_CONFLICT, None),
    PrimaryAdminProtectedError: (HTTP_409_CONFLICT, None),
    StaleVersionError: (HTTP_412_PRECONDITION_FAILED, None),
    UnknownPeopleError: (HTTP_400_BAD_REQUEST, "invalidValue"),
    InvalidGroupError: (HTTP_400_BAD_REQUEST, "invalidValue"),
    UnstorableTextError: (HTTP_400_BAD_REQUEST, "invalidValue"),
    ConflictError: (HTTP_409_CONFLICT, None),
}
_DETAILS: dict[type[Exception], str] = {
    EmailAlreadyRegisteredError: "Another account has this userName (e-mail) already. If it is the same person, "
                                 "an admin can link that account to this provider.",
    UserNotFoundError: "No such user here.",
    NotProvisionedError: "No such user here.",
    GroupNotFoundError: "No such group here.",
    PrimaryAdminProtectedError: "This is the workspace's primary admin, whom no provider may deactivate or delete.",
}


def _ours(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    for kind in type(error).__mro__:
        if kind in _OURS:
            status, scim_type = _OURS[kind]
            return with_record(request, error, error_response(status, _DETAILS.get(kind, str(error)), scim_type))
    return _unexpected(request, error)


def _scim(request: Request[Any, Any, Any], error: ScimError) -> Response[Any]:
    return with_record(request, error, error_response(error.status, error.detail, error.scim_type, error.headers))


def _http(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    """Litestar's own refusals, SCIM-shaped: a body it cannot read is ``invalidSyntax`` (400)."""
    if isinstance(error, ValidationException) or error.status_code == HTTP_400_BAD_REQUEST:
        return error_response(HTTP_400_BAD_REQUEST, f"The request cannot be read: {error.detail}", "invalidSyntax")
    if isinstance(error, NotFoundException):
        return error_response(HTTP_404_NOT_FOUND, f"{request.url.path} is no SCIM resource here.")
    return with_record(request, error, error_response(error.status_code, str(error.detail), headers=error.headers))


def _plain_into_scim(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """The application's answer (503 with Retry-After, say), its body said as a SCIM error. Where
    the app answers 202 (committed, then the database failed), a provider is answered 503: it reads
    a 2xx as the resource itself, which a SCIM Error is not, and 503 is what it retries. Sent again,
    a create finds its person made (409 ``uniqueness``, which providers resolve by looking the
    person up), and a change or a deletion ends where the first one did."""
    plain = EXCEPTION_HANDLERS[next(k for k in type(error).__mro__ if k in EXCEPTION_HANDLERS)](request, error)
    if request_committed():
        return error_response(HTTP_503_SERVICE_UNAVAILABLE, SAVED_NOT_SHOWN, headers={"Retry-After": "5"})
    status = plain.status_code or HTTP_500_INTERNAL_SERVER_ERROR
    detail = plain.content.get("detail", "") if isinstance(plain.content, dict) else ""
    return error_response(status, str(detail), headers=dict(plain.headers))


def _unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    log.error("scim.failed", error=repr(error), exc_info=error)
    return error_response(HTTP_500_INTERNAL_SERVER_ERROR, "Something went wrong on our side.")


SCIM_EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    ScimError: _scim,
    HTTPException: _http,
    **{kind: _ours for kind in _OURS},
    **{kind: _plain_into_scim for kind in DATABASE_TROUBLE},
    Exception: _unexpected,
}
