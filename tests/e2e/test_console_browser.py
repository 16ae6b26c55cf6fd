"""The admin console in headless Chromium against a real server whose admins may read others'
content: an admin signs in on the console's own page, watches a chat another person creates and
replies to appear live, filters by that person, opens the chat's timeline and its state at an
earlier point, verifies the logs and exports the person; a member is refused. No failed request
and no console error on the way, and no horizontal scrolling at 1280 px nor at a phone's width."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import Troubles, opened_page, screenshot_on_failure
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess, postgres_deployment
from tests.stores import STORES

sync_api = pytest.importorskip("playwright.sync_api")

WAIT_MS = 30_000
OPEN_POLICY = {"ENABLE_ADMIN_CHAT_ACCESS": "true"}
PHONE = 390


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    """The module's own server, on each store, with the admins' content policy on (an archive of
    someone else is given only then)."""
    data_dir = tmp_path_factory.mktemp("annals-console")
    if request.param == "embedded":
        process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), **OPEN_POLICY}, data_dir).start()
        yield process
        process.stop()
        return
    with postgres_deployment(data_dir, **OPEN_POLICY) as process:
        yield process


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
    page.wait_for_url(server.base_url + "/console")  # signed in (or refused) before the test goes on


def fits(page: Any, width: int) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= width)


def live_row(page: Any, chat_id: str, event_type: str) -> Any:
    rows = page.locator("table[data-live] tr", has=page.locator(f"a[href='/console/aggregates/{chat_id}']"))
    return rows.filter(has_text=event_type).first


def test_an_admin_follows_a_persons_chat_from_the_live_tail_to_its_past(server: AnnalsProcess, admin: Person,
                                                                        member: Person, page: Any, tmp_path: Path):
    troubles = Troubles()
    troubles.watch(page)
    with screenshot_on_failure(page, tmp_path):
        sign_in(page, server, admin)
        page.locator("[data-live-status]", has_text="Live").wait_for()
        chat_id = member.http.post("/api/v1/chats/new", json=conversation("Before")).json()["id"]
        live_row(page, chat_id, "Chat.Created").wait_for()
        member.http.post(f"/api/v1/chats/{chat_id}", json=conversation("After")).raise_for_status()
        live_row(page, chat_id, "Chat.Renamed").wait_for()
        assert fits(page, 1280)

        page.get_by_label("Person").fill(member.id)
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url(f"**/console?*user_id={member.id}*")
        page.get_by_role("link", name="Events").click()
        page.get_by_label("Person").fill(member.id)
        page.get_by_role("button", name="Apply").click()
        page.locator(f"a[href='/console/aggregates/{chat_id}']").first.click()
        page.get_by_role("heading", name="Events, oldest first").wait_for()
        assert fits(page, 1280)
        page.keyboard.press("j")
        assert page.evaluate("document.activeElement.closest('tbody') !== null")
        page.get_by_role("link", name="as it was then").first.click()
        state = page.get_by_role("region", name="State")
        state.wait_for()
        assert '"title": "Before"' in state.inner_text() and "After" not in state.inner_text()
    assert (troubles.console, troubles.requests) == ([], [])


def test_an_admin_verifies_the_logs_and_exports_a_person(server: AnnalsProcess, admin: Person, member: Person,
                                                         page: Any, tmp_path: Path):
    troubles = Troubles()
    troubles.watch(page)
    with screenshot_on_failure(page, tmp_path):
        sign_in(page, server, admin)
        page.get_by_role("link", name="Health").click()
        page.get_by_role("button", name="Verify now").click()
        verdict = page.locator("#verdict", has_text="logs intact")
        verdict.wait_for()
        assert page.locator("[data-verify-progress]").evaluate("bar => bar.value === bar.max")
        page.goto(f"{server.base_url}/console/people/{member.id}")
        with page.expect_download() as downloading:
            page.get_by_role("button", name="Export their archive").click()
        saved = tmp_path / downloading.value.suggested_filename
        downloading.value.save_as(saved)
        page.locator("#export-result", has_text="Done").wait_for()
        assert "manifest.json" in " ".join(zipfile.ZipFile(saved).namelist())
    assert (troubles.console, troubles.requests) == ([], [])


def test_an_admin_holds_a_person_and_finds_the_hold_on_the_privacy_page(server: AnnalsProcess, admin: Person,
                                                                        member: Person, page: Any, tmp_path: Path):
    troubles = Troubles()
    troubles.watch(page)
    with screenshot_on_failure(page, tmp_path):
        sign_in(page, server, admin)
        page.goto(f"{server.base_url}/console/people/{member.id}")
        page.get_by_label("Reason").fill("case 14")
        page.get_by_role("button", name="Place a hold").click()
        page.locator("[data-hold]", has_text="held: case 14").wait_for()
        page.get_by_role("link", name="Privacy").click()
        page.locator(f"a[href='/console/people/{member.id}']").first.wait_for()
    assert (troubles.console, troubles.requests) == ([], [])


def test_every_page_reads_on_a_phone_without_scrolling_sideways(server: AnnalsProcess, admin: Person,
                                                                member: Person, chromium: str, tmp_path: Path):
    chat_id = member.http.post("/api/v1/chats/new", json=conversation("Narrow")).json()["id"]
    with opened_page(chromium, WAIT_MS, width=PHONE) as page, screenshot_on_failure(page, tmp_path):
        sign_in(page, server, admin)
        page.locator("[data-live-status]", has_text="Live").wait_for()
        wide = []
        for path in ("/console", "/console/events", "/console/health", "/console/people", "/console/privacy",
                     f"/console/people/{member.id}", f"/console/aggregates/{chat_id}"):
            page.goto(server.base_url + path)
            if not fits(page, PHONE):
                wide.append(path)
    assert wide == []


def test_a_member_is_refused(server: AnnalsProcess, member: Person, page: Any, tmp_path: Path):
    with screenshot_on_failure(page, tmp_path):
        sign_in(page, server, member)
        page.get_by_role("heading", name="Administrators only").wait_for()
    assert page.url == f"{server.base_url}/console"
