"""What SCIM answers are: ``application/scim+json``, and a refusal is an ``Error`` (RFC 7644 3.12)
with ``status`` as a string and a ``scimType`` where the RFC has one."""

from __future__ import annotations

from typing import Any

from litestar import Response
from litestar.connection import ASGIConnection

SCIM_JSON = "application/scim+json"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
SCIM_PATHS = "/api/v1/scim/v2"


def error_response(status: int, detail: str, scim_type: str | None = None,
                   headers: dict[str, str] | None = None) -> Response[Any]:
    body: dict[str, Any] = {"schemas": [ERROR_SCHEMA], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return Response(body, status_code=status, media_type=SCIM_JSON, headers=headers)


def on_scim_path(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    path = connection.scope.get("path", "")
    return path == SCIM_PATHS or path.startswith(f"{SCIM_PATHS}/")
