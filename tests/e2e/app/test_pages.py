"""Every page of the app, as an admin and as a member may reach it: no request fails and nothing is
logged as an error on any of them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.app.tabs import Tab

APP_PAGES = ["/", "/workspace/models", "/workspace/models/create", "/workspace/knowledge", "/workspace/prompts",
             "/workspace/tools", "/workspace/skills", "/notes", "/admin/users", "/home", "/playground", "/channels"]
ADMIN_SETTINGS = ["general", "authentication", "interface", "connections", "models", "subagents", "integrations",
                  "documents", "audio", "images", "web", "code-execution", "pipelines", "evaluations", "db"]
ADMIN_PAGES = ["/admin/users/groups", "/admin/evaluations", "/admin/analytics", "/admin/functions"]
KEPT_SETTINGS = ["general", "authentication", "interface"]
"""Admin pages whose settings Annals keeps: saving them as they are works."""
PERSONAL_SETTINGS = ["general", "interface", "notifications", "shortcuts", "connections", "tools", "personalization",
                     "audio", "data_controls", "usage", "archived_chats", "account", "about"]


@pytest.mark.parametrize("path", [*APP_PAGES, *(f"/admin/settings/{tab}" for tab in ADMIN_SETTINGS), *ADMIN_PAGES])
def test_an_admin_sees_the_page_without_errors(admin_tab: Tab, shot: Any, path: str) -> None:
    with shot(admin_tab):
        admin_tab.visit(path)
        admin_tab.assert_fine()


@pytest.mark.parametrize("tab", KEPT_SETTINGS)
def test_an_admin_saves_a_settings_page_as_it_is(admin_tab: Tab, shot: Any, tab: str) -> None:
    page = admin_tab.page
    with shot(admin_tab):
        admin_tab.visit(f"/admin/settings/{tab}")
        page.get_by_role("button", name="Save", exact=True).click()
        saved = page.get_by_text("Settings saved successfully!")
        saved.or_(page.locator("[data-sonner-toast][data-type=error]")).first.wait_for()
        admin_tab.settle()
        admin_tab.assert_fine()
        assert saved.is_visible()


@pytest.mark.parametrize("path", [*APP_PAGES, "/admin/settings/general"])
def test_a_member_sees_the_page_or_is_sent_home_without_errors(member_tab: Tab, shot: Any, path: str) -> None:
    with shot(member_tab):
        member_tab.visit(path)
        member_tab.assert_fine()


@pytest.mark.parametrize("tab", PERSONAL_SETTINGS)
@pytest.mark.parametrize("who", ["admin_tab", "member_tab"])
def test_each_tab_of_ones_own_settings_shows_without_errors(request: pytest.FixtureRequest, shot: Any, who: str,
                                                             tab: str) -> None:
    person: Tab = request.getfixturevalue(who)
    with shot(person):
        person.visit(f"/?settings={tab}")
        person.assert_fine()
