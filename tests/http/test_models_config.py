"""The admin's connection settings: Open WebUI's config endpoints, keys shown masked and never in
clear (not even in the event log), a masked key sent back keeps working; admins only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.people import Person, anonymous, member
from tests.e2e.upstreams import QUICK, UPSTREAM_KEY, keyed_upstream
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess

ADMIN_ONLY = [("GET", "/api/v1/configs/connections", None),
              ("POST", "/api/v1/configs/connections", {"ENABLE_DIRECT_CONNECTIONS": True,
                                                      "ENABLE_BASE_MODELS_CACHE": False}),
              ("GET", "/openai/config", None),
              ("POST", "/openai/config/update", {"OPENAI_API_BASE_URLS": [], "OPENAI_API_KEYS": [],
                                                 "OPENAI_API_CONFIGS": {}}),
              ("GET", "/ollama/config", None),
              ("POST", "/ollama/config/update", {"OLLAMA_BASE_URLS": [], "OLLAMA_API_CONFIGS": {}}),
              ("GET", "/api/models/base", None)]


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    with keyed_upstream(tmp_path_factory.mktemp("upstream")) as process:
        yield process


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    upstream: UpstreamProcess = request.getfixturevalue("upstream")
    return {**QUICK, "MODELS_CACHE_TTL": "0", "OPENAI_API_BASE_URLS": upstream.openai_url,
            "OPENAI_API_KEYS": UPSTREAM_KEY}


server, admin = own_workspace("models-config", _connections, stores=["embedded"])


@pytest.fixture(scope="module")
def ada(server: InProcessServer, admin: Person) -> Person:
    return member(server, admin, "ada")


def openai_config(admin: Person) -> dict:
    response = admin.http.get("/openai/config")
    response.raise_for_status()
    return response.json()


def model_ids(admin: Person) -> set[str]:
    return {m["id"] for m in admin.http.get("/api/models").json()["data"]}


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ONLY)
def test_only_admins_reach_the_connection_settings(ada: Person, server: InProcessServer, method: str, path: str,
                                                   body: dict | None):
    assert ada.http.request(method, path, json=body).status_code == 401
    assert anonymous(server).request(method, path, json=body).status_code == 401


def test_the_environments_connection_is_shown_with_its_key_masked(admin: Person, upstream: UpstreamProcess):
    config = openai_config(admin)
    assert (config["ENABLE_OPENAI_API"], config["OPENAI_API_BASE_URLS"]) == (True, [upstream.openai_url])
    [masked] = config["OPENAI_API_KEYS"]
    assert masked != UPSTREAM_KEY and UPSTREAM_KEY[-4:] in masked and UPSTREAM_KEY not in str(config)


def test_a_masked_key_sent_back_keeps_the_connection_working(admin: Person, upstream: UpstreamProcess):
    config = openai_config(admin)
    config["OPENAI_API_CONFIGS"] = {"0": {"enable": True, "prefix_id": "up"}}
    answer = admin.http.post("/openai/config/update", json=config)
    assert answer.status_code == 200 and UPSTREAM_KEY not in answer.text
    assert "up.echo" in model_ids(admin)
    reply = admin.http.post("/api/chat/completions", json={
        "model": "up.echo", "messages": [{"role": "user", "content": "still keyed"}]})
    assert reply.json()["choices"][0]["message"]["content"] == "echo: still keyed"
    assert upstream.requests()[-1]["body"]["model"] == "echo"  # the prefix is ours, not the upstream's


def test_a_wrong_key_is_refused_by_the_upstream_so_its_models_disappear(admin: Person, upstream: UpstreamProcess):
    config = openai_config(admin)
    admin.http.post("/openai/config/update", json={**config, "OPENAI_API_KEYS": ["sk-wrong"]}).raise_for_status()
    assert model_ids(admin) == set()
    admin.http.post("/openai/config/update", json={**config, "OPENAI_API_KEYS": [UPSTREAM_KEY]}).raise_for_status()
    assert model_ids(admin)


def test_no_key_is_in_clear_in_the_event_log(admin: Person):
    events = admin.http.get("/api/v1/events", params={"context": "models"})
    assert events.status_code == 200 and events.json()
    for entry in events.json()["events"]:
        assert UPSTREAM_KEY not in admin.http.get(f"/api/v1/events/{entry['position']}",
                                                  params={"context": "models"}).text


def test_ollama_connections_are_configured_with_their_keys_masked(admin: Person, upstream: UpstreamProcess):
    body = {"ENABLE_OLLAMA_API": True, "OLLAMA_BASE_URLS": [upstream.base_url],
            "OLLAMA_API_CONFIGS": {"0": {"enable": True, "key": UPSTREAM_KEY, "connection_type": "local"}}}
    answer = admin.http.post("/ollama/config/update", json=body)
    assert answer.status_code == 200 and UPSTREAM_KEY not in answer.text
    config = admin.http.get("/ollama/config").json()
    assert config["OLLAMA_BASE_URLS"] == [upstream.base_url] and "echo:latest" in model_ids(admin)
    assert config["OLLAMA_API_CONFIGS"]["0"]["key"].endswith(UPSTREAM_KEY[-4:])


def test_an_ollama_model_answers_through_ollamas_openai_endpoint(admin: Person):
    reply = admin.http.post("/api/chat/completions", json={
        "model": "echo:latest", "messages": [{"role": "user", "content": "from ollama"}]})
    assert reply.json()["choices"][0]["message"]["content"] == "echo: from ollama"


def test_a_connection_that_is_not_http_is_refused(admin: Person):
    answer = admin.http.post("/ollama/config/update", json={"OLLAMA_BASE_URLS": ["file:///etc/passwd"],
                                                          "OLLAMA_API_CONFIGS": {}})
    assert answer.status_code == 400


def test_the_connections_options_round_trip(admin: Person):
    body = {"ENABLE_DIRECT_CONNECTIONS": True, "ENABLE_DIRECT_INTEGRATIONS": False, "ENABLE_BASE_MODELS_CACHE": True}
    assert admin.http.post("/api/v1/configs/connections", json=body).json() == body
    assert admin.http.get("/api/v1/configs/connections").json() == body


def test_disabling_openai_empties_its_passthrough(admin: Person):
    config = openai_config(admin)
    admin.http.post("/openai/config/update", json={**config, "ENABLE_OPENAI_API": False}).raise_for_status()
    assert admin.http.get("/openai/models").status_code == 503
    admin.http.post("/openai/config/update", json={**config, "ENABLE_OPENAI_API": True}).raise_for_status()
