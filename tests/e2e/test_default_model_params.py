"""The admin's default parameters for every chat (DEFAULT_MODEL_PARAMS on the Models settings page),
against a real server and a real fake upstream that records what it is asked: kept and given back,
refused when of the wrong kind, sent with every reply under the preset's and the caller's own (as
Open WebUI 0.12.4 ranks them), not with a task's question, and still there after ``annals rebuild``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import tab
from tests.e2e.spa_turns import send, turn_body, until_inactive
from tests.e2e.upstreams import QUICK, annals
from tests.upstream.process import UpstreamProcess

CONFIG = "/api/v1/configs/models"
DEFAULTS = {"temperature": 0.3, "max_tokens": 64, "seed": 7, "top_k": 40}
PUBLIC = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]


@pytest.fixture(scope="module")
def server(fake_upstream: UpstreamProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    env = {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true"}
    with annals("embedded", tmp_path_factory.mktemp("annals"), env) as process:
        yield process


@pytest.fixture
def defaults(admin: Person) -> Iterator[dict[str, Any]]:
    """The admin's default parameters, set as the app's page sends them (unset ones as null), and
    none again after the test."""
    saved = admin.http.post(CONFIG, json={"DEFAULT_MODEL_PARAMS": {**DEFAULTS, "stop": None}})
    assert saved.status_code == 200, saved.text
    yield saved.json()["DEFAULT_MODEL_PARAMS"]
    admin.http.post(CONFIG, json={"DEFAULT_MODEL_PARAMS": None}).raise_for_status()


def asked(upstream: UpstreamProcess, said: str) -> dict[str, Any]:
    """The last request the upstream received whose last message is ``said``."""
    return [r["body"] for r in upstream.requests() if r["body"]["messages"][-1]["content"] == said][-1]


def complete(person: Person, said: str, model: str = "echo", **params: Any) -> None:
    body = {"model": model, "messages": [{"role": "user", "content": said}], **params}
    person.http.post("/api/chat/completions", json=body).raise_for_status()


def test_the_default_parameters_are_kept_and_given_back_without_the_unset_ones(admin: Person, defaults: dict):
    assert defaults == DEFAULTS and admin.http.get(CONFIG).json()["DEFAULT_MODEL_PARAMS"] == DEFAULTS


@pytest.mark.parametrize(("params", "reason"), [({"temperature": "warm"}, "temperature must be a number"),
                                                ({"max_tokens": 1.5}, "max_tokens must be a whole number"),
                                                ({"warp": 9}, "warp is not a model parameter")])
def test_a_default_parameter_of_the_wrong_kind_is_refused_with_its_reason(admin: Person, params: dict, reason: str):
    answer = admin.http.post(CONFIG, json={"DEFAULT_MODELS": "other", "DEFAULT_MODEL_PARAMS": params})
    assert answer.status_code == 400 and reason in answer.json()["detail"]
    assert admin.http.get(CONFIG).json()["DEFAULT_MODELS"] != "other"


def test_a_reply_is_asked_with_the_default_parameters_the_upstream_takes(
        member: Person, fake_upstream: UpstreamProcess, defaults: dict):
    complete(member, "defaults, please")
    sent = asked(fake_upstream, "defaults, please")
    assert {k: sent.get(k) for k in ("temperature", "max_tokens", "seed", "top_k")} == \
        {"temperature": 0.3, "max_tokens": 64, "seed": 7, "top_k": None}  # top_k is Ollama's, not asked


def test_the_presets_parameters_override_the_defaults_and_the_callers_override_both(
        admin: Person, member: Person, fake_upstream: UpstreamProcess, defaults: dict):
    admin.http.post("/api/v1/models/create", json={
        "id": "steady", "base_model_id": "echo", "name": "Steady", "meta": {}, "access_grants": PUBLIC,
        "params": {"temperature": 0.9, "max_tokens": 32}}).raise_for_status()
    complete(member, "preset over defaults", model="steady")
    complete(member, "caller over all", model="steady", max_tokens=16)
    first, second = asked(fake_upstream, "preset over defaults"), asked(fake_upstream, "caller over all")
    assert (first["temperature"], first["max_tokens"], first["seed"]) == (0.9, 32, 7)
    assert (second["temperature"], second["max_tokens"], second["seed"]) == (0.9, 16, 7)


def test_a_default_system_prompt_leads_unless_the_preset_has_its_own(
        admin: Person, member: Person, fake_upstream: UpstreamProcess, defaults: dict):
    admin.http.post(CONFIG, json={"DEFAULT_MODEL_PARAMS": {**DEFAULTS, "system": "Be kind."}}).raise_for_status()
    admin.http.post("/api/v1/models/create", json={
        "id": "terse", "base_model_id": "echo", "name": "Terse", "meta": {}, "access_grants": PUBLIC,
        "params": {"system": "Be brief."}}).raise_for_status()
    complete(member, "who leads?")
    complete(member, "who leads now?", model="terse")
    assert asked(fake_upstream, "who leads?")["messages"][0] == {"role": "system", "content": "Be kind."}
    assert asked(fake_upstream, "who leads now?")["messages"][0] == {"role": "system", "content": "Be brief."}


def test_the_apps_reply_gets_the_defaults_and_its_title_question_does_not(
        server: AnnalsProcess, member: Person, fake_upstream: UpstreamProcess, defaults: dict):
    with tab(server, member.token) as member_tab:
        said = "a turn in the app"
        chat_id = send(member, turn_body(member_tab, said, params={"temperature": 0.5, "seed": None}))["chat_id"]
        until_inactive(member_tab, chat_id)
    requests = [r["body"] for r in fake_upstream.requests() if said in r["body"]["messages"][-1]["content"]]
    reply = next(body for body in requests if body["messages"][-1]["content"] == said)
    title = next(body for body in requests if body["messages"][-1]["content"].startswith("Suggest a title"))
    assert (reply["temperature"], reply["max_tokens"], reply["seed"]) == (0.5, 64, 7)
    assert "temperature" not in title and "seed" not in title


def test_annals_rebuild_keeps_the_default_parameters(
        server: AnnalsProcess, admin: Person, member: Person, fake_upstream: UpstreamProcess, defaults: dict):
    result = subprocess.run([sys.executable, "-m", "interfaces.cli.main", "rebuild"], env=server.env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0 and "DIFFERENT" not in result.stdout, result.stdout + result.stderr
    assert admin.http.get(CONFIG).json()["DEFAULT_MODEL_PARAMS"] == DEFAULTS
    complete(member, "after the rebuild")
    assert asked(fake_upstream, "after the rebuild")["temperature"] == 0.3
