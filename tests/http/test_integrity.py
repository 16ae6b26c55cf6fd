"""What Open WebUI checks and a client could forge: chats filed only into one's own folders, presets
built only on models their author may use; each attempt at someone else's is recorded."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for


def refusals(admin: Person, **match: Any) -> list[dict[str, Any]]:
    response = admin.http.get("/api/v1/events", params={"context": "audit", "type": "Refusal.Recorded",
                                                        "limit": 1000})
    found = [e["data"] for e in response.json()["events"]]
    return [r for r in found if all(r.get(k) == v for k, v in match.items())]


def recorded(admin: Person, **match: Any) -> dict[str, Any]:
    wait_for(lambda: bool(refusals(admin, **match)), timeout=10, what=f"a refusal like {match}")
    return refusals(admin, **match)[0]


def folder_of(person: Person) -> str:
    response = person.http.post("/api/v1/folders/", json={"name": f"F {uuid.uuid4().hex[:6]}"})
    response.raise_for_status()
    return response.json()["id"]


def chat_of(person: Person, **more: Any) -> str:
    response = person.http.post("/api/v1/chats/new", json={**conversation(), **more})
    response.raise_for_status()
    return response.json()["id"]


@pytest.fixture
def other(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "other")


def test_filing_a_chat_into_someone_elses_folder_is_not_found_and_recorded(admin: Person, member: Person,
                                                                          other: Person):
    chat_id, folder_id = chat_of(member), folder_of(other)
    response = member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder_id})
    assert response.status_code == 404
    assert member.http.get(f"/api/v1/chats/{chat_id}").json()["folder_id"] is None
    refusal = recorded(admin, user_id=member.id, path=f"/api/v1/chats/{chat_id}/folder")
    assert (refusal["reason"], refusal["status"]) == ("someone else's folder", 404)


@pytest.mark.parametrize("folder_id", ["00000000-0000-4000-8000-000000000000", "not-a-folder-id"])
def test_filing_a_chat_into_a_missing_folder_is_not_found(member: Person, folder_id: str):
    chat_id = chat_of(member)
    assert member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder_id}).status_code == 404


def test_a_new_chat_cannot_start_in_someone_elses_folder(member: Person, other: Person):
    before = member.http.get("/api/v1/chats/").json()
    response = member.http.post("/api/v1/chats/new", json={**conversation(), "folder_id": folder_of(other)})
    assert response.status_code == 404
    assert member.http.get("/api/v1/chats/").json() == before


def test_saving_a_chat_into_someone_elses_folder_changes_nothing(member: Person, other: Person):
    chat_id = chat_of(member)
    changed = conversation("Renamed on the way")
    response = member.http.post(f"/api/v1/chats/{chat_id}", json={**changed, "folder_id": folder_of(other)})
    assert response.status_code == 404
    kept = member.http.get(f"/api/v1/chats/{chat_id}").json()
    assert (kept["folder_id"], kept["title"]) == (None, "A conversation")


def test_filing_into_ones_own_folder_works(member: Person):
    chat_id, folder_id = chat_of(member), folder_of(member)
    assert member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder_id}).status_code == 200
    assert member.http.get(f"/api/v1/chats/{chat_id}").json()["folder_id"] == folder_id


def test_reading_someone_elses_folder_is_recorded(admin: Person, member: Person, other: Person):
    folder_id = folder_of(other)
    assert member.http.get(f"/api/v1/folders/{folder_id}").status_code == 404
    assert recorded(admin, user_id=member.id, path=f"/api/v1/folders/{folder_id}")["reason"] == "someone else's folder"


# --- Presets: members who may create them (USER_PERMISSIONS_WORKSPACE_MODELS_ACCESS) ------------

@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory, fake_upstream: UpstreamProcess) -> Iterator[InProcessServer]:
    with in_process("embedded", tmp_path_factory.mktemp("workshop"), users_may_create_models=True,
                    openai_api_base_urls=(fake_upstream.openai_url,), openai_api_keys=("",)) as server:
        yield server


@pytest.fixture(scope="module")
def workshop_admin(workshop: InProcessServer) -> Person:
    return people.founder(workshop)


BASE = "echo"
"""One of the fake upstream's models (tests/upstream): for admins only until a preset shares it."""


def preset(person: Person, model_id: str, base_model_id: str, **more: Any) -> Any:
    return person.http.post("/api/v1/models/create", json={
        "id": model_id, "name": model_id, "base_model_id": base_model_id, "params": {}, "meta": {}, **more})


def test_a_member_may_not_build_a_preset_on_a_model_not_shared_with_them(workshop: InProcessServer,
                                                                        workshop_admin: Person):
    private = f"private-{uuid.uuid4().hex[:6]}"
    preset(workshop_admin, private, BASE).raise_for_status()  # the admin's, shared with nobody
    member = people.member(workshop, workshop_admin, "builder")
    assert preset(member, f"mine-{uuid.uuid4().hex[:6]}", BASE).status_code == 403
    response = preset(member, f"mine-{uuid.uuid4().hex[:6]}", private)
    assert response.status_code == 403
    assert "not shared with you" in response.json()["detail"]
    assert recorded(workshop_admin, user_id=member.id)["reason"] == "a preset on a model not shared with them"


EVERYONE = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]


def test_a_member_may_build_on_a_model_shared_with_them(workshop: InProcessServer, workshop_admin: Person):
    shared = "echo@break=2"  # an upstream model, shared by the admin's override of it
    workshop_admin.http.post("/api/v1/models/model/access/update",
                             json={"id": shared, "name": "Shared", "access_grants": EVERYONE}).raise_for_status()
    member = people.member(workshop, workshop_admin, "builder")
    assert preset(member, f"mine-{uuid.uuid4().hex[:6]}", shared).status_code == 200


def test_a_preset_is_built_on_a_base_model_never_on_another_preset(workshop: InProcessServer,
                                                                   workshop_admin: Person):
    """As the app offers only base models to build on: a preset on a preset would have no model to
    answer, and would repeat the other preset's id, its creator's text, in its own events."""
    shared, writer = f"shared-{uuid.uuid4().hex[:6]}", people.member(workshop, workshop_admin, "stacker")
    preset(workshop_admin, shared, BASE, access_grants=EVERYONE).raise_for_status()
    refused = preset(writer, f"mine-{uuid.uuid4().hex[:6]}", shared)
    assert refused.status_code == 400 and "not a base model" in refused.json()["detail"]
    assert preset(workshop_admin, f"admins-{uuid.uuid4().hex[:6]}", shared).status_code == 400
    model_id = f"team-{uuid.uuid4().hex[:6]}"
    preset(workshop_admin, model_id, BASE, access_grants=_reads_and_writes(writer)).raise_for_status()
    assert _update(writer, model_id, shared).status_code == 400
    imported = workshop_admin.http.post("/api/v1/models/import", json={"models": [
        {"id": f"imported-{uuid.uuid4().hex[:6]}", "name": "Imported", "base_model_id": shared, "params": {},
         "meta": {}}]})
    assert imported.status_code == 400
    assert workshop_admin.http.get("/api/v1/models/model", params={"id": model_id}).json()["base_model_id"] == BASE


def test_a_writer_of_a_preset_changes_it_on_the_base_its_author_chose(workshop: InProcessServer,
                                                                     workshop_admin: Person):
    """Keeping the base hands out no model that was not handed out already (as in Open WebUI)."""
    writer = people.member(workshop, workshop_admin, "writer")
    model_id = f"team-{uuid.uuid4().hex[:6]}"
    preset(workshop_admin, model_id, BASE, access_grants=_reads_and_writes(writer)).raise_for_status()
    assert _update(writer, model_id, BASE).status_code == 200
    assert workshop_admin.http.get("/api/v1/models/model", params={"id": model_id}).json()["name"] == "Renamed"


def test_a_writer_of_a_preset_may_not_move_it_onto_a_model_not_shared_with_them(workshop: InProcessServer,
                                                                                workshop_admin: Person):
    writer = people.member(workshop, workshop_admin, "writer")
    private, model_id = f"private-{uuid.uuid4().hex[:6]}", f"team-{uuid.uuid4().hex[:6]}"
    preset(workshop_admin, private, BASE).raise_for_status()
    preset(workshop_admin, model_id, BASE, access_grants=_reads_and_writes(writer)).raise_for_status()
    assert _update(writer, model_id, private).status_code == 403


def _reads_and_writes(person: Person) -> list[dict[str, str]]:
    """A writer's grants, as the app's Access dialog gives them."""
    return [{"principal_type": "user", "principal_id": person.id, "permission": p} for p in ("read", "write")]


def _update(person: Person, model_id: str, base_model_id: str) -> Any:
    return person.http.post("/api/v1/models/model/update", json={
        "id": model_id, "name": "Renamed", "base_model_id": base_model_id, "params": {}, "meta": {}})


def test_reading_someone_elses_preset_is_recorded(workshop: InProcessServer, workshop_admin: Person):
    private = f"private-{uuid.uuid4().hex[:6]}"
    preset(workshop_admin, private, BASE).raise_for_status()
    member = people.member(workshop, workshop_admin, "reader")
    assert member.http.get("/api/v1/models/model", params={"id": private}).status_code == 404
    assert recorded(workshop_admin, user_id=member.id)["reason"] == "someone else's model"
