"""The models a member's new chat starts with, chosen for their group in the group editor
(``data.config.default_models``), as Open WebUI 0.12.4 answers them in ``/api/config``."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.people import Person, member
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.groups import add, create_group
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url}


server, admin = own_workspace("group-default-models", _connections, stores=["embedded"])


@pytest.fixture(scope="module", autouse=True)
def workspace_default(admin: Person) -> str:
    admin.http.post("/api/v1/configs/models", json={"DEFAULT_MODELS": "echo"}).raise_for_status()
    return "echo"


def first_models(person: Person) -> str:
    return person.http.get("/api/config").json()["default_models"]


def group_choosing(admin: Person, *model_ids: str) -> dict:
    """A group whose members' new chats start with ``model_ids``, and presets of those it may use."""
    group = create_group(admin, f"Choosing {uuid.uuid4().hex[:6]}",
                         data={"config": {"default_models": list(model_ids)}})
    for model_id in model_ids:
        admin.http.post("/api/v1/models/create", json={
            "id": model_id, "name": model_id, "base_model_id": "echo", "meta": {}, "params": {},
            "access_grants": [{"principal_type": "group", "principal_id": group["id"], "permission": "read"}]})
    return group


def test_a_members_new_chat_starts_with_their_groups_choice(server: InProcessServer, admin: Person) -> None:
    inside, outside = member(server, admin, "inside"), member(server, admin, "outside")
    add(admin, group_choosing(admin, "team-pick"), inside)
    assert (first_models(inside), first_models(outside)) == ("team-pick", "echo")


def test_a_choice_the_member_may_not_use_is_left_out(server: InProcessServer, admin: Person) -> None:
    inside = member(server, admin, "inside")
    group = group_choosing(admin, "usable-pick")
    admin.http.post(f"/api/v1/groups/id/{group['id']}/update", json={
        "name": group["name"], "data": {"config": {"default_models": ["echo", "usable-pick"]}}}).raise_for_status()
    add(admin, group, inside)
    assert first_models(inside) == "usable-pick"  # echo is the admins' own until a preset shares it

