"""Open WebUI 0.12.4's app, unmodified, in headless Chromium against a real ``annals serve`` and a
fake upstream process: sign up through the form, pick a model, chat with streamed replies,
reload the chat and find both turns; see the title and follow-ups the model suggests; no failed
request and no console error on the way."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import (
    Troubles,
    opened_page,
    pick_model,
    screenshot_on_failure,
    send,
    texts,
    wait_done,
)
from tests.e2e.server import AnnalsProcess
from tests.upstream.process import UpstreamProcess

sync_api = pytest.importorskip("playwright.sync_api")

MODEL = "echo@delay=0.1"
"""Slow enough (a tenth of a second a word) that the page is seen mid-reply."""
FIRST = "tell me how streaming replies reach the page"
SECOND = "and the second question"
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    process = UpstreamProcess(tmp_path_factory.mktemp("upstream"), "--model=echo", f"--model={MODEL}").start()
    yield process
    process.stop()


@pytest.fixture
def app_server(installed_app: Path, upstream: UpstreamProcess, tmp_path: Path) -> Iterator[AnnalsProcess]:
    """A fresh server, so that the person signing up in the test is its first account (its admin)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "spa").symlink_to(installed_app, target_is_directory=True)
    # Ollama off: with no Ollama server, Open WebUI's own version check is a 500.
    env = {"ANNALS_DATA_DIR": str(data_dir), "OPENAI_API_BASE_URLS": upstream.openai_url,
           "ENABLE_OLLAMA_API": "false"}
    process = AnnalsProcess(env, data_dir).start()
    yield process
    process.stop()


@pytest.fixture
def page(chromium: str, tmp_path: Path) -> Iterator[Any]:
    with opened_page(chromium, WAIT_MS) as page:
        yield page


def test_a_person_signs_up_chats_with_streamed_replies_and_finds_both_turns_after_a_reload(
        app_server: AnnalsProcess, page: Any, tmp_path: Path):
    troubles = Troubles()
    troubles.watch(page)
    with screenshot_on_failure(page, tmp_path):
        sign_up(page, app_server)
        pick_model(page, MODEL)
        first = send(page, FIRST)
        assert_streams(page, first, f"echo: {FIRST}")
        chat_url = re.compile(re.escape(app_server.base_url) + r"/c/[0-9a-f-]{36}$")
        page.wait_for_url(chat_url)
        second = send(page, SECOND)
        wait_done(page, second, f"echo: {SECOND}")

        page.reload()
        turns = [FIRST, f"echo: {FIRST}", SECOND, f"echo: {SECOND}"]
        page.locator(f"#message-{second['id']} .copy-response-button").wait_for(state="attached")
        assert texts(page, ".user-message .markdown-prose") == turns[0::2]
        assert texts(page, "#response-content-container") == turns[1::2]
        assert chat_url.match(page.url)
    assert (troubles.console, troubles.requests) == ([], [])


def test_the_models_title_tags_and_follow_ups_show_in_the_app(app_server: AnnalsProcess, page: Any,
                                                                tmp_path: Path):
    troubles = Troubles()
    troubles.watch(page)
    dictated = {"title": "Egg Science", "tags": ["Food"], "follow_ups": ["How long for a soft egg?"]}
    with screenshot_on_failure(page, tmp_path):
        sign_up(page, app_server)
        send(page, f"say: {json.dumps(dictated)}", typed=False)
        page.get_by_role("button", name="Follow up: How long for a soft egg?").wait_for()
        page.get_by_text("Egg Science", exact=True).first.wait_for()
        page.reload()
        page.get_by_role("button", name="Follow up: How long for a soft egg?").wait_for()
    assert (troubles.console, troubles.requests) == ([], [])


def sign_up(page: Any, server: AnnalsProcess) -> None:
    """The first visitor of a fresh server is shown the welcome page, then creates the admin account."""
    page.goto(server.base_url + "/")
    page.get_by_role("button", name="Get started").click()
    page.locator("#name").fill("Ada Lovelace")
    page.locator("#email").fill("ada@example.com")
    page.locator("#password").fill("correct horse battery staple")
    page.get_by_role("button", name="Create Admin Account").click()
    page.get_by_role("button", name="Okay, Let's Go!").click()  # the release notes, shown once


def assert_streams(page: Any, request: dict[str, Any], full: str) -> None:
    """The reply is seen part-written before it is seen whole."""
    partial = f"""() => {{
        const shown = document.querySelector('#message-{request["id"]} #response-content-container');
        const text = shown ? shown.innerText.trim() : '';
        return text.startsWith('echo:') && text.length < {len(full)};
    }}"""
    page.wait_for_function(partial, polling="raf")
    wait_done(page, request, full)
