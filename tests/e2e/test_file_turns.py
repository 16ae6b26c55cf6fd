"""Files attached to a message, as the app sends them, reach the model: a picture as an image
part with a base64 ``data:`` URL read from our store, a text file's contents or a PDF's text whole
before the question (Open WebUI's full-context mode). Only the caller's own files are shown; the chat keeps
the references, so the app shows them again on reload."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import Tab, tab
from tests.e2e.spa_turns import message, send, turn_body, until_inactive
from tests.e2e.uploads import PNG, attached, uploaded
from tests.e2e.upstreams import QUICK, annals
from tests.sample_documents import pdf
from tests.upstream.process import UpstreamProcess

PNG_URL = f"data:image/png;base64,{base64.b64encode(PNG).decode()}"


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    process = UpstreamProcess(tmp_path_factory.mktemp("upstream"), "--model=echo").start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(upstream: UpstreamProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    env = {"OPENAI_API_BASE_URLS": upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true", **QUICK}
    with annals("embedded", tmp_path_factory.mktemp("annals"), env) as process:
        yield process


@pytest.fixture
def ada_tab(server: AnnalsProcess, member: Person) -> Iterator[Tab]:
    """The tab of ``member`` (the shared fixture, on this module's server), called Ada here."""
    with tab(server, member.token) as opened:
        yield opened


def asked(upstream: UpstreamProcess, chat_id: str, ada_tab: Tab, body: dict[str, Any]) -> list[Any]:
    """The messages the model was sent for this turn (the turn's reply is over first)."""
    until_inactive(ada_tab, chat_id)
    question = body["user_message"]["content"]
    return next(r["body"]["messages"] for r in reversed(upstream.requests())
                if question in str(r["body"]["messages"][-1]["content"]) and "tags" not in str(r["body"]))


def with_files(tab: Tab, text: str, *files: dict[str, Any], **more: Any) -> dict[str, Any]:
    body = turn_body(tab, text, background_tasks={}, **more)
    body["user_message"]["files"] = [attached(file) for file in files]
    return body


def test_a_picture_reaches_the_model_as_an_image_part(member: Person, ada_tab: Tab, upstream: UpstreamProcess):
    picture = uploaded(member, "dot.png", PNG, "image/png", process=False)
    body = with_files(ada_tab, "what is in this picture?", picture)
    chat_id = send(member, body)["chat_id"]
    assert asked(upstream, chat_id, ada_tab, body)[-1]["content"] == [
        {"type": "text", "text": "what is in this picture?"}, {"type": "image_url", "image_url": {"url": PNG_URL}}]


def test_the_chat_keeps_the_pictures_reference(member: Person, ada_tab: Tab):
    picture = uploaded(member, "dot.png", PNG, "image/png", process=False)
    body = with_files(ada_tab, "keep this", picture)
    chat_id = send(member, body)["chat_id"]
    until_inactive(ada_tab, chat_id)
    [kept] = message(member, chat_id, body["user_message"]["id"])["files"]
    assert (kept["id"], kept["url"], kept["content_type"]) == (picture["id"], picture["id"], "image/png")


def test_a_text_files_contents_reach_the_model_before_the_question(
        member: Person, ada_tab: Tab, upstream: UpstreamProcess):
    notes = uploaded(member, "recipe.md", b"Whisk 3 eggs with 200 g of flour.", "text/markdown")
    body = with_files(ada_tab, "how many eggs?", notes)
    chat_id = send(member, body)["chat_id"]
    last = asked(upstream, chat_id, ada_tab, body)[-1]
    assert '<source id="1" name="recipe.md">Whisk 3 eggs with 200 g of flour.</source>' in last["content"]
    assert last["content"].endswith("\nhow many eggs?")


def test_a_pdfs_text_reaches_the_model_before_the_question(member: Person, ada_tab: Tab, upstream: UpstreamProcess):
    report = uploaded(member, "report.pdf", pdf("Quarterly report", "Revenue grew 12% in March."), "application/pdf")
    body = with_files(ada_tab, "how much did revenue grow?", report)
    chat_id = send(member, body)["chat_id"]
    last = asked(upstream, chat_id, ada_tab, body)[-1]
    assert ('<source id="1" name="report.pdf">Quarterly report\n\nRevenue grew 12% in March.</source>'
            in last["content"])


def test_the_chats_documents_stay_in_context_on_the_next_turn(member: Person, ada_tab: Tab, upstream: UpstreamProcess):
    notes = uploaded(member, "plan.txt", b"Meet at noon by the old mill.", "text/plain")
    first = with_files(ada_tab, "where do we meet?", notes)
    chat_id = send(member, first)["chat_id"]
    until_inactive(ada_tab, chat_id)
    second = turn_body(ada_tab, "and when?", chat_id=chat_id, parent_id=first["id"], background_tasks={})
    send(member, second)
    messages = asked(upstream, chat_id, ada_tab, second)
    assert "Meet at noon by the old mill." in messages[-1]["content"]
    assert messages[0]["content"] == "where do we meet?"  # given once, before the latest question


def test_someone_elses_files_are_not_shown_to_the_model(
        server: AnnalsProcess, admin: Person, member: Person, ada_tab: Tab, upstream: UpstreamProcess):
    bob = people.member(server, admin, "bob")
    picture = uploaded(bob, "bobs.png", PNG, "image/png", process=False)
    notes = uploaded(bob, "bobs.txt", b"bob's secret plans", "text/plain")
    body = with_files(ada_tab, "show me bob's files", picture, notes)
    chat_id = send(member, body)["chat_id"]
    assert asked(upstream, chat_id, ada_tab, body)[-1]["content"] == "show me bob's files"
