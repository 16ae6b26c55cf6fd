"""GET /api/models and the passthroughs: upstream models in Open WebUI's shape, a dead or silent
upstream beside a live one never holds up the list, and members see only what is shared."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.e2e.people import Person, anonymous, member
from tests.e2e.upstreams import QUICK, dead_url
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess

PUBLIC = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]
# Open WebUI 0.12.4 (utils/models.py, routers/openai.py): an upstream model as /api/models lists it.
OPENAI_MODEL_FIELDS = {"id", "name", "object", "created", "owned_by", "openai", "connection_type", "provider",
                       "urlIdx", "actions", "filters", "tags"}
OLLAMA_MODEL_FIELDS = {"id", "name", "object", "created", "owned_by", "ollama", "loaded", "connection_type",
                       "actions", "filters", "tags"}


@pytest.fixture(scope="module")
def silent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    """An upstream that takes a minute to list its models."""
    process = UpstreamProcess(tmp_path_factory.mktemp("silent"), "--models-delay", "60").start()
    yield process
    process.stop()


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    silent: UpstreamProcess = request.getfixturevalue("silent")
    return {**QUICK, "OPENAI_API_BASE_URLS": f"{dead_url()};{silent.openai_url};{fake_upstream.openai_url}",
            "OLLAMA_BASE_URLS": fake_upstream.base_url}


server, admin = own_workspace("models-list", _connections, stores=["embedded"])


@pytest.fixture(scope="module")
def ada(server: InProcessServer, admin: Person) -> Person:
    return member(server, admin, "ada")


def listed(person: Person, **params) -> dict[str, dict]:
    response = person.http.get("/api/models", params=params)
    response.raise_for_status()
    return {m["id"]: m for m in response.json()["data"]}


def test_a_dead_and_a_silent_upstream_do_not_hold_up_the_live_ones_models(admin: Person):
    started = time.monotonic()
    models = listed(admin, refresh=True)
    assert "echo" in models and models["echo"]["urlIdx"] == 2
    assert time.monotonic() - started < 5  # the silent one is given up on after a second


def test_upstream_models_come_in_open_webuis_shape(admin: Person):
    echo = listed(admin)["echo"]
    assert set(echo) == OPENAI_MODEL_FIELDS
    assert (echo["object"], echo["owned_by"], echo["connection_type"], echo["openai"]["id"]) == (
        "model", "openai", "external", "echo")


def test_ollama_models_are_listed_as_ollamas(admin: Person):
    echo = listed(admin)["echo:latest"]
    assert set(echo) == OLLAMA_MODEL_FIELDS
    assert (echo["owned_by"], echo["connection_type"], echo["ollama"]["urls"]) == ("ollama", "local", [0])


def test_a_member_sees_no_model_until_one_is_shared(admin: Person, ada: Person):
    assert listed(ada) == {}
    admin.http.post("/api/v1/models/model/access/update",
                    json={"id": "echo", "name": "Echo", "access_grants": PUBLIC}).raise_for_status()
    shared = listed(ada)
    assert list(shared) == ["echo"] and shared["echo"]["info"]["params"] == {}


def test_the_openai_passthrough_lists_the_merged_models(admin: Person):
    response = admin.http.get("/openai/models")
    assert response.status_code == 200 and "echo" in {m["id"] for m in response.json()["data"]}


def test_one_connection_can_be_asked_directly_by_an_admin(admin: Person, ada: Person):
    assert "echo" in {m["id"] for m in admin.http.get("/openai/models/2").json()["data"]}
    assert ada.http.get("/openai/models/2").status_code == 401


def test_the_ollama_passthroughs_answer_tags_and_version(admin: Person):
    tags = admin.http.get("/ollama/api/tags").json()["models"]
    assert "echo:latest" in {m["model"] for m in tags}
    assert admin.http.get("/ollama/api/version").json() == {"version": "0.9.0"}


def test_listing_models_needs_a_signed_in_person(server: InProcessServer):
    assert anonymous(server).get("/api/models").status_code == 401
