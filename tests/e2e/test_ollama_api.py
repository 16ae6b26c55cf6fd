"""Ollama's own API behind /ollama (chat, generate, show, ps, embed) against real fake Ollama
servers: what scripts and the ``ollama`` client get with a person's token, and what they may not."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import ollama
import pytest

from tests.e2e.people import Person, anonymous, bearer, founder, member
from tests.e2e.server import AnnalsProcess
from tests.e2e.upstreams import QUICK, annals
from tests.services import free_port
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

PUBLIC = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]
HELLO = [{"role": "user", "content": "hello there"}]
SLOW = "echo@delay=0.2:latest"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[UpstreamProcess]]:
    """Two Ollama servers: ``echo`` and its slow and failing kinds on the first, ``solo`` on the second."""
    logs = tmp_path_factory.mktemp("ollama")
    first = UpstreamProcess(logs, "--model=echo", f"--model={SLOW}", "--model=echo@ttft=30",
                            "--model=echo@fail=500").start()
    second = UpstreamProcess(logs, "--model=solo").start()
    yield [first, second]
    first.stop()
    second.stop()


@pytest.fixture(scope="module")
def server(servers: list[UpstreamProcess], tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    dead = f"http://127.0.0.1:{free_port()}"
    env = {**QUICK, "OLLAMA_BASE_URLS": ";".join([*(s.base_url for s in servers), dead])}
    with annals("embedded", tmp_path_factory.mktemp("annals"), env) as process:
        yield process


@pytest.fixture(scope="module")
def admin(server: AnnalsProcess) -> Person:
    """The first account; it shares ``echo``, ``solo`` and a preset, and lists ``ghost`` on the dead server."""
    person = founder(server)
    urls = person.http.get("/ollama/config").json()["OLLAMA_BASE_URLS"]
    person.http.post("/ollama/config/update", json={"OLLAMA_BASE_URLS": urls, "OLLAMA_API_CONFIGS": {
        "2": {"model_ids": ["ghost:latest"]}}}).raise_for_status()
    for model in ("echo:latest", "solo:latest", "ghost:latest", "echo@fail=500:latest", "echo@ttft=30:latest"):
        person.http.post("/api/v1/models/model/access/update",
                         json={"id": model, "name": model, "access_grants": PUBLIC}).raise_for_status()
    person.http.post("/api/v1/models/create", json={
        "id": "brief", "base_model_id": "echo:latest", "name": "Brief", "meta": {}, "access_grants": PUBLIC,
        "params": {"system": "Be brief.", "temperature": 0.5, "max_tokens": 7, "keep_alive": "5m"},
    }).raise_for_status()
    return person


@pytest.fixture(scope="module")
def ada(server: AnnalsProcess, admin: Person) -> Person:
    return member(server, admin, "ada")


def ndjson(response: httpx.Response) -> list[dict]:
    return [json.loads(line) for line in response.iter_lines() if line]


def last_request(upstream: UpstreamProcess) -> dict:
    return upstream.requests()[-1]


def test_a_chat_streams_ndjson_lines_until_done(ada: Person):
    with ada.http.stream("POST", "/ollama/api/chat", json={"model": "echo:latest", "messages": HELLO}) as answer:
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/x-ndjson")
        lines = ndjson(answer)
    assert "".join(line["message"]["content"] for line in lines) == "echo: hello there"
    assert lines[-1]["done"] is True and not any(line["done"] for line in lines[:-1])


def test_a_chat_not_streamed_is_one_object(ada: Person):
    answer = ada.http.post("/ollama/api/chat", json={"model": "echo:latest", "messages": HELLO, "stream": False})
    assert answer.status_code == 200
    assert answer.json()["message"] == {"role": "assistant", "content": "echo: hello there"}


def test_generate_streams_or_answers_whole(ada: Person):
    asked = {"model": "echo:latest", "prompt": "why is the sky blue"}
    with ada.http.stream("POST", "/ollama/api/generate", json=asked) as answer:
        streamed = "".join(line["response"] for line in ndjson(answer))
    whole = ada.http.post("/ollama/api/generate", json={**asked, "stream": False}).json()
    assert streamed == whole["response"] == "echo: why is the sky blue" and whole["done"] is True


def test_the_ollama_client_chats_and_generates_with_a_token(server: AnnalsProcess, ada: Person):
    client = ollama.Client(host=f"{server.base_url}/ollama", headers=bearer(ada.token), timeout=30)
    assert client.chat(model="echo:latest", messages=HELLO).message.content == "echo: hello there"
    pieces = client.chat(model="echo:latest", messages=HELLO, stream=True)
    assert "".join(p.message.content or "" for p in pieces) == "echo: hello there"
    assert client.generate(model="echo:latest", prompt="hi").response == "echo: hi"


def test_a_presets_system_prompt_and_params_reach_its_base_model(ada: Person, servers: list[UpstreamProcess]):
    asked = {"model": "brief", "messages": HELLO, "stream": False, "options": {"temperature": 0.9}}
    assert ada.http.post("/ollama/api/chat", json=asked).json()["message"]["content"] == "echo: hello there"
    sent = last_request(servers[0])["body"]
    assert sent["model"] == "echo:latest" and sent["keep_alive"] == "5m"
    assert sent["messages"] == [{"role": "system", "content": "Be brief."}, *HELLO]
    assert sent["options"] == {"temperature": 0.9, "num_predict": 7}  # the caller's own win


def test_a_model_goes_to_the_server_that_serves_it(ada: Person, servers: list[UpstreamProcess]):
    answer = ada.http.post("/ollama/api/generate", json={"model": "solo:latest", "prompt": "hi", "stream": False})
    assert answer.json()["response"] == "echo: hi"
    assert last_request(servers[1])["path"] == "/api/generate"


def test_a_member_is_refused_a_model_not_shared_with_them(ada: Person):
    answer = ada.http.post("/ollama/api/chat", json={"model": SLOW, "messages": HELLO})
    assert answer.status_code == 403 and answer.json()["detail"] == "Model not found"


def test_a_model_that_does_not_exist_is_refused_to_a_member_alike(ada: Person):
    answer = ada.http.post("/ollama/api/generate", json={"model": "nothing:latest", "prompt": "hi"})
    assert answer.status_code == 403 and answer.json()["detail"] == "Model not found"


def test_a_member_may_not_send_a_model_to_a_server_that_does_not_serve_it(ada: Person):
    answer = ada.http.post("/ollama/api/chat/1", json={"model": "echo:latest", "messages": HELLO})
    assert answer.status_code == 403


def test_without_a_token_nothing_is_answered(server: AnnalsProcess):
    answer = anonymous(server).post("/ollama/api/chat", json={"model": "echo:latest", "messages": HELLO})
    assert answer.status_code == 401


def test_an_unreachable_server_is_a_502_with_a_reason(ada: Person):
    answer = ada.http.post("/ollama/api/chat", json={"model": "ghost:latest", "messages": HELLO})
    assert answer.status_code == 502
    assert answer.json()["detail"] == "the Ollama server could not be reached"


def test_a_server_that_fails_is_a_502_with_its_reason(ada: Person):
    answer = ada.http.post("/ollama/api/chat", json={"model": "echo@fail=500:latest", "messages": HELLO})
    assert answer.status_code == 502 and "told to fail" in answer.json()["detail"]


def test_a_server_that_does_not_answer_in_time_is_a_504(ada: Person):
    asked = {"model": "echo@ttft=30:latest", "prompt": "hi", "stream": False}
    answer = ada.http.post("/ollama/api/generate", json=asked)
    assert answer.status_code == 504 and "did not answer within 2 s" in answer.json()["detail"]


def test_a_stream_that_stops_midway_ends_with_an_error_line_as_ollamas_do(ada: Person):
    asked = {"model": "echo@ttft=30:latest", "prompt": "hi"}
    with ada.http.stream("POST", "/ollama/api/generate", json=asked) as answer:
        lines = ndjson(answer)
    assert lines == [{"error": "the Ollama server did not answer within 2 s"}]


def test_a_client_that_goes_away_ends_the_upstream_request(admin: Person, servers: list[UpstreamProcess]):
    def streams() -> dict:
        return httpx.get(f"{servers[0].base_url}/fake/streams", timeout=5).json()

    cut = streams()["cut"]
    asked = {"model": SLOW, "messages": [{"role": "user", "content": " ".join(["word"] * 200)}]}
    with admin.http.stream("POST", "/ollama/api/chat", json=asked) as answer:
        lines = answer.iter_lines()
        next(lines)
        assert streams() == {"open": 1, "cut": cut}
    wait_for(lambda: streams() == {"open": 0, "cut": cut + 1}, timeout=10, what="the upstream stream to be cut")


def test_show_answers_the_models_details(ada: Person):
    shown = ada.http.post("/ollama/api/show", json={"model": "echo:latest"}).json()
    assert shown["details"]["family"] == "fake" and "modelfile" in shown


def test_embed_answers_a_vector_per_input_and_the_legacy_route_one(ada: Person):
    embedded = ada.http.post("/ollama/api/embed", json={"model": "echo:latest", "input": ["a", "b"]}).json()
    legacy = ada.http.post("/ollama/api/embeddings", json={"model": "echo:latest", "prompt": "a"}).json()
    assert len(embedded["embeddings"]) == 2 and legacy["embedding"] == embedded["embeddings"][0]


def test_ps_lists_loaded_models_with_their_servers_for_admins_only(admin: Person, ada: Person):
    loaded = {m["model"]: m["urls"] for m in admin.http.get("/ollama/api/ps").json()["models"]}
    assert loaded["echo:latest"] == [0] and loaded["solo:latest"] == [1]
    assert ada.http.get("/ollama/api/ps").status_code == 401
