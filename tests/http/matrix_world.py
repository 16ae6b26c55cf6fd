"""The world the authorisation matrix calls every id-taking route in: an owner's real resources
(a chat with messages and its share, a file, a folder, a knowledge base, a model preset, a
rating, a memory), a group whose members the owner granted read, and a caller of each kind the matrix
names (``CALLERS``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import Person, bearer
from tests.e2e.ratings import feedback, rate
from tests.e2e.uploads import uploaded
from tests.e2e.upstreams import QUICK
from tests.http import scim
from tests.http.api_keys import new_key
from tests.http.app import InProcessServer
from tests.http.groups import add, create_group
from tests.http.knowledge import MAKERS, a_file, grant, processed
from tests.upstream.process import UpstreamProcess

Json = dict[str, Any]
CALLERS = ("owner", "other", "reader", "outsider", "pending", "admin", "anonymous", "api_key", "scim")
"""``reader``: in the group the owner granted read; ``outsider``: in a group without a grant;
``other``: may make and share what the owner may, but was granted nothing;
``api_key``: another member's key; ``scim``: the operator's SCIM token."""
BASE_MODEL = "echo@delay=0.01"
MAKERS_OF_ALL = {**MAKERS, "workspace": {"knowledge": True, "models": True},
                 "access_grants": {"allow_users": True, "allow_groups": True}}


def settings_of_the_world(request: pytest.FixtureRequest) -> dict[str, str]:
    """SCIM with the operator's token, API keys for members, and an upstream for the presets' base model."""
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "ENABLE_SCIM": "true",
            "SCIM_TOKEN": scim.OPERATORS_TOKEN, "ENABLE_API_KEYS": "true",
            "USER_PERMISSIONS_FEATURES_API_KEYS": "true"}


@dataclass
class World:
    callers: dict[str, httpx.Client]
    ids: dict[str, str]
    """Each path parameter's value: the owner's resources, and the ids of what is no one's."""
    snapshot: Callable[[], Json]
    """What the owner's resources are now, as their owner (and an admin, for groups) reads them."""


def world_of_the_module() -> Any:
    """``world = world_of_the_module()`` in a module: its ``World``, on the module's own ``server``
    (``own_workspace(..., settings_of_the_world)``)."""

    @pytest.fixture(scope="module", name="world")
    def world(server: InProcessServer, admin: Person) -> Iterator[World]:
        made = built(server, admin)
        yield made
        for client in made.callers.values():
            client.close()

    return world


def built(server: InProcessServer, admin: Person) -> World:
    owner, other, reader, outsider = (people.member(server, admin, name)
                                      for name in ("owner", "other", "reader", "outsider"))
    readers, outsiders = create_group(admin, "Readers"), create_group(admin, "Outsiders")
    add(admin, readers, reader)
    add(admin, outsiders, outsider)
    add(admin, create_group(admin, "Makers", permissions=MAKERS_OF_ALL), owner, other)
    to_readers = grant("group", readers["id"])
    ids = _owned_by(owner, admin, reader, to_readers) | {"group_id": readers["id"], "user_id": owner.id}
    with scim.registered(server, admin) as provider:
        ids["provider_id"] = provider.id
    callers = {"owner": owner.http, "other": other.http, "reader": reader.http, "outsider": outsider.http,
               "pending": people.sign_up(server, "pending").http, "admin": admin.http,
               "anonymous": people.anonymous(server),
               "api_key": server.client(headers=bearer(new_key(people.member(server, admin, "keyholder")))),
               "scim": server.client(headers=bearer(scim.OPERATORS_TOKEN))}
    return World(callers, ids, lambda: _snapshot(owner, admin, ids))


def _owned_by(owner: Person, admin: Person, reader: Person, to_readers: Json) -> dict[str, str]:
    """Shares take no group grants (as in Open WebUI): the reader is granted theirs by name."""
    chat = _ok(owner.http.post("/api/v1/chats/new", json=conversation()))
    share_id = _ok(owner.http.post(f"/api/v1/chats/{chat['id']}/share"))["share_id"]
    _ok(owner.http.post(f"/api/v1/chats/shared/{chat['id']}/access/update",
                        json={"access_grants": [grant("user", reader.id)], "share_mode": None}))
    folder = _ok(owner.http.post("/api/v1/folders/", json={"name": f"Folder {uuid.uuid4().hex[:6]}"}))
    file = a_file(owner)
    base = _ok(owner.http.post("/api/v1/knowledge/create", json={"name": "Handbook", "description": "d",
                                                                   "access_grants": [to_readers]}))
    _ok(owner.http.post(f"/api/v1/knowledge/{base['id']}/file/add", json={"file_id": file["id"]}))
    processed(owner, base, file)  # settled before anything is compared
    _ok(admin.http.post("/api/v1/models/model/access/update",
                        json={"id": BASE_MODEL, "name": "Base", "access_grants": [grant("user", "*")]}))
    model = _ok(owner.http.post("/api/v1/models/create", json={
        "id": f"preset-{uuid.uuid4().hex[:8]}", "base_model_id": BASE_MODEL, "name": "Preset", "meta": {},
        "params": {"system": "secret"}, "access_grants": [to_readers]}))
    messages = list(chat["chat"]["history"]["messages"])
    rating = _ok(rate(owner, feedback(chat["id"], messages[-1], "llama3", 1)))
    private = uploaded(owner, "private.txt", b"private", "text/plain")
    memory = _ok(owner.http.post("/api/v1/memories/add", json={"content": "My daughter is called Ada."}))
    return {"chat_id": chat["id"], "message_id": messages[-1], "share_id": share_id, "folder_id": folder["id"],
            "file_id": private["id"], "lent_file_id": file["id"], "knowledge_id": base["id"],
            "model_id": model["id"], "feedback_id": rating["id"], "memory_id": memory["id"]}


def _snapshot(owner: Person, admin: Person, ids: dict[str, str]) -> Json:
    reads = {"chat": f"/api/v1/chats/{ids['chat_id']}", "share": f"/api/v1/chats/share/{ids['share_id']}",
             "folder": f"/api/v1/folders/{ids['folder_id']}", "file": f"/api/v1/files/{ids['file_id']}",
             "file text": f"/api/v1/files/{ids['file_id']}/data/content",
             "knowledge": f"/api/v1/knowledge/{ids['knowledge_id']}",
             "knowledge files": f"/api/v1/knowledge/{ids['knowledge_id']}/files",
             "model": f"/api/v1/models/model?id={ids['model_id']}",
             "rating": f"/api/v1/evaluations/feedback/{ids['feedback_id']}",
             "tags": f"/api/v1/chats/{ids['chat_id']}/tags", "chats": "/api/v1/chats/",
             "memories": "/api/v1/memories/"}
    found = {name: owner.http.get(path) for name, path in reads.items()}
    found |= {"group": admin.http.get(f"/api/v1/groups/id/{ids['group_id']}"),
              "owner": admin.http.get(f"/api/v1/users/{ids['user_id']}")}
    return {name: (response.status_code, response.json()) for name, response in found.items()}


def _ok(response: httpx.Response) -> Json:
    assert response.status_code == 200, response.text
    return response.json()
