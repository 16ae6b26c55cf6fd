"""Workspace model presets under /api/v1/models/*: Open WebUI's shapes, and access as its grants
say: the owner and admins change them, a read grant lets others use them without seeing their
system prompt, and to anyone else they do not exist."""

from __future__ import annotations

import pytest

from tests.e2e.audit import recorded
from tests.e2e.people import Person, member
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess

PUBLIC = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]
# Open WebUI 0.12.4 models/models.py: ModelModel, and ModelAccessResponse's addition.
MODEL_FIELDS = {"id", "user_id", "base_model_id", "name", "params", "meta", "access_grants", "is_active",
                "updated_at", "created_at", "version_id"}
GRANT_FIELDS = {"id", "resource_type", "resource_id", "principal_type", "principal_id", "permission", "created_at"}


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url,
            "USER_PERMISSIONS_WORKSPACE_MODELS_ACCESS": "true"}


server, admin = own_workspace("models-presets", _connections, stores=["embedded"])


BASE = "echo@delay=0.01"
"""The model members build on: a preset may only be built on a model its author may use."""


@pytest.fixture(scope="module")
def shared_base(admin: Person) -> str:
    admin.http.post("/api/v1/models/model/access/update",
                    json={"id": BASE, "name": "Base", "access_grants": PUBLIC}).raise_for_status()
    return BASE


@pytest.fixture(scope="module")
def ada(server: InProcessServer, admin: Person, shared_base: str) -> Person:
    return member(server, admin, "ada")


@pytest.fixture(scope="module")
def bob(server: InProcessServer, admin: Person, shared_base: str) -> Person:
    return member(server, admin, "bob")


def preset(model_id: str, **more) -> dict:
    return {"id": model_id, "base_model_id": BASE, "name": model_id.title(), "meta": {"description": "d"},
            "params": {"system": "Be brief.", "temperature": 0.5}, **more}


def create(person: Person, model_id: str, **more) -> dict:
    response = person.http.post("/api/v1/models/create", json=preset(model_id, **more))
    assert response.status_code == 200, response.text
    return response.json()


def get(person: Person, model_id: str):
    return person.http.get("/api/v1/models/model", params={"id": model_id})


def test_a_created_preset_is_answered_in_open_webuis_shape(admin: Person):
    created = create(admin, "brief", access_grants=PUBLIC)
    assert set(created) == MODEL_FIELDS and created["params"]["system"] == "Be brief."
    [grant] = created["access_grants"]
    assert set(grant) == GRANT_FIELDS and (grant["principal_id"], grant["resource_id"]) == ("*", "brief")
    fetched = get(admin, "brief").json()
    assert set(fetched) == MODEL_FIELDS | {"write_access"} and fetched["write_access"] is True


def test_a_preset_is_a_model_of_its_own_in_the_list(admin: Person):
    create(admin, "listed")
    model = {m["id"]: m for m in admin.http.get("/api/models").json()["data"]}["listed"]
    assert (model["preset"], model["owned_by"], model["info"]["base_model_id"]) == (True, "openai", BASE)


def test_a_private_preset_does_not_exist_for_others(ada: Person, bob: Person):
    create(ada, "adas-own")
    assert get(ada, "adas-own").status_code == 200
    assert get(bob, "adas-own").status_code == 404
    assert "adas-own" not in {m["id"] for m in bob.http.get("/api/v1/models/list").json()["items"]}
    changed = bob.http.post("/api/v1/models/model/update", json=preset("adas-own", name="Mine now"))
    assert changed.status_code == 404 and get(ada, "adas-own").json()["name"] == "Adas-Own"


def test_a_refused_read_of_a_preset_is_recorded_with_the_rule_that_refused(ada: Person, bob: Person,
                                                                          admin: Person):
    create(ada, "adas-secret")
    assert get(bob, "adas-secret").status_code == 404
    refusal = recorded(admin, kind="permission", user_id=bob.id, path="/api/v1/models/model?id=adas-secret")
    assert (refusal["reason"], refusal["status"]) == ("someone else's model", 404)


def test_a_reader_uses_a_shared_preset_without_seeing_its_params(ada: Person, bob: Person):
    create(ada, "adas-shared", access_grants=PUBLIC)
    seen = get(bob, "adas-shared").json()
    assert (seen["write_access"], seen["params"]) == (False, {})
    [item] = [m for m in bob.http.get("/api/v1/models/list").json()["items"] if m["id"] == "adas-shared"]
    assert (item["params"], item["user"]["name"]) == ({}, "ada")


def test_taking_the_grant_away_ends_the_readers_access_at_their_next_request(ada: Person, bob: Person):
    create(ada, "adas-lent", access_grants=PUBLIC)
    assert get(bob, "adas-lent").status_code == 200
    ada.http.post("/api/v1/models/model/access/update", json={"id": "adas-lent", "access_grants": []}
                  ).raise_for_status()
    assert get(bob, "adas-lent").status_code == 404


def test_a_reader_may_not_change_a_shared_preset(ada: Person, bob: Person):
    create(ada, "adas-guarded", access_grants=PUBLIC)
    attempts = [bob.http.post("/api/v1/models/model/update", json=preset("adas-guarded", name="Mine")),
                bob.http.post("/api/v1/models/model/toggle", params={"id": "adas-guarded"}),
                bob.http.post("/api/v1/models/model/delete", json={"id": "adas-guarded"}),
                bob.http.post("/api/v1/models/model/access/update", json={"id": "adas-guarded", "access_grants": []})]
    assert [a.status_code for a in attempts] == [401, 401, 401, 401]
    assert get(ada, "adas-guarded").json()["name"] == "Adas-Guarded"


def test_an_admin_may_change_anyones_preset(admin: Person, ada: Person):
    create(ada, "adas-managed")
    response = admin.http.post("/api/v1/models/model/update", json=preset("adas-managed", name="Managed"))
    assert response.status_code == 200 and response.json()["name"] == "Managed"


def test_an_update_that_does_not_mention_is_active_keeps_a_disabled_preset_disabled(ada: Person):
    create(ada, "adas-paused")
    toggled = ada.http.post("/api/v1/models/model/toggle", params={"id": "adas-paused"}).json()
    updated = ada.http.post("/api/v1/models/model/update", json=preset("adas-paused", name="Paused")).json()
    assert (toggled["is_active"], updated["is_active"], updated["name"]) == (False, False, "Paused")


def test_a_deleted_preset_is_gone_and_its_id_free_again(ada: Person, bob: Person):
    create(ada, "short-lived")
    assert ada.http.post("/api/v1/models/model/delete", json={"id": "short-lived"}).json() is True
    assert get(ada, "short-lived").status_code == 404
    assert create(bob, "short-lived")["user_id"] == bob.id


def test_a_taken_id_is_refused(ada: Person, bob: Person):
    create(ada, "taken")
    assert bob.http.post("/api/v1/models/create", json=preset("taken")).status_code == 400


def test_a_member_may_not_shadow_an_upstream_model_or_make_a_bare_override(ada: Person):
    assert ada.http.post("/api/v1/models/create", json=preset("echo")).status_code == 400
    assert ada.http.post("/api/v1/models/create", json=preset("bare", base_model_id=None)).status_code == 401


def test_a_preset_cannot_be_given_an_owner(ada: Person, bob: Person):
    response = ada.http.post("/api/v1/models/create", json=preset("forged", user_id=bob.id))
    assert response.status_code == 422


def test_the_list_filters_what_one_created_from_what_is_shared(ada: Person, bob: Person):
    create(bob, "bobs-open", access_grants=PUBLIC)
    mine = {m["id"] for m in bob.http.get("/api/v1/models/list", params={"view_option": "created"}).json()["items"]}
    shared = {m["id"] for m in bob.http.get("/api/v1/models/list", params={"view_option": "shared"}).json()["items"]}
    assert "bobs-open" in mine and "bobs-open" not in shared and "adas-shared" in shared
    found = bob.http.get("/api/v1/models/list", params={"query": "BOBS"}).json()
    assert [m["id"] for m in found["items"]] == ["bobs-open"] and found["total"] == 1


def test_an_admins_grant_on_a_base_model_shares_it(admin: Person, bob: Person):
    assert "echo" not in {m["id"] for m in bob.http.get("/api/models").json()["data"]}
    admin.http.post("/api/v1/models/model/access/update",
                    json={"id": "echo", "name": "Echo", "access_grants": PUBLIC}).raise_for_status()
    assert "echo" in {m["id"] for m in bob.http.get("/api/models").json()["data"]}
    assert "echo" in {m["id"] for m in admin.http.get("/api/v1/models/base").json()}
