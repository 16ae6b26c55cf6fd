"""The admin console in headless Chromium against a real server: an admin signs in on the
console's own page and sees a chat another person creates appear live; a member is refused. No
failed request and no console error on the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import Troubles, opened_page, screenshot_on_failure
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess

sync_api = pytest.importorskip("playwright.sync_api")

NEW_CHAT = {"chat": {"title": "watched live", "history": {"messages": {}, "currentId": None}}}
WAIT_MS = 30_000


@pytest.fixture
def page(chromium: str) -> Iterator[Any]:
    with opened_page(chromium, WAIT_MS) as page:
        yield page


def sign_in(page: Any, server: AnnalsProcess, person: Person) -> None:
    page.goto(server.base_url + "/console")
    page.wait_for_url(f"{server.base_url}/console/signin?next=/console")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()


def test_an_admin_sees_a_chat_another_person_creates_appear_live(server: AnnalsProcess, admin: Person,
                                                                 member: Person, page: Any, tmp_path: Path):
    troubles = Troubles()
    troubles.watch(page)
    with screenshot_on_failure(page, tmp_path):
        sign_in(page, server, admin)
        page.locator("[data-live-status]", has_text="Live").wait_for()
        chat = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
        row = page.locator("table[data-live] tr", has=page.locator(f"a[href='/console/aggregates/{chat['id']}']"))
        row.first.wait_for()
        assert "Chat.Created" in row.first.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert (troubles.console, troubles.requests) == ([], [])


def test_a_member_is_refused(server: AnnalsProcess, member: Person, page: Any, tmp_path: Path):
    with screenshot_on_failure(page, tmp_path):
        sign_in(page, server, member)
        page.get_by_role("heading", name="Administrators only").wait_for()
    assert page.url == f"{server.base_url}/console"


def test_an_admin_verifies_the_logs_and_holds_a_person_from_the_console(server: AnnalsProcess, admin: Person,
                                                                        member: Person, page: Any, tmp_path: Path):
    troubles = Troubles()
    troubles.watch(page)
    with screenshot_on_failure(page, tmp_path):
        sign_in(page, server, admin)
        page.get_by_role("link", name="Health").click()
        page.get_by_role("button", name="Verify now").click()
        verdict = page.locator("#verdict", has_text="intact")
        verdict.wait_for()
        assert "DISAGREES" not in verdict.inner_text()
        page.goto(f"{server.base_url}/console/people/{member.id}")
        page.get_by_label("Reason").fill("case 14")
        page.get_by_role("button", name="Place a hold").click()
        page.locator("[data-hold]", has_text="held: case 14").wait_for()
    assert (troubles.console, troubles.requests) == ([], [])
