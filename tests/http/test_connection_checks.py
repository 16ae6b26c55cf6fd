"""Checking a connection before saving it (the SPA's connection dialog: /openai/verify and
/ollama/verify) against real fake upstreams: the models or the version when the server answers,
and a short reason of ours when it does not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.people import Person
from tests.e2e.upstreams import QUICK, UPSTREAM_KEY, dead_url, keyed_upstream
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    with keyed_upstream(tmp_path_factory.mktemp("upstream")) as process:
        yield process


@pytest.fixture(scope="module")
def slow_upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    with keyed_upstream(tmp_path_factory.mktemp("slow"), "--models-delay", "3") as process:
        yield process


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    upstream: UpstreamProcess = request.getfixturevalue("upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": upstream.openai_url, "OPENAI_API_KEYS": UPSTREAM_KEY}


# ``admin`` is the first account on this module's own workspace.
server, admin = own_workspace("connection-checks", _connections, stores=["embedded"])


def verify(admin: Person, kind: str, url: str, key: str = UPSTREAM_KEY) -> dict:
    answer = admin.http.post(f"/{kind}/verify", json={"url": url, "key": key, "config": {"auth_type": "bearer"}})
    return {"status": answer.status_code, **answer.json()}


def test_an_openai_connection_that_answers_lists_its_models(admin: Person, upstream: UpstreamProcess):
    checked = verify(admin, "openai", upstream.openai_url + "/")
    assert checked["status"] == 200 and "echo" in [m["id"] for m in checked["data"]]


def test_an_ollama_connection_that_answers_tells_its_version(admin: Person, upstream: UpstreamProcess):
    assert verify(admin, "ollama", upstream.base_url) == {"status": 200, "version": "0.9.0"}


def test_the_masked_key_of_a_saved_connection_stands_for_its_key(admin: Person, upstream: UpstreamProcess):
    [masked] = admin.http.get("/openai/config").json()["OPENAI_API_KEYS"]
    assert verify(admin, "openai", upstream.openai_url, masked)["status"] == 200


def test_a_masked_key_never_stands_for_the_key_of_another_server(admin: Person, upstream: UpstreamProcess):
    [masked] = admin.http.get("/openai/config").json()["OPENAI_API_KEYS"]
    checked = verify(admin, "openai", upstream.openai_url.replace("/v1", "/v1/other"), masked)
    assert checked["status"] == 502 and "Incorrect API key" in checked["detail"]


def test_a_refused_key_is_told_in_a_few_words(admin: Person, upstream: UpstreamProcess):
    checked = verify(admin, "openai", upstream.openai_url, "sk-wrong")
    assert checked["status"] == 502
    assert checked["error"]["message"] == checked["detail"] == "the server answered 401: Incorrect API key provided."


@pytest.mark.parametrize("kind", ["openai", "ollama"])
def test_a_server_nobody_answers_at_is_unreachable(admin: Person, kind: str):
    checked = verify(admin, kind, dead_url())
    assert checked["status"] == 502 and "unreachable" in checked["error"]["message"]


def test_a_silent_server_is_given_up_on(admin: Person, slow_upstream: UpstreamProcess):
    checked = verify(admin, "openai", slow_upstream.openai_url)
    assert checked["status"] == 504 and "did not answer within" in checked["detail"]


def test_a_url_that_is_not_http_is_refused(admin: Person):
    checked = verify(admin, "ollama", "file:///etc/passwd")
    assert checked["status"] == 400 and "http" in checked["detail"]
