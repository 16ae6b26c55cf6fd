"""API clients: the official ``openai`` client against /api/chat/completions with a person's token,
streamed and not; replies recorded in the caller's own chats (never in anyone else's); upstream
failures are clear errors and leave a consistent chat; ``annals rebuild`` reproduces it all."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Iterator

import httpx
import openai
import pytest

from tests.e2e.documents import form
from tests.e2e.people import Person, founder, member
from tests.e2e.server import AnnalsProcess
from tests.e2e.upstreams import QUICK, UPSTREAM_KEY, annals, keyed_upstream
from tests.stores import STORES
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

HELLO = [{"role": "user", "content": "hello there"}]
PUBLIC = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    with keyed_upstream(tmp_path_factory.mktemp("upstream")) as process:
        yield process


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, upstream: UpstreamProcess,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    env = {"OPENAI_API_BASE_URLS": upstream.openai_url, "OPENAI_API_KEYS": UPSTREAM_KEY, **QUICK}
    with annals(request.param, tmp_path_factory.mktemp("annals"), env) as process:
        yield process


@pytest.fixture(scope="module")
def admin(server: AnnalsProcess) -> Person:
    return founder(server)


@pytest.fixture(scope="module")
def ada(server: AnnalsProcess, admin: Person) -> Person:
    return member(server, admin, "ada")


def client(server: AnnalsProcess, person: Person, path: str = "/api") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.base_url}{path}", api_key=person.token, max_retries=0, timeout=30)


def new_chat(person: Person) -> str:
    response = person.http.post("/api/v1/chats/new", json=form("API chat"))
    response.raise_for_status()
    return response.json()["id"]


def branch(person: Person, chat_id: str) -> list[dict]:
    return person.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]["messages"]


@pytest.mark.parametrize("path", ["/api", "/api/v1"])
def test_the_openai_client_gets_a_whole_answer(server: AnnalsProcess, admin: Person, path: str):
    answer = client(server, admin, path).chat.completions.create(model="echo", messages=HELLO)
    assert answer.choices[0].message.content == "echo: hello there"
    assert answer.choices[0].finish_reason == "stop"
    assert answer.usage is not None and answer.usage.total_tokens == 5


def test_the_openai_client_streams_the_answer_with_usage(server: AnnalsProcess, admin: Person):
    chunks = list(client(server, admin).chat.completions.create(
        model="echo@delay=0.01", messages=HELLO, stream=True, stream_options={"include_usage": True}))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "echo: hello there"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 3


def test_the_connections_key_reaches_the_upstream(server: AnnalsProcess, admin: Person, upstream: UpstreamProcess):
    client(server, admin).chat.completions.create(model="echo", messages=[{"role": "user", "content": "keyed"}])
    sent = [r for r in upstream.requests() if r["body"]["messages"][-1]["content"] == "keyed"][-1]
    assert sent["headers"]["authorization"] == f"Bearer {UPSTREAM_KEY}"


def test_an_unknown_model_is_a_404(server: AnnalsProcess, admin: Person):
    with pytest.raises(openai.NotFoundError):
        client(server, admin).chat.completions.create(model="no-such-model", messages=HELLO)


def test_a_member_may_not_use_a_model_nobody_shared(server: AnnalsProcess, ada: Person):
    with pytest.raises(openai.NotFoundError):
        client(server, ada).chat.completions.create(model="echo", messages=HELLO)


def test_a_shared_preset_brings_its_system_prompt_and_parameters(server: AnnalsProcess, admin: Person, ada: Person,
                                                                 upstream: UpstreamProcess):
    admin.http.post("/api/v1/models/model/access/update",
                    json={"id": "echo", "name": "Echo", "access_grants": PUBLIC}).raise_for_status()
    admin.http.post("/api/v1/models/create", json={
        "id": "terse", "base_model_id": "echo", "name": "Terse", "meta": {}, "access_grants": PUBLIC,
        "params": {"system": "Answer in one word.", "temperature": 0.2}}).raise_for_status()
    answer = client(server, ada).chat.completions.create(model="terse", messages=[{"role": "user", "content": "why"}])
    assert answer.choices[0].message.content == "echo: why" and answer.model == "terse"
    sent = upstream.requests()[-1]["body"]
    assert (sent["model"], sent["temperature"]) == ("echo", 0.2)
    assert sent["messages"][0] == {"role": "system", "content": "Answer in one word."}


def test_an_upstream_error_is_a_502_with_its_reason(server: AnnalsProcess, admin: Person):
    with pytest.raises(openai.APIStatusError) as refused:
        client(server, admin).chat.completions.create(model="echo@fail=500", messages=HELLO)
    assert refused.value.status_code == 502 and "500" in refused.value.response.json()["detail"]


def test_a_silent_upstream_is_a_504(server: AnnalsProcess, admin: Person):
    with pytest.raises(openai.APIStatusError) as timed_out:
        client(server, admin).chat.completions.create(model="echo@ttft=30", messages=HELLO)
    assert timed_out.value.status_code == 504


def test_a_stream_the_upstream_accepted_and_then_kept_silent_ends_in_a_timeout_the_client_raises(
        server: AnnalsProcess, admin: Person):
    """The answer starts once the upstream accepts (its time to think overlaps ours to answer),
    so its silence after that is told within the stream."""
    with pytest.raises(openai.APIError, match="did not answer within"):
        for _ in client(server, admin).chat.completions.create(model="echo@ttft=30", messages=HELLO, stream=True):
            pass


def test_a_stream_broken_midway_ends_in_an_error_the_client_raises(server: AnnalsProcess, admin: Person):
    received = []
    with pytest.raises(openai.APIError, match="broke"):
        for chunk in client(server, admin).chat.completions.create(model="echo@break=2", messages=HELLO, stream=True):
            received.extend(c.delta.content or "" for c in chunk.choices)
    assert "".join(received) == "echo: hello"


def test_a_reply_into_ones_own_chat_is_recorded_with_its_prompt(server: AnnalsProcess, ada: Person, admin: Person):
    chat_id = new_chat(admin)
    for text in ("first", "second"):
        client(server, admin).chat.completions.create(model="echo", messages=[{"role": "user", "content": text}],
                                                      extra_body={"chat_id": chat_id})
    messages = branch(admin, chat_id)
    assert [(m["role"], m["content"]) for m in messages] == [
        ("user", "first"), ("assistant", "echo: first"), ("user", "second"), ("assistant", "echo: second")]
    assert all(m["parentId"] == p["id"] for p, m in itertools.pairwise(messages))
    reply = messages[-1]
    assert (reply["done"], reply["model"], reply["usage"]["total_tokens"]) == (True, "echo", 3)


def test_a_streamed_reply_into_a_chat_is_there_when_the_stream_ends(server: AnnalsProcess, admin: Person):
    chat_id = new_chat(admin)
    for _ in client(server, admin).chat.completions.create(
            model="echo@delay=0.01", messages=HELLO, stream=True, extra_body={"chat_id": chat_id, "id": "reply-1"}):
        pass
    reply = branch(admin, chat_id)[-1]
    assert (reply["id"], reply["content"], reply["done"]) == ("reply-1", "echo: hello there", True)


def test_a_failed_reply_leaves_the_prompt_and_a_readable_error(server: AnnalsProcess, admin: Person):
    chat_id = new_chat(admin)
    with pytest.raises(openai.APIError):
        for _ in client(server, admin).chat.completions.create(model="echo@break=2", messages=HELLO, stream=True,
                                                               extra_body={"chat_id": chat_id}):
            pass
    prompt, reply = branch(admin, chat_id)
    assert prompt["content"] == "hello there"
    assert (reply["content"], reply["done"]) == ("echo: hello", True) and "broke" in reply["error"]["content"]


def test_a_refused_reply_is_recorded_as_failed(server: AnnalsProcess, admin: Person):
    chat_id = new_chat(admin)
    with pytest.raises(openai.APIStatusError):
        client(server, admin).chat.completions.create(model="echo@fail=500", messages=HELLO,
                                                      extra_body={"chat_id": chat_id})
    reply = branch(admin, chat_id)[-1]
    assert (reply["role"], reply["content"], reply["done"]) == ("assistant", "", True) and reply["error"]["content"]


def test_a_client_that_goes_away_midway_leaves_the_reply_so_far_and_why_it_stopped(admin: Person):
    chat_id = new_chat(admin)
    long_prompt = " ".join(f"w{n}" for n in range(300))  # 0.01 s a token: three seconds of reply
    body = {"model": "echo@delay=0.01", "stream": True, "chat_id": chat_id, "id": "left-early",
            "messages": [{"role": "user", "content": long_prompt}]}
    with admin.http.stream("POST", "/api/chat/completions", json=body) as response:
        for n, _ in enumerate(response.iter_lines()):
            if n > 6:
                break
    assert "left-early" in admin.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]["history"]["messages"]

    def reply() -> dict:
        return admin.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]["history"]["messages"]["left-early"]

    wait_for(lambda: reply().get("done") is True, timeout=30, what="the interrupted reply to be recorded")
    stopped = reply()
    assert stopped["content"].startswith("echo: w0") and len(stopped["content"]) < len(long_prompt)
    assert "interrupted" in stopped["error"]["content"]


def test_a_completion_into_someone_elses_chat_is_a_404_and_leaves_it_alone(server: AnnalsProcess, admin: Person,
                                                                         ada: Person):
    chat_id = new_chat(ada)
    before = ada.http.get(f"/api/v1/chats/{chat_id}").json()
    for intruder, model in ((admin, "echo"), (admin, "no-such-model")):
        with pytest.raises(openai.NotFoundError):
            client(server, intruder).chat.completions.create(model=model, messages=HELLO,
                                                             extra_body={"chat_id": chat_id})
    assert ada.http.get(f"/api/v1/chats/{chat_id}").json() == before


def test_without_a_token_there_is_no_completion(server: AnnalsProcess):
    response = httpx.post(f"{server.base_url}/api/chat/completions", json={"model": "echo", "messages": HELLO})
    assert response.status_code == 401


def test_annals_rebuild_reproduces_the_chats_with_their_replies(server: AnnalsProcess, admin: Person):
    chat_id = new_chat(admin)
    client(server, admin).chat.completions.create(model="echo", messages=HELLO, extra_body={"chat_id": chat_id})
    with pytest.raises(openai.APIError):
        for _ in client(server, admin).chat.completions.create(model="echo@break=2", messages=HELLO, stream=True,
                                                               extra_body={"chat_id": chat_id}):
            pass
    before = admin.http.get(f"/api/v1/chats/{chat_id}").json()
    result = subprocess.run([sys.executable, "-m", "interfaces.cli.main", "rebuild"], env=server.env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0 and "DIFFERENT" not in result.stdout, result.stdout + result.stderr
    assert "chats:" in result.stdout and "model_presets:" in result.stdout
    assert admin.http.get(f"/api/v1/chats/{chat_id}").json() == before


def test_a_stream_is_served_as_server_sent_events_ending_in_done(admin: Person):
    body = {"model": "echo", "stream": True, "messages": HELLO}
    with admin.http.stream("POST", "/api/chat/completions", json=body) as response:
        kind, caching = response.headers["content-type"], response.headers["cache-control"]
        events = [line for line in response.iter_lines() if line]
    assert kind.split(";")[0] == "text/event-stream" and caching == "no-cache"
    assert all(line.startswith("data: ") for line in events) and events[-1] == "data: [DONE]"
    first = json.loads(events[0].removeprefix("data: "))
    assert first["choices"][0]["delta"] == {"role": "assistant", "content": ""}
