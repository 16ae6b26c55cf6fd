"""Groups in the app: an admin makes a group in Admin Panel > Users > Groups, puts a member in it,
and gives it a model preset in Workspace > Models; the member sees the preset and chats with it,
someone outside the group neither sees nor uses it. A group's default model starts its members'
new chats, a group given write changes the preset, a deleted group takes its grants with it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.app.tabs import Tab, signed_in
from tests.e2e.browser import pick_model, send, wait_done
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess
from tests.waiting import wait_for


@pytest.fixture(scope="module")
def outsider_tab(browser: Any, server: AnnalsProcess, admin: Person) -> Iterator[Tab]:
    """A member in no group, signed in."""
    yield from signed_in(browser, server, people.member(server, admin, "outsider"))


@pytest.fixture(scope="module")
def newcomer_tab(browser: Any, server: AnnalsProcess, admin: Person) -> Iterator[Tab]:
    """A member who has never picked a model, signed in."""
    yield from signed_in(browser, server, people.member(server, admin, "newcomer"))


def test_a_preset_granted_to_a_group_is_seen_and_used_by_its_members_only(
        admin_tab: Tab, member_tab: Tab, outsider_tab: Tab, shot: Any) -> None:
    with shot(admin_tab):
        _group_given_a_preset(admin_tab, "Reviewers", member_tab.person)
    with shot(member_tab):
        assert _offered(member_tab, "Reviewers") == ["Reviewers Preset"]
        member_tab.visit("/")
        pick_model(member_tab.page, "Reviewers Preset")
        wait_done(member_tab.page, send(member_tab.page, "hello reviewers"), "echo: hello reviewers")
        member_tab.settle()
        member_tab.assert_fine()
    with shot(outsider_tab):
        assert _offered(outsider_tab, "Reviewers") == []
        outsider_tab.assert_fine()
    assert _asks(outsider_tab.person, "reviewers-preset").status_code == 404
    assert _asks(member_tab.person, "reviewers-preset").status_code == 200


def test_a_group_deleted_in_the_admin_panel_takes_its_grants_and_the_preset_with_it(
        admin_tab: Tab, member_tab: Tab, admin: Person, shot: Any) -> None:
    with shot(admin_tab):
        _group_given_a_preset(admin_tab, "Leavers", member_tab.person)
        _delete_group(admin_tab, "Leavers")
    with shot(member_tab):
        assert _offered(member_tab, "Leavers") == []
        member_tab.assert_fine()
    wait_for(lambda: _grants(admin, "leavers-preset") == [], timeout=10, what="the deleted group's grants gone")
    with shot(admin_tab):
        admin_tab.visit("/workspace/models/edit?id=leavers-preset")
        admin_tab.page.get_by_role("button", name="Access", exact=True).click()
        admin_tab.page.get_by_text("Only select users and groups with permission can access").wait_for()
        admin_tab.settle()
        admin_tab.assert_fine()


def test_a_groups_default_model_is_the_one_its_members_new_chat_starts_with(
        admin_tab: Tab, newcomer_tab: Tab, admin: Person, shot: Any) -> None:
    """Echo, shared with everyone, comes first in the newcomer's list: the app starts with the first
    model when the config names none it may use."""
    admin.http.post("/api/v1/models/model/access/update", json={
        "id": "echo", "name": "echo", "access_grants": [
            {"principal_type": "user", "principal_id": "*", "permission": "read"}]}).raise_for_status()
    with shot(admin_tab):
        _group_given_a_preset(admin_tab, "Starters", newcomer_tab.person)
        _open_group(admin_tab, "Starters")
        admin_tab.page.locator("#model-selector-group-defaults-button").click()
        admin_tab.page.get_by_role("option", name="Select Starters Preset model").click()
        admin_tab.page.keyboard.press("Escape")
        admin_tab.page.get_by_role("button", name="Save", exact=True).click()
        admin_tab.page.get_by_text("Group updated successfully").wait_for()
        admin_tab.settle()
        admin_tab.assert_fine()
    with shot(newcomer_tab):
        newcomer_tab.visit("/")
        newcomer_tab.page.get_by_role("button", name="Selected model: Starters Preset").wait_for()
        newcomer_tab.assert_fine()


def test_a_member_of_a_group_that_may_change_a_preset_changes_it_in_the_workspace(
        admin_tab: Tab, member_tab: Tab, admin: Person, shot: Any) -> None:
    with shot(admin_tab):
        _group_given_a_preset(admin_tab, "Editors", member_tab.person, access="Write")
    page = member_tab.page
    with shot(member_tab):
        member_tab.visit("/workspace/models/edit?id=editors-preset")
        page.get_by_placeholder(re.compile("Write your model system prompt")).fill("Be brief.")
        page.get_by_role("button", name="Save & Update").click()
        page.wait_for_url(re.compile(r".*/workspace/models$"))
        member_tab.settle()
        member_tab.assert_fine()
    changed = admin.http.get("/api/v1/models/model", params={"id": "editors-preset"}).json()
    assert changed["params"]["system"] == "Be brief."


def _group_given_a_preset(tab: Tab, group: str, member: Person, access: str = "Read") -> None:
    """The group, with ``member`` in it, and "<group> Preset", which only the group may use."""
    _create_group(tab, group)
    _add_member(tab, group, member)
    _create_preset_for(tab, f"{group} Preset", group, access)


def _create_group(tab: Tab, name: str) -> None:
    """New Group, its name, Save: the app says it is created."""
    page = tab.page
    tab.visit("/admin/users/groups")
    page.get_by_role("button", name="New Group").click()
    page.get_by_placeholder("Group Name").fill(name)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Group created successfully").wait_for()
    tab.settle()
    tab.assert_fine()


def _add_member(tab: Tab, group: str, person: Person) -> None:
    """The group opened, its Users tab, the person's box ticked (which adds them at once)."""
    page = tab.page
    _open_group(tab, group)
    page.get_by_role("button", name="Users", exact=True).click()
    with page.expect_response(lambda r: r.url.endswith("/users/add")) as added:
        page.get_by_role("checkbox", name=person.account["name"], exact=True).click()
    assert added.value.ok
    tab.settle()
    page.get_by_role("button", name="Close", exact=True).click()
    tab.assert_fine()


def _open_group(tab: Tab, name: str) -> None:
    """The group's editor, from Admin Panel > Users > Groups; it opens on its General tab."""
    tab.visit("/admin/users/groups")
    tab.page.get_by_title(name, exact=True).click()


def _delete_group(tab: Tab, name: str) -> None:
    """The group opened, Delete on its General tab, confirmed: the app says it is deleted."""
    page = tab.page
    _open_group(tab, name)
    page.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.get_by_text("Group deleted successfully").wait_for()
    tab.settle()
    tab.assert_fine()


def _create_preset_for(tab: Tab, name: str, group: str, access: str) -> None:
    """A preset of echo made in Workspace > Models, for ``group`` only (Access > Add Access), which
    may read it or also change it (``access``, as the group's row in the dialog says it)."""
    page = tab.page
    tab.visit("/workspace/models/create")
    page.get_by_placeholder("Model Name").fill(name)
    page.locator("#model-selector-workspace-base-model-button").click()
    page.get_by_role("option", name="Select echo model").click()
    page.get_by_role("button", name="Access", exact=True).click()
    page.get_by_role("button", name="Add Access").click()
    page.get_by_role("dialog").get_by_role("button", name=re.compile(f"^{group}")).click()
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("dialog").get_by_label("Access level").select_option(label=access)
    page.get_by_role("button", name="Close", exact=True).click()
    page.get_by_role("button", name="Save & Create").click()
    page.wait_for_url(re.compile(r".*/workspace/models$"))
    tab.settle()
    tab.assert_fine()


def _offered(tab: Tab, search: str) -> list[str]:
    """The models the selector offers for a search."""
    page = tab.page
    tab.visit("/")
    page.locator("#model-selector-model-button").click()
    page.get_by_placeholder("Search a model").fill(search)
    tab.settle()
    offered = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return [text.strip() for text in offered]


def _asks(person: Person, model: str) -> Any:
    """A question put to ``model`` through the API, as a script with the person's token would."""
    return person.http.post("/api/chat/completions", json={
        "model": model, "stream": False, "messages": [{"role": "user", "content": "may I?"}]})


def _grants(admin: Person, model: str) -> list[dict[str, Any]]:
    return admin.http.get("/api/v1/models/model", params={"id": model}).json()["access_grants"]
