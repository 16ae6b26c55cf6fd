"""How SCIM resources are answered: one with its ETag (RFC 7644 3.14), many as a ``ListResponse``
page, each trimmed to the ``attributes`` asked for (or without the ``excludedAttributes``), and the
version a change was made on (``If-Match``) read off the request."""

from __future__ import annotations

import re
from typing import Any

from litestar import Request, Response
from litestar.status_codes import HTTP_200_OK, HTTP_304_NOT_MODIFIED, HTTP_400_BAD_REQUEST

from interfaces.scim.bodies import SCIM_JSON
from interfaces.scim.errors import ScimError
from interfaces.scim.filters import normal_path

LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ALWAYS = frozenset({"id", "schemas"})
"""Returned whatever ``attributes`` or ``excludedAttributes`` say (RFC 7643 7: ``returned: always``)."""
_ETAG = re.compile(r'^\s*(?:W/)?"(?P<version>\d{1,9})"\s*$')

Json = dict[str, Any]


def one(request: Request[Any, Any, Any], resource: Json, status: int = HTTP_200_OK,
        attributes: str | None = None, excluded: str | None = None) -> Response[Any]:
    """With ``ETag`` (and ``Location`` when created); 304 when ``If-None-Match`` names its version."""
    tag = resource["meta"]["version"]
    headers = {"ETag": tag}
    if status == 201:
        headers["Location"] = resource["meta"]["location"]
    if request.method == "GET" and _weakly(request.headers.get("if-none-match")) == tag:
        return Response(b"", status_code=HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(selected(resource, attributes, excluded), status_code=status, media_type=SCIM_JSON,
                    headers=headers)


def page(resources: list[Json], total: int, start_index: int, attributes: str | None,
         excluded: str | None) -> Response[Any]:
    body = {"schemas": [LIST_SCHEMA], "totalResults": total, "itemsPerPage": len(resources),
            "startIndex": start_index, "Resources": [selected(r, attributes, excluded) for r in resources]}
    return Response(body, media_type=SCIM_JSON)


def selected(resource: Json, attributes: str | None, excluded: str | None) -> Json:
    if attributes:
        return _keep(resource, _paths(attributes))
    if excluded:
        return _drop(resource, _paths(excluded))
    return resource


def _paths(listed: str) -> list[list[str]]:
    return [normal_path(path).split(".", 1) for path in listed.split(",") if path.strip()]


def _keep(resource: Json, paths: list[list[str]]) -> Json:
    kept: Json = {}
    for key, value in resource.items():
        asked = [path for path in paths if path[0] == key.lower()]
        if key in ALWAYS or any(len(path) == 1 for path in asked):
            kept[key] = value
        elif asked and isinstance(value, dict):
            subs = {path[1] for path in asked}
            kept[key] = {k: v for k, v in value.items() if k.lower() in subs}
    return kept


def _drop(resource: Json, paths: list[list[str]]) -> Json:
    kept: Json = {}
    for key, value in resource.items():
        dropped = [path for path in paths if path[0] == key.lower()]
        if key in ALWAYS or not dropped:
            kept[key] = value
        elif all(len(path) == 2 for path in dropped) and isinstance(value, dict):
            subs = {path[1] for path in dropped}
            kept[key] = {k: v for k, v in value.items() if k.lower() not in subs}
    return kept


def expected_version(request: Request[Any, Any, Any]) -> int | None:
    """The version ``If-Match`` names; None when it is absent or ``*`` (any version will do)."""
    said = request.headers.get("if-match")
    if said is None or said.strip() == "*":
        return None
    version = _weakly(said)
    if version is None:
        raise ScimError(HTTP_400_BAD_REQUEST, f"If-Match names an ETag we gave, such as W/\"3\"; not {said!r}.",
                        "invalidVers")
    return int(version[3:-1])


def _weakly(said: str | None) -> str | None:
    """An ETag as we write them (weak), however it was sent (``"3"`` or ``W/"3"``)."""
    match = _ETAG.match(said or "")
    return f'W/"{match.group("version")}"' if match else None
