"""Chatting in the app: a chat's address, the analytics and evaluations pages it feeds, the sidebar
(folders, pinned chats, search, a chat's menu) and the data controls."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.e2e.app.tabs import Tab, ok
from tests.e2e.browser import pick_model, send, wait_done
from tests.e2e.people import Person
from tests.waiting import wait_for


def test_a_chat_opens_at_its_address_after_the_first_message(admin_tab: Tab, shot: Any) -> None:
    page = admin_tab.page
    with shot(admin_tab):
        admin_tab.visit("/")
        pick_model(page, "echo")
        sent = send(page, "hello from the sweep")
        wait_done(page, sent, "echo: hello from the sweep")
        page.wait_for_url(re.compile(r".*/c/[0-9a-f-]{36}$"))
        admin_tab.settle()
        admin_tab.visit(page.url.removeprefix(admin_tab.server.base_url))
        page.locator(f"#message-{sent['id']} .copy-response-button").wait_for(state="attached")
        admin_tab.assert_fine()


def test_an_admin_opens_a_models_overview_on_the_analytics_page(admin_tab: Tab, shot: Any) -> None:
    page = admin_tab.page
    with shot(admin_tab):
        admin_tab.visit("/")
        pick_model(page, "echo")
        wait_done(page, send(page, "counted in the analytics"), "echo: counted in the analytics")
        admin_tab.visit("/admin/analytics")
        page.locator("tr", has_text="echo").first.click()
        page.get_by_text("Feedback Activity").wait_for()
        for period in ("1Y", "All"):
            page.get_by_role("button", name=period, exact=True).click()
            admin_tab.settle()
        admin_tab.assert_fine()


def test_an_admin_rates_a_reply_and_finds_it_on_the_evaluations_page(admin_tab: Tab, admin: Person,
                                                                      shot: Any) -> None:
    page = admin_tab.page
    with shot(admin_tab):
        admin_tab.visit("/")
        pick_model(page, "echo")
        sent = send(page, "rate this one")
        wait_done(page, sent, "echo: rate this one")
        reply = page.locator(f"#message-{sent['id']}")
        with page.expect_response(lambda r: r.url.endswith("/api/v1/evaluations/feedback")) as rated:
            reply.get_by_role("button", name="Good Response").click()
        assert rated.value.ok
        page.get_by_text("How would you rate this response?").wait_for()
        admin_tab.settle()
        assert admin.http.get("/api/v1/evaluations/feedbacks/user").json()["items"][0]["data"]["rating"] == 1
        admin_tab.visit("/admin/evaluations/feedback")
        page.get_by_text("echo").first.wait_for()
        admin_tab.assert_fine()

def test_the_sidebar_shows_folders_pinned_chats_and_finds_chats(admin_tab: Tab, admin: Person, shot: Any) -> None:
    folder = ok(admin.http.post("/api/v1/folders/", json={"name": "Sweep folder"}))
    chat = ok(admin.http.post("/api/v1/chats/new", json={"chat": {"title": "Pinned in the sweep"}}))
    ok(admin.http.post(f"/api/v1/chats/{chat['id']}/pin"))
    filed = ok(admin.http.post("/api/v1/chats/new", json={"chat": {"title": "Filed in the sweep"}}))
    ok(admin.http.post(f"/api/v1/chats/{filed['id']}/folder", json={"folder_id": folder["id"]}))
    page = admin_tab.page
    with shot(admin_tab):
        admin_tab.visit("/")
        page.get_by_role("button", name="Open Sidebar").first.click()
        page.get_by_text("Pinned in the sweep").first.wait_for()
        page.get_by_text("Folders", exact=True).click()
        page.get_by_text("Sweep folder").first.click()
        page.get_by_text("Filed in the sweep").first.wait_for()
        admin_tab.settle()
        page.get_by_role("button", name="Search").first.click()
        page.get_by_placeholder("Search").last.fill("filed")
        page.get_by_role("dialog").get_by_text("Filed in the sweep").first.wait_for()
        admin_tab.settle()
        admin_tab.assert_fine()


def test_a_chats_menu_in_the_sidebar_opens_and_clones_the_chat(admin_tab: Tab, admin: Person, shot: Any) -> None:
    """The menu asks whether the chat is pinned each time it opens; Clone makes a copy and opens it."""
    chat = ok(admin.http.post("/api/v1/chats/new", json={"chat": {"title": "Cloned in the sweep"}}))
    page = admin_tab.page
    with shot(admin_tab):
        admin_tab.visit(f"/c/{chat['id']}")
        opener = page.get_by_role("button", name="Open Sidebar")
        if opener.count():
            opener.first.click()
        item = page.locator(f'[data-sidebar-chat-id="{chat["id"]}"]')
        item.hover()
        with page.expect_response(lambda r: r.url.endswith(f"/api/v1/chats/{chat['id']}/pinned")) as asked:
            item.get_by_role("button", name="Chat Menu").click()
        assert asked.value.ok
        page.get_by_role("menuitem", name="Clone").click()
        page.wait_for_url(lambda url: "/c/" in url and chat["id"] not in url)
        admin_tab.settle()
        admin_tab.assert_fine()
    assert "Clone of Cloned in the sweep" in [c["title"] for c in ok(admin.http.get("/api/v1/chats/"))]


def test_data_controls_export_import_and_archive_chats_and_list_ones_files(member_tab: Tab, member: Person,
                                                                           shot: Any, tmp_path: Path) -> None:
    ok(member.http.post("/api/v1/chats/new", json={"chat": {"title": "Exported in the sweep"}}))
    page = member_tab.page
    with shot(member_tab):
        member_tab.visit("/?settings=data_controls")
        with page.expect_download() as exported:
            page.get_by_role("button", name="Export Chats").click()
        chats = [c for c in json.loads(Path(exported.value.path()).read_text())
                 if c["title"] == "Exported in the sweep"]
        again = [{**c, "chat": {**c["chat"], "title": "Imported in the sweep"}} for c in chats]
        (tmp_path / "chats.json").write_text(json.dumps(again))
        page.locator("#chat-import-input").set_input_files(str(tmp_path / "chats.json"))
        page.get_by_text("Successfully imported 1 chats.").wait_for()
        member_tab.settle()
        page.get_by_role("button", name="Manage Files").click()
        member_tab.settle()
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Archive All Chats").click()
        page.get_by_role("button", name="Confirm").click()
        member_tab.settle()
        member_tab.assert_fine()

    def archived() -> set[str]:  # the browser's writes, read by another client: once the view has them
        return {c["title"] for c in ok(member.http.get("/api/v1/chats/archived"))}

    wait_for(lambda: {"Exported in the sweep", "Imported in the sweep"} <= archived(), timeout=30,
             what="both chats among the archived")
