"""Identity providers calling SCIM in HTTP tests, as Okta and Entra ID call it: each with its bearer
token, sending ``application/scim+json``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from tests.e2e.people import TIMEOUT, Person, Server

SCIM = "/api/v1/scim/v2"
SCIM_JSON = "application/scim+json"
OPERATORS_TOKEN = "an operator's SCIM token, set as SCIM_TOKEN"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


def client(server: Server, token: str) -> httpx.Client:
    """Its paths are below SCIM's base (``/Users``)."""
    made = server.client(timeout=TIMEOUT, headers={"Authorization": f"Bearer {token}", "Content-Type": SCIM_JSON,
                                                   "Accept": SCIM_JSON})
    made.base_url = httpx.URL(f"{server.base_url}{SCIM}/")
    return made


class Provider:
    """A provider an admin registered: its id, its token, and a SCIM client that sends it."""

    def __init__(self, server: Server, made: dict[str, Any]) -> None:
        self.id, self.name, self.token = made["id"], made["name"], made["token"]
        self.http = client(server, self.token)

    def create_user(self, email: str | None = None, **more: Any) -> dict[str, Any]:
        response = self.http.post("/Users", json=user_body(email or unique_email(), **more))
        assert response.status_code == 201, response.text
        return response.json()

    def create_group(self, name: str = "Engineering", members: list[str] | None = None,
                     **more: Any) -> dict[str, Any]:
        body = {"schemas": [GROUP_SCHEMA], "displayName": name,
                "members": [{"value": m} for m in members or []], **more}
        response = self.http.post("/Groups", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def patch(self, path: str, *operations: dict[str, Any], **headers: str) -> httpx.Response:
        return self.http.patch(path, json={"schemas": [PATCH_SCHEMA], "Operations": list(operations)},
                               headers=headers)


@contextmanager
def registered(server: Server, admin: Person, name: str = "Okta") -> Iterator[Provider]:
    response = admin.http.post("/api/v1/scim/providers", json={"name": name})
    assert response.status_code == 200, response.text
    made = Provider(server, response.json())
    try:
        yield made
    finally:
        made.http.close()


def unique_email(name: str = "provisioned") -> str:
    return f"{name}-{uuid.uuid4().hex[:10]}@example.com"


def user_body(email: str, given: str = "Barbara", family: str = "Jensen", **more: Any) -> dict[str, Any]:
    return {"schemas": [USER_SCHEMA], "userName": email, "name": {"givenName": given, "familyName": family},
            "emails": [{"primary": True, "value": email, "type": "work"}], "displayName": f"{given} {family}",
            "active": True, **more}


def is_scim_error(response: httpx.Response, status: int, scim_type: str | None = None) -> bool:
    body = response.json()
    return (response.status_code == status and body["schemas"] == [ERROR_SCHEMA] and body["status"] == str(status)
            and body.get("scimType") == scim_type and bool(body.get("detail"))
            and response.headers["content-type"].startswith(SCIM_JSON))
