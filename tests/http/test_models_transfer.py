"""Model presets exported and imported as JSON, the admin's reset, and presets' pictures: Open
WebUI's shapes, with access as creating and changing presets by hand has it."""

from __future__ import annotations

import base64

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess

PUBLIC = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]
PNG = b"\x89PNG\r\n\x1a\n a preset's picture"


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url,
            "USER_PERMISSIONS_WORKSPACE_MODELS_ACCESS": "true", "USER_PERMISSIONS_WORKSPACE_MODELS_IMPORT": "true",
            "USER_PERMISSIONS_WORKSPACE_MODELS_EXPORT": "true"}


server, admin = own_workspace("models-transfer", _connections, stores=["embedded"])


@pytest.fixture(scope="module", autouse=True)
def shared_base(admin: Person) -> None:
    share_the_base(admin)


def share_the_base(admin: Person) -> None:
    """Members build on it: a preset may only be built on a model its author may use."""
    admin.http.post("/api/v1/models/model/access/update",
                    json={"id": "echo", "name": "Echo", "access_grants": PUBLIC}).raise_for_status()


@pytest.fixture(scope="module")
def ada(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "ada")


@pytest.fixture(scope="module")
def bob(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "bob")


def create(person: Person, model_id: str, **more) -> dict:
    body = {"id": model_id, "base_model_id": "echo", "name": model_id.title(), "meta": {"description": "d"},
            "params": {"system": "Be brief."}, **more}
    response = person.http.post("/api/v1/models/create", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def get(person: Person, model_id: str) -> dict | None:
    response = person.http.get("/api/v1/models/model", params={"id": model_id})
    return response.json() if response.status_code == 200 else None


def bring_in(person: Person, *models: dict):
    return person.http.post("/api/v1/models/import", json={"models": list(models)})


def test_an_admin_exports_presets_as_they_are_and_imports_them_under_new_ids(admin: Person):
    create(admin, "exported", access_grants=PUBLIC)
    [exported] = admin.http.get("/api/v1/models/export", params={"ids": ["exported"]}).json()
    assert (exported["params"]["system"], exported["access_grants"][0]["principal_id"]) == ("Be brief.", "*")
    assert bring_in(admin, {**exported, "id": "imported", "user_id": "someone-else"}).json() is True
    imported = get(admin, "imported")
    assert (imported["user_id"], imported["params"], imported["meta"]) == (
        admin.id, exported["params"], exported["meta"])
    assert [g["principal_id"] for g in imported["access_grants"]] == ["*"]


def test_an_import_changes_a_preset_adding_to_its_meta_and_keeping_its_name(ada: Person):
    create(ada, "adas-changed", meta={"description": "d", "tags": [{"name": "old"}]})
    assert bring_in(ada, {"id": "adas-changed", "meta": {"description": "new"}, "params": {}}).status_code == 200
    changed = get(ada, "adas-changed")
    assert (changed["name"], changed["meta"], changed["params"]) == (
        "Adas-Changed", {"description": "new", "tags": [{"name": "old"}]}, {})


def test_an_import_with_a_preset_its_importer_may_not_change_changes_nothing(ada: Person, bob: Person):
    create(ada, "adas-guarded", access_grants=PUBLIC)
    response = bring_in(bob, {"id": "bobs-new", "base_model_id": "echo", "name": "New"},
                        {"id": "adas-guarded", "name": "Mine now"})
    assert response.status_code == 401 and response.json()["detail"]
    assert (get(bob, "bobs-new"), get(ada, "adas-guarded")["name"]) == (None, "Adas-Guarded")


def test_a_members_import_may_not_take_an_upstream_models_id(bob: Person):
    assert bring_in(bob, {"id": "echo@delay=0.01", "base_model_id": "echo", "name": "Mine"}).status_code == 400


def test_a_member_exports_only_the_presets_they_may_change(ada: Person, bob: Person):
    create(ada, "adas-readable", access_grants=PUBLIC)
    create(bob, "bobs-exported")
    exported = {m["id"] for m in bob.http.get("/api/v1/models/export").json()}
    assert "bobs-exported" in exported and "adas-readable" not in exported
    assert bob.http.get("/api/v1/models/export", params={"ids": ["adas-readable"]}).status_code == 403


def test_an_export_naming_a_preset_one_may_not_export_is_refused(admin: Person):
    response = admin.http.get("/api/v1/models/export", params={"ids": ["exported", "no-such-preset"]})
    assert response.status_code == 403


def test_only_an_admin_resets_the_presets(admin: Person, ada: Person, server: InProcessServer):
    assert ada.http.delete("/api/v1/models/delete/all").status_code == 401
    create(ada, "to-be-reset")
    assert admin.http.delete("/api/v1/models/delete/all").json() is True
    assert admin.http.get("/api/v1/models/all").json() == []
    share_the_base(admin)


def test_a_presets_picture_is_served_to_those_who_may_use_it(ada: Person, bob: Person):
    picture = f"data:image/png;base64,{base64.b64encode(PNG).decode()}"
    create(ada, "pictured", meta={"profile_image_url": picture})
    served = ada.http.get("/api/v1/models/model/profile/image", params={"id": "pictured"})
    assert (served.status_code, served.content, served.headers["content-type"]) == (200, PNG, "image/png")
    hidden = bob.http.get("/api/v1/models/model/profile/image", params={"id": "pictured"})
    assert (hidden.status_code, hidden.headers["location"]) == (302, "/static/favicon.png")


def test_the_model_list_leaves_pictures_out(ada: Person):
    picture = f"data:image/png;base64,{base64.b64encode(PNG).decode()}"
    create(ada, "pictured-listed", meta={"profile_image_url": picture})
    [listed] = [m for m in ada.http.get("/api/models").json()["data"] if m["id"] == "pictured-listed"]
    assert "profile_image_url" not in listed["info"]["meta"]
