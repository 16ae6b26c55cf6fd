"""The share dialog: a public link, a person picked to see the chat, and unsharing all."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.app.tabs import Tab, ok
from tests.e2e.documents import form, message
from tests.e2e.people import Person


def test_an_admin_makes_a_chat_public_in_the_share_dialog_and_a_member_opens_its_link(
        admin_tab: Tab, member_tab: Tab, admin: Person, shot: Any) -> None:
    chat = ok(admin.http.post("/api/v1/chats/new", json=_exchange("Shared in the sweep")))
    page = admin_tab.page
    with shot(admin_tab):
        _open_share_dialog(admin_tab, chat["id"])
        page.get_by_text("Your link is private until you choose who can view it.").wait_for()
        page.get_by_role("button", name=re.compile("Visibility")).click()
        with page.expect_response(lambda r: r.url.endswith("/access/update")) as granted:
            page.get_by_role("menuitemradio", name="Public").click()
        assert granted.value.ok
        page.get_by_text("Accessible to all users").wait_for()
        admin_tab.settle()
        admin_tab.assert_fine()
    share_id = admin.http.get(f"/api/v1/chats/{chat['id']}").json()["share_id"]
    with shot(member_tab):
        member_tab.visit(f"/s/{share_id}")
        member_tab.page.get_by_role("heading", name="Shared in the sweep").wait_for()
        member_tab.assert_fine()


def test_a_member_shares_a_chat_with_someone_they_pick_in_the_share_dialog(
        member_tab: Tab, admin_tab: Tab, member: Person, admin: Person, shot: Any) -> None:
    chat = ok(member.http.post("/api/v1/chats/new", json=_exchange("Picked in the sweep")))
    page = member_tab.page
    with shot(member_tab):
        _open_share_dialog(member_tab, chat["id"])
        page.get_by_role("button", name="Add Access").click()
        page.get_by_placeholder("Search").last.fill(admin.account["name"])
        page.get_by_role("dialog").get_by_text(admin.account["name"], exact=True).click()
        with page.expect_response(lambda r: r.url.endswith("/access/update")) as granted:
            page.get_by_role("button", name="Add", exact=True).click()
        assert granted.value.ok
        member_tab.settle()
        member_tab.assert_fine()
    share_id = member.http.get(f"/api/v1/chats/{chat['id']}").json()["share_id"]
    assert [g["principal_id"] for g in member.http.get(f"/api/v1/chats/shared/{chat['id']}/access").json()] == [
        admin.id]
    with shot(admin_tab):
        admin_tab.visit(f"/s/{share_id}")
        admin_tab.page.get_by_role("heading", name="Picked in the sweep").wait_for()
        admin_tab.assert_fine()


def test_a_member_finds_their_shared_chats_in_the_settings_and_unshares_them_all(
        member_tab: Tab, member: Person, shot: Any) -> None:
    chat = ok(member.http.post("/api/v1/chats/new", json=_exchange("Listed in the sweep")))
    ok(member.http.post(f"/api/v1/chats/{chat['id']}/share"))
    page = member_tab.page
    with shot(member_tab):
        member_tab.visit("/?settings=data_controls")
        page.get_by_role("button", name="Shared Chats", exact=True).click()  # labelled by its row
        listed = page.get_by_role("dialog").get_by_text("Listed in the sweep")
        listed.wait_for()
        page.get_by_role("button", name="Unshare All Shared Chats").click()
        with page.expect_response(lambda r: r.url.endswith("/api/v1/chats/share/all")) as unshared:
            page.get_by_role("button", name="Unshare All", exact=True).click()
        assert unshared.value.ok
        listed.wait_for(state="detached")
        member_tab.settle()
        member_tab.assert_fine()
    assert member.http.get("/api/v1/chats/shared").json() == []


def _open_share_dialog(tab: Tab, chat_id: str) -> None:
    """The chat's menu, then Share, as a person opens the dialog."""
    tab.visit(f"/c/{chat_id}")
    tab.page.locator("#chat-context-menu-button").click()
    tab.page.locator("#chat-share-button").click()


def _exchange(title: str) -> dict[str, Any]:
    """A chat with a question and its answer: the app offers to share only a chat with messages."""
    return form(title, message("q1", "Shall we share this?"),
                message("a1", "echo: Shall we share this?", "q1", "assistant", model="echo"))
