"""A connection that turns out unusable (a URL no client can call, kept from the environment; a
server that answers garbage) never breaks the model list or a chat for anyone: that server is
reported failing, and the others' models are listed and answer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.upstream.process import UpstreamProcess

EVERYONE_MAY_READ = {"access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}]}
GARBAGE_MODELS = {"data": [{"id": 5}, {"name": ["x"]}, "junk", None,
                           {"id": "garbage-model", "info": EVERYONE_MAY_READ}]}
GARBAGE_CHUNKS = b'data: {"choices": "none"}\n\ndata: [1, 2]\n\ndata: [DONE]\n\n'


class _Garbage(BaseHTTPRequestHandler):
    """A server that answers with the right status and nonsense inside."""

    def do_GET(self) -> None:
        self._answer("application/json", json.dumps(GARBAGE_MODELS).encode())

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self._answer("text/event-stream", GARBAGE_CHUNKS)

    def _answer(self, kind: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def garbage_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    process = UpstreamProcess(tmp_path_factory.mktemp("upstream"), "--model=working-model").start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, garbage_url: str,
              upstream: UpstreamProcess) -> Iterator[InProcessServer]:
    """The malformed URL comes from the environment, which is read as the operator wrote it."""
    urls = ("http://[::1/v1", "http://a..b/v1", garbage_url, upstream.openai_url)
    with in_process("embedded", Path(tmp_path_factory.mktemp("unusable")), openai_api_base_urls=urls,
                    model_list_timeout=2.0) as app:
        yield app


@pytest.fixture(scope="module")
def admin(workspace: InProcessServer) -> Person:
    return people.founder(workspace)


def test_the_model_list_shows_the_models_of_the_servers_that_work(admin: Person):
    listed = admin.http.get("/api/models")
    assert listed.status_code == 200
    assert {m["id"] for m in listed.json()["data"]} == {"working-model", "garbage-model"}


def test_a_server_cannot_say_who_may_use_its_model(workspace: InProcessServer, admin: Person):
    member = people.member(workspace, admin, "member")
    garbage = next(m for m in admin.http.get("/api/models").json()["data"] if m["id"] == "garbage-model")
    assert garbage.get("info") is None
    assert "garbage-model" not in {m["id"] for m in member.http.get("/api/models").json()["data"]}


def test_a_model_of_a_server_that_works_answers(admin: Person):
    answer = admin.http.post("/api/chat/completions", json={
        "model": "working-model", "messages": [{"role": "user", "content": "hello"}]})
    assert answer.status_code == 200, answer.text


def test_a_chat_with_a_server_that_answers_garbage_is_told_it_failed(admin: Person):
    answer = admin.http.post("/api/chat/completions", json={
        "model": "garbage-model", "messages": [{"role": "user", "content": "hello"}]})
    assert answer.status_code == 502
    assert "not a chat completion" in answer.json()["detail"]


@pytest.mark.parametrize(("index", "reason"), [(0, "cannot be called"), (1, "unreachable")])
def test_a_connection_whose_url_cannot_be_called_is_reported_failing(admin: Person, index: int, reason: str):
    answer = admin.http.get(f"/openai/models/{index}")
    assert answer.status_code == 502
    assert reason in answer.json()["detail"]
