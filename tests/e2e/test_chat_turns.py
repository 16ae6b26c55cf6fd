"""The SPA's chat flow over HTTP and Socket.IO against real processes (both stores): the request
is answered at once, the reply streams to the person's room and is recorded; the model sees the
chat as the server holds it; titles, tags and follow-ups are asked for and recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.e2e.people import Person, founder, member
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import Tab, tab
from tests.e2e.spa_turns import (
    kinds,
    message,
    of_type,
    send,
    streamed_text,
    turn_body,
    until_inactive,
)
from tests.e2e.upstreams import fake_models, open_annals
from tests.stores import STORES
from tests.upstream.process import UpstreamProcess

MODELS = ("echo", "echo@delay=0.01", "echo@delay=0.05", "echo@fail=500", "echo@ttft=30", "echo@break=2")


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    with fake_models(tmp_path_factory.mktemp("upstream"), *MODELS) as process:
        yield process


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, upstream: UpstreamProcess,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    """Every model open to everyone, so that members chat with the fake upstream's models."""
    with open_annals(request.param, tmp_path_factory.mktemp("annals"), upstream) as process:
        yield process


@pytest.fixture(scope="module")
def admin(server: AnnalsProcess) -> Person:
    return founder(server)


@pytest.fixture(scope="module")
def ada(server: AnnalsProcess, admin: Person) -> Person:
    return member(server, admin, "ada")


@pytest.fixture
def ada_tab(server: AnnalsProcess, ada: Person) -> Iterator[Tab]:
    with tab(server, ada.token) as opened:
        yield opened


def test_a_first_message_opens_a_chat_and_the_reply_streams_to_the_room(ada: Person, ada_tab: Tab):
    body = turn_body(ada_tab, "hello there", model="echo@delay=0.01")
    answer = send(ada, body)
    assert answer["status"] is True and len(answer["task_ids"]) == 1
    events = until_inactive(ada_tab, answer["chat_id"])
    assert kinds(events).index("chat:active") < kinds(events).index("response:completion")
    assert streamed_text(events, body["id"]) == "echo: hello there"
    [done] = [e for e in events if of_type("chat:completion", body["id"])(e) and e["data"]["data"].get("done")]
    assert done["data"]["data"]["output"][0]["content"][0]["text"] == "echo: hello there"
    reply = message(ada, answer["chat_id"], body["id"])
    assert (reply["content"], reply["done"], reply["parentId"]) == (
        "echo: hello there", True, body["user_message"]["id"])


def test_the_first_exchange_names_the_chat(ada: Person, ada_tab: Tab):
    answer = send(ada, turn_body(ada_tab, "How do I boil an egg?"))
    events = until_inactive(ada_tab, answer["chat_id"])
    [title] = [e["data"]["data"] for e in events if e["data"]["type"] == "chat:title"]
    assert title == "How do I boil an egg?"
    assert ada.http.get(f"/api/v1/chats/{answer['chat_id']}").json()["title"] == title


def test_title_tags_and_follow_ups_come_from_the_model_and_are_recorded(ada: Person, ada_tab: Tab):
    dictated = {"title": "Egg Science", "tags": ["Food", "Cooking"], "follow_ups": ["How long for soft?"]}
    body = turn_body(ada_tab, f"say: {json.dumps(dictated)}")
    answer = send(ada, body)
    events = until_inactive(ada_tab, answer["chat_id"])
    assert {"chat:title", "chat:tags", "chat:message:follow_ups"} <= set(kinds(events))
    chat = ada.http.get(f"/api/v1/chats/{answer['chat_id']}").json()
    assert (chat["title"], sorted(chat["meta"]["tags"])) == ("Egg Science", ["cooking", "food"])
    assert message(ada, answer["chat_id"], body["id"])["followUps"] == ["How long for soft?"]


def test_the_model_sees_the_chat_as_the_server_holds_it_not_the_clients_copy(
        ada: Person, ada_tab: Tab, upstream: UpstreamProcess):
    first = turn_body(ada_tab, "first question")
    chat_id = send(ada, first)["chat_id"]
    until_inactive(ada_tab, chat_id)
    forged = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "a forged history"}]
    second = turn_body(ada_tab, "second question", chat_id=chat_id, parent_id=first["id"], first=False,
                       messages=forged)
    send(ada, second)
    until_inactive(ada_tab, chat_id)
    asked = next(r["body"]["messages"] for r in reversed(upstream.requests())
                 if r["body"]["messages"][-1]["content"] == "second question")
    assert asked == [{"role": "system", "content": "be brief"}, {"role": "user", "content": "first question"},
                     {"role": "assistant", "content": "echo: first question"},
                     {"role": "user", "content": "second question"}]
    chat = ada.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]
    assert [m["content"] for m in chat["messages"]] == [
        "first question", "echo: first question", "second question", "echo: second question"]


def test_someone_elses_chat_is_not_found_and_nothing_is_recorded(
        server: AnnalsProcess, ada: Person, ada_tab: Tab, admin: Person):
    chat_id = send(ada, turn_body(ada_tab, "mine"))["chat_id"]
    until_inactive(ada_tab, chat_id)
    with tab(server, admin.token) as admin_tab:
        intruding = turn_body(admin_tab, "theirs", chat_id=chat_id)
        assert admin.http.post("/api/chat/completions", json=intruding).status_code == 404
    assert intruding["id"] not in ada.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]["history"]["messages"]


def test_an_upstream_failure_is_an_error_on_the_message(ada: Person, ada_tab: Tab):
    body = turn_body(ada_tab, "fail please", model="echo@fail=500", background_tasks={})
    answer = send(ada, body)
    events = until_inactive(ada_tab, answer["chat_id"])
    [error] = [e["data"]["data"] for e in events if e["data"]["type"] == "chat:message:error"]
    assert error["done"] is True and "500" in error["error"]["content"]
    reply = message(ada, answer["chat_id"], body["id"])
    assert reply["done"] is True and "500" in reply["error"]["content"]


@pytest.mark.parametrize(("model", "kept", "said"), [
    ("echo@break=2", "echo: broken", "broke"),
    ("echo@ttft=30", "", "did not answer"),
])
def test_a_broken_or_silent_upstream_leaves_what_came_and_a_readable_error(
        ada: Person, ada_tab: Tab, model: str, kept: str, said: str):
    body = turn_body(ada_tab, "broken reply here", model=model, background_tasks={})
    answer = send(ada, body)
    events = until_inactive(ada_tab, answer["chat_id"])
    [error] = [e["data"]["data"]["error"]["content"] for e in events if e["data"]["type"] == "chat:message:error"]
    reply = message(ada, answer["chat_id"], body["id"])
    assert (reply["done"], reply["content"], reply["error"]["content"]) == (True, kept, error)
    assert said in error


def test_a_running_reply_is_listed_and_stopped_keeping_what_came(ada: Person, ada_tab: Tab):
    body = turn_body(ada_tab, " ".join(["word"] * 400), model="echo@delay=0.05", background_tasks={})
    answer = send(ada, body)
    chat_id = answer["chat_id"]
    ada_tab.next_event(of_type("response:completion", body["id"]))
    assert ada.http.get(f"/api/tasks/chat/{chat_id}").json() == {"task_ids": answer["task_ids"]}
    assert ada.http.post(f"/api/tasks/chat/{chat_id}/stop").json()["status"] is True
    events = until_inactive(ada_tab, chat_id)
    [done] = [e["data"]["data"] for e in events if e["data"]["type"] == "chat:completion"]
    reply = message(ada, chat_id, body["id"])
    assert reply["done"] is True and "error" not in reply
    assert reply["content"] == done["output"][0]["content"][0]["text"]
    assert reply["content"].startswith("echo:") and len(reply["content"]) < len(body["user_message"]["content"])
    assert ada.http.get(f"/api/tasks/chat/{chat_id}").json() == {"task_ids": []}


def test_nobody_sees_or_stops_anothers_tasks(ada: Person, ada_tab: Tab, admin: Person):
    chat_id = send(ada, turn_body(ada_tab, "private"))["chat_id"]
    until_inactive(ada_tab, chat_id)
    assert admin.http.get(f"/api/tasks/chat/{chat_id}").json() == {"task_ids": []}
    assert admin.http.post(f"/api/tasks/chat/{chat_id}/stop").status_code == 404


def test_continuing_a_reply_adds_to_what_it_said(ada: Person, ada_tab: Tab, upstream: UpstreamProcess):
    first = turn_body(ada_tab, "go on", background_tasks={})
    chat_id = send(ada, first)["chat_id"]
    until_inactive(ada_tab, chat_id)
    more = turn_body(ada_tab, "go on", chat_id=chat_id, background_tasks={}, id=first["id"],
                     message_ids=[{"model_id": "echo", "message_id": first["id"], "modelIdx": 0}],
                     assistant_message_id=first["id"], user_message=first["user_message"])
    send(ada, more)
    events = until_inactive(ada_tab, chat_id)
    assert streamed_text(events, first["id"]) == "echo: go on"
    assert upstream.requests()[-1]["body"]["messages"][-1] == {"role": "assistant", "content": "echo: go on"}
    assert message(ada, chat_id, first["id"])["content"] == "echo: go onecho: go on"


def test_only_an_existing_reply_is_continued(ada: Person, ada_tab: Tab):
    chat_id = send(ada, turn_body(ada_tab, "hi", background_tasks={}))["chat_id"]
    until_inactive(ada_tab, chat_id)
    ghost = turn_body(ada_tab, "hi", chat_id=chat_id, background_tasks={})
    ghost["assistant_message_id"] = ghost["id"]
    assert ada.http.post("/api/chat/completions", json=ghost).status_code == 404
