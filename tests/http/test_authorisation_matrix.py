"""The authorisation matrix: every route that takes the id of a resource, called as each kind of
caller (``matrix_world.CALLERS``) on an owner's real resources. Nobody outside a route's declared
rule gets a 2xx, a read refused answers 401, 403 or 404 (never the thing), and a refused write
changes nothing. Each id-taking route must be in ``RULES``: a new one fails until classified."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from tests.e2e.ratings import feedback
from tests.http.knowledge import grant
from tests.http.matrix_world import BASE_MODEL, CALLERS, World, settings_of_the_world, world_of_the_module
from tests.http.scim import SCIM_JSON, USER_SCHEMA
from tests.http.workspaces import own_workspace


class Indistinct(frozenset[str]):
    """Those outside it get the very answer given for an id that names nothing (as Open WebUI
    answers a chat's running tasks: none), which tells them nothing."""


OWNER = frozenset({"owner"})
"""Chats and folders: their owner's alone (admins read chats through the admin routes)."""
OWNER_ADMIN = OWNER | {"admin"}
READERS = OWNER_ADMIN | {"reader"}
SHARE_READERS = OWNER | {"reader"}
MEMBERS = frozenset({"owner", "other", "reader", "outsider", "admin", "api_key"})
ADMINS = frozenset({"admin"})
SCIM = frozenset({"scim"})
NOT_A_RESOURCE = None
"""A parameter that names no one's resource (a connection's index, a static file's path)."""

RULES: dict[str, frozenset[str] | None] = {
    "DELETE /api/v1/chats/{chat_id}": OWNER,
    "DELETE /api/v1/chats/{chat_id}/messages/{message_id}": OWNER,
    "DELETE /api/v1/chats/{chat_id}/share": OWNER,
    "DELETE /api/v1/chats/{chat_id}/tags": OWNER,
    "GET /api/tasks/chat/{chat_id}": Indistinct(OWNER),
    "GET /api/v1/chats/folder/{folder_id}": OWNER,
    "GET /api/v1/chats/folder/{folder_id}/list": OWNER,
    "GET /api/v1/chats/shared/{chat_id}/access": OWNER,
    "GET /api/v1/chats/{chat_id}": OWNER,
    "GET /api/v1/chats/{chat_id}/pinned": OWNER,
    "GET /api/v1/chats/{chat_id}/tags": OWNER,
    "PATCH /api/v1/chats/{chat_id}/params": OWNER,
    "POST /api/tasks/chat/{chat_id}/stop": OWNER,
    "POST /api/v1/chats/shared/{chat_id}/access/update": OWNER,
    "POST /api/v1/chats/{chat_id}": OWNER,
    "POST /api/v1/chats/{chat_id}/archive": OWNER,
    "POST /api/v1/chats/{chat_id}/clone": OWNER,
    "POST /api/v1/chats/{chat_id}/folder": OWNER,
    "POST /api/v1/chats/{chat_id}/fork": OWNER,
    "POST /api/v1/chats/{chat_id}/messages/{message_id}": OWNER,
    "POST /api/v1/chats/{chat_id}/pin": OWNER,
    "POST /api/v1/chats/{chat_id}/share": OWNER,
    "POST /api/v1/chats/{chat_id}/tags": OWNER,
    "POST /api/v1/chats/{chat_id}/unread": OWNER,
    "GET /api/v1/chats/share/{share_id}": SHARE_READERS,
    "POST /api/v1/chats/{share_id}/clone/shared": SHARE_READERS,
    "DELETE /api/v1/memories/{memory_id}": OWNER,
    "POST /api/v1/memories/{memory_id}/update": OWNER,
    "DELETE /api/v1/folders/{folder_id}": OWNER,
    "GET /api/v1/folders/{folder_id}": OWNER,
    "GET /api/v1/folders/{folder_id}/shared/chats": OWNER,
    "POST /api/v1/folders/{folder_id}/read": OWNER,
    "POST /api/v1/folders/{folder_id}/update": OWNER,
    "POST /api/v1/folders/{folder_id}/update/expanded": OWNER,
    "POST /api/v1/folders/{folder_id}/update/parent": OWNER,
    "DELETE /api/v1/evaluations/feedback/{feedback_id}": OWNER_ADMIN,
    "GET /api/v1/evaluations/feedback/{feedback_id}": OWNER_ADMIN,
    "POST /api/v1/evaluations/feedback/{feedback_id}": OWNER_ADMIN,
    "DELETE /api/v1/files/{file_id}": OWNER_ADMIN,
    "GET /api/v1/files/{file_id}": OWNER_ADMIN,
    "GET /api/v1/files/{file_id}/content": OWNER_ADMIN,
    "GET /api/v1/files/{file_id}/content/{file_name}": OWNER_ADMIN,
    "POST /api/v1/files/{file_id}/rename": OWNER_ADMIN,
    "POST /api/v1/files/{file_id}/data/content/update": OWNER_ADMIN,
    "GET /api/v1/files/{file_id}/data/content": OWNER_ADMIN,
    "GET /api/v1/files/{file_id}/process/status": OWNER_ADMIN,
    "DELETE /api/v1/knowledge/{knowledge_id}/delete": OWNER_ADMIN,
    "GET /api/v1/knowledge/{knowledge_id}": READERS,
    "GET /api/v1/knowledge/{knowledge_id}/files": READERS,
    "GET /api/v1/knowledge/{knowledge_id}/files/pending": READERS,
    "GET /api/v1/knowledge/{knowledge_id}/export": ADMINS,
    "POST /api/v1/knowledge/{knowledge_id}/access/update": OWNER_ADMIN,
    "POST /api/v1/knowledge/{knowledge_id}/file/add": OWNER_ADMIN,
    "POST /api/v1/knowledge/{knowledge_id}/file/remove": OWNER_ADMIN,
    "POST /api/v1/knowledge/{knowledge_id}/file/update": OWNER_ADMIN,
    "POST /api/v1/knowledge/{knowledge_id}/files/batch/add": OWNER_ADMIN,
    "POST /api/v1/knowledge/{knowledge_id}/reset": OWNER_ADMIN,
    "POST /api/v1/knowledge/{knowledge_id}/update": OWNER_ADMIN,
    "GET /api/v1/models/model?id={model_id}": READERS,
    "POST /api/v1/models/model/toggle?id={model_id}": OWNER_ADMIN,
    "POST /api/v1/models/model/update": OWNER_ADMIN,
    "POST /api/v1/models/model/access/update": OWNER_ADMIN,
    "POST /api/v1/models/model/delete": OWNER_ADMIN,
    "GET /api/v1/groups/id/{group_id}/info": MEMBERS,
    "GET /api/v1/users/{user_id}/info": MEMBERS,
    "GET /api/v1/users/{user_id}/active": MEMBERS,
    "GET /api/v1/users/{user_id}/profile/image": MEMBERS,
    **{f"{method} /api/v1/groups/id/{{group_id}}{tail}": ADMINS for method, tail in (
        ("GET", ""), ("GET", "/export"), ("GET", "/members"), ("DELETE", "/delete"), ("POST", "/update"),
        ("POST", "/users"), ("POST", "/users/add"), ("POST", "/users/remove"), ("GET", "/preview"))},
    **{f"{method} /api/v1/users/{{user_id}}{tail}": ADMINS for method, tail in (
        ("DELETE", ""), ("GET", ""), ("GET", "/export"), ("GET", "/groups"), ("GET", "/hold"), ("POST", "/hold"),
        ("DELETE", "/hold"), ("POST", "/forget"), ("POST", "/update"), ("GET", "/preview"),
        ("POST", "/sessions/revoke"), ("GET", "/oauth/sessions"))},
    "GET /api/v1/chats/list/user/{user_id}": ADMINS,
    "GET /console/people/{user_id}": ADMINS,
    "GET /api/v1/events/aggregates/{aggregate_id}": ADMINS,
    "GET /console/aggregates/{aggregate_id}": ADMINS,
    "GET /api/v1/events/{position}": ADMINS,
    "GET /console/events/{context}/{position}": ADMINS,
    "GET /api/v1/events/reactions/{name}": ADMINS,
    "GET /api/v1/analytics/models/{asked}": ADMINS,
    "GET /api/v1/evaluations/leaderboard/{asked}": ADMINS,
    "POST /api/tasks/stop/{task_id}": ADMINS,
    "DELETE /api/v1/scim/providers/{provider_id}": ADMINS,
    "POST /api/v1/scim/providers/{provider_id}/links": ADMINS,
    "POST /api/v1/scim/providers/{provider_id}/token": ADMINS,
    **{f"{method} /api/v1/scim/v2/{kind}/{{{param}}}": SCIM for method in ("GET", "PUT", "PATCH", "DELETE")
       for kind, param in (("Users", "user_id"), ("Groups", "group_id"))},
    "GET /api/v1/scim/v2/ResourceTypes/{name}": SCIM,
    "GET /api/v1/scim/v2/Schemas/{schema_id}": SCIM,
    **{f"{method} {path}": NOT_A_RESOURCE for method, path in (
        ("GET", "/ollama/api/tags/{url_idx}"), ("GET", "/ollama/api/version/{url_idx}"),
        ("GET", "/openai/models/{url_idx}"), ("POST", "/ollama/api/chat/{url_idx}"),
        ("POST", "/ollama/api/embed/{url_idx}"), ("POST", "/ollama/api/embeddings/{url_idx}"),
        ("POST", "/ollama/api/generate/{url_idx}"), ("GET", "/console/static/{file_path}"),
        ("HEAD", "/console/static/{file_path}"), ("GET", "/docs/{path}"), ("GET", "/oauth/{name}/login"),
        ("GET", "/oauth/{name}/callback"), ("GET", "/oauth/{name}/login/callback"))},
}
"""Who may call each id-taking route (the rest must not get a 2xx); ``{name}`` is the path
parameter, and the model presets' routes, which take their id in the query or the body, too."""

NOBODYS = {"chat_id": "00000000-0000-4000-8000-000000000000"}
FIXED = {"position": "1", "context": "chats", "name": "Users", "schema_id": USER_SCHEMA, "task_id": "a-task",
         "asked": "llama3", "aggregate_id": "{chat_id}",
         "file_name": "saved.md"}


def _bodies(ids: dict[str, str]) -> dict[str, Any]:
    everyone = [grant("user", "*")]
    preset = {"id": ids["model_id"], "base_model_id": BASE_MODEL, "name": "Taken", "meta": {}, "params": {}}
    return {
        "POST /api/v1/chats/{chat_id}": {"chat": {"title": "Taken"}},
        "POST /api/v1/chats/{chat_id}/messages/{message_id}": {"content": "taken"},
        "POST /api/v1/chats/{chat_id}/tags": {"name": "taken"}, "DELETE /api/v1/chats/{chat_id}/tags": {"name": "x"},
        "POST /api/v1/chats/{chat_id}/folder": {"folder_id": None},
        "POST /api/v1/chats/shared/{chat_id}/access/update": {"access_grants": everyone, "share_mode": None},
        "POST /api/v1/evaluations/feedback/{feedback_id}": feedback(ids["chat_id"], ids["message_id"], "llama3", -1),
        "POST /api/v1/folders/{folder_id}/update": {"name": "Taken"},
        "POST /api/v1/memories/{memory_id}/update": {"content": "taken"},
        "POST /api/v1/files/{file_id}/rename": {"filename": "taken.md"},
        "POST /api/v1/files/{file_id}/data/content/update": {"content": "taken"},
        "POST /api/v1/folders/{folder_id}/update/expanded": {"is_expanded": True},
        "POST /api/v1/folders/{folder_id}/update/parent": {"parent_id": None},
        "POST /api/v1/knowledge/{knowledge_id}/update": {"name": "Taken", "description": "taken"},
        "POST /api/v1/knowledge/{knowledge_id}/access/update": {"access_grants": everyone},
        "POST /api/v1/knowledge/{knowledge_id}/file/add": {"file_id": ids["file_id"]},
        "POST /api/v1/knowledge/{knowledge_id}/file/remove": {"file_id": ids["lent_file_id"]},
        "POST /api/v1/knowledge/{knowledge_id}/file/update": {"file_id": ids["lent_file_id"]},
        "POST /api/v1/knowledge/{knowledge_id}/files/batch/add": [{"file_id": ids["file_id"]}],
        "POST /api/v1/models/model/update": preset,
        "POST /api/v1/models/model/access/update": {**preset, "access_grants": everyone},
        "POST /api/v1/models/model/delete": {"id": ids["model_id"]},
        "POST /api/v1/groups/id/{group_id}/update": {"name": "Taken", "description": ""},
        "POST /api/v1/groups/id/{group_id}/users/add": {"user_ids": [ids["user_id"]]},
        "POST /api/v1/groups/id/{group_id}/users/remove": {"user_ids": [ids["user_id"]]},
        "POST /api/v1/users/{user_id}/update": {"role": "admin"},
        "PUT /api/v1/scim/v2/Users/{user_id}": {"schemas": [], "userName": "taken@example.com", "active": False},
        "PATCH /api/v1/scim/v2/Users/{user_id}": {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "active", "value": False}]},
    }


def id_taking_routes(app: Litestar) -> list[str]:
    found = []
    for route in app.routes:
        if isinstance(route, HTTPRoute) and "{" in route.path:
            for handler in route.route_handlers:
                found += [f"{m} {re.sub(r':[a-z]+}', '}', route.path)}" for m in handler.http_methods if m != "OPTIONS"]
    return sorted(found)


def test_every_id_taking_route_declares_who_may_call_it(route_table: Litestar):
    assert [route for route in id_taking_routes(route_table) if route not in RULES] == []


server, admin = own_workspace("authorisation-matrix", settings_of_the_world)
world = world_of_the_module()


CHECKED = sorted(route for route, rule in RULES.items() if rule is not NOT_A_RESOURCE)


@pytest.mark.parametrize("route", CHECKED)
def test_nobody_outside_the_rule_reaches_the_resource(world: World, route: str):
    method, template = route.split(" ", 1)
    path = _filled(template, world.ids)
    body = _bodies(world.ids).get(route)
    allowed = RULES[route] or frozenset()
    before = world.snapshot()
    nothing = world.callers["owner"].get(_filled(template, world.ids | NOBODYS)) if isinstance(
        allowed, Indistinct) else None
    leaks = {}
    for caller in sorted(set(CALLERS) - allowed):
        response = world.callers[caller].request(method, path, json=body, headers=_headers(template))
        if not _refused(method, response, nothing):
            leaks[caller] = f"{response.status_code} {response.text[:200]}"
    assert leaks == {}
    assert world.snapshot() == before, "a refused call changed the owner's resources"
    if method == "GET":
        answers = {caller: world.callers[caller].get(path).status_code for caller in sorted(allowed)}
        owners = "owner" in allowed and allowed <= READERS  # the owner's resource, no admin's page
        assert {c: s for c, s in answers.items() if s >= 500 or (owners and s != 200)} == {}


def _refused(method: str, response: httpx.Response, nothing: httpx.Response | None) -> bool:
    """A read: 401, 403, 404, or (a page) a redirect to sign in; a write: anything but success.
    Never a server error."""
    if nothing is not None and (response.status_code, response.content) == (nothing.status_code, nothing.content):
        return True
    if response.status_code >= 500:
        return False
    if method == "GET":
        return response.status_code in (401, 403, 404) or response.is_redirect
    return not response.is_success


def _filled(template: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return _filled(FIXED[name], ids) if name in FIXED else ids[name]

    return re.sub(r"{([a-z_]+)}", value, template)


def _headers(template: str) -> dict[str, str]:
    return {"Content-Type": SCIM_JSON} if "/scim/v2/" in template else {}
