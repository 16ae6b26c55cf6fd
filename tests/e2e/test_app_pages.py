"""Every page of Open WebUI 0.12.4's app, unmodified, in headless Chromium against one real
``annals serve`` (embedded, with a fake upstream so that there are models), as an admin and as a
member: no request fails and nothing is logged as an error on any of them, nor on the way through
a chat, the sidebar, the model selector, the settings and a model preset's life."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.browser import (
    CHROMIUM_ARGS,
    Troubles,
    pick_model,
    screenshot_on_failure,
    send,
    wait_done,
)
from tests.e2e.documents import form, message
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

sync_api = pytest.importorskip("playwright.sync_api")

WAIT_MS = 30_000
APP_PAGES = ["/", "/workspace/models", "/workspace/models/create", "/workspace/knowledge", "/workspace/prompts",
             "/workspace/tools", "/workspace/skills", "/notes", "/admin/users", "/home", "/playground", "/channels"]
ADMIN_SETTINGS = ["general", "authentication", "interface", "connections", "models", "subagents", "integrations",
                  "documents", "audio", "images", "web", "code-execution", "pipelines", "evaluations", "db"]
ADMIN_PAGES = ["/admin/users/groups", "/admin/evaluations", "/admin/analytics", "/admin/functions"]
KEPT_SETTINGS = ["general", "authentication", "interface"]
"""Admin pages whose settings Annals keeps: saving them as they are works."""
PICTURE = {"name": "picture.png", "mimeType": "image/png", "buffer": base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")}
PERSONAL_SETTINGS = ["general", "interface", "notifications", "shortcuts", "connections", "tools", "personalization",
                     "audio", "data_controls", "usage", "archived_chats", "account", "about"]


class Tab:
    """One person's signed-in browser page, and what went wrong on it since the last visit."""

    def __init__(self, page: Any, server: AnnalsProcess) -> None:
        self.page = page
        self.server = server
        self.troubles = Troubles()
        self.troubles.watch(page)

    def visit(self, path: str) -> None:
        self.forget()
        self.page.goto(self.server.base_url + path)
        self.settle()

    def settle(self) -> None:
        """Until the app stopped asking the server for anything (half a second without a request)."""
        self.page.wait_for_load_state("networkidle")

    def forget(self) -> None:
        self.troubles.console.clear()
        self.troubles.requests.clear()

    def assert_fine(self) -> None:
        troubles = [*self.troubles.requests, *self.troubles.console]
        assert not troubles, "\n".join(["on " + self.page.url, *troubles])


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    process = UpstreamProcess(tmp_path_factory.mktemp("upstream"), "--model=echo").start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(installed_app: Path, upstream: UpstreamProcess,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    data_dir = tmp_path_factory.mktemp("annals")
    (data_dir / "spa").symlink_to(installed_app, target_is_directory=True)
    # Ollama off: with no Ollama server, Open WebUI's own version check is a 500.
    env = {"ANNALS_DATA_DIR": str(data_dir), "OPENAI_API_BASE_URLS": upstream.openai_url,
           "ENABLE_OLLAMA_API": "false", "USER_PERMISSIONS_WORKSPACE_MODELS_ACCESS": "true"}
    process = AnnalsProcess(env, data_dir).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def admin(server: AnnalsProcess) -> Person:
    return people.founder(server)


@pytest.fixture(scope="module")
def member(server: AnnalsProcess, admin: Person) -> Person:
    return people.member(server, admin, "member")


@pytest.fixture(scope="module")
def admin_tab(browser: Any, server: AnnalsProcess, admin: Person) -> Iterator[Tab]:
    yield from _signed_in(browser, server, admin)


@pytest.fixture(scope="module")
def member_tab(browser: Any, server: AnnalsProcess, member: Person) -> Iterator[Tab]:
    yield from _signed_in(browser, server, member)


def _signed_in(browser: Any, server: AnnalsProcess, person: Person) -> Iterator[Tab]:
    """Signed in through the app's form; an admin is shown the release notes once, and closes them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(server.base_url + "/auth")
    page.locator("#email").fill(person.email)
    page.locator("#password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#chat-input").wait_for()
    if person.account["role"] == "admin":
        page.get_by_role("button", name="Okay, Let's Go!").click()
    tab = Tab(page, server)
    tab.settle()
    yield tab
    context.close()


@pytest.fixture
def shot(tmp_path: Path) -> Iterator[Any]:
    """``with shot(tab):`` leaves a screenshot of the page in the test's directory if it fails."""
    yield lambda tab: screenshot_on_failure(tab.page, tmp_path)


# --- Pages, as each person may reach them ------------------------------------------------------

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


# --- Using the app -----------------------------------------------------------------------------

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


def test_the_model_selector_lists_and_finds_the_models(member_tab: Tab, admin: Person, shot: Any) -> None:
    admin.http.post("/api/v1/models/model/access/update", json={
        "id": "echo", "name": "echo", "access_grants": [
            {"principal_type": "user", "principal_id": "*", "permission": "read"}]}).raise_for_status()
    page = member_tab.page
    with shot(member_tab):
        member_tab.visit("/")
        page.locator("#model-selector-model-button").click()
        page.get_by_placeholder("Search a model").fill("ech")
        page.get_by_role("option", name="Select echo model").click()
        member_tab.settle()
        member_tab.assert_fine()


def test_the_sidebar_shows_folders_pinned_chats_and_finds_chats(admin_tab: Tab, admin: Person, shot: Any) -> None:
    folder = _ok(admin.http.post("/api/v1/folders/", json={"name": "Sweep folder"}))
    chat = _ok(admin.http.post("/api/v1/chats/new", json={"chat": {"title": "Pinned in the sweep"}}))
    _ok(admin.http.post(f"/api/v1/chats/{chat['id']}/pin"))
    filed = _ok(admin.http.post("/api/v1/chats/new", json={"chat": {"title": "Filed in the sweep"}}))
    _ok(admin.http.post(f"/api/v1/chats/{filed['id']}/folder", json={"folder_id": folder["id"]}))
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
    chat = _ok(admin.http.post("/api/v1/chats/new", json={"chat": {"title": "Cloned in the sweep"}}))
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
    assert "Clone of Cloned in the sweep" in [c["title"] for c in _ok(admin.http.get("/api/v1/chats/"))]


def test_data_controls_export_import_and_archive_chats_and_list_ones_files(member_tab: Tab, member: Person,
                                                                           shot: Any, tmp_path: Path) -> None:
    _ok(member.http.post("/api/v1/chats/new", json={"chat": {"title": "Exported in the sweep"}}))
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
    archived = [c["title"] for c in _ok(member.http.get("/api/v1/chats/archived"))]
    assert {"Exported in the sweep", "Imported in the sweep"} <= set(archived)


def test_an_admin_sets_the_model_a_new_chat_starts_with_and_pins_it(admin_tab: Tab, admin: Person,
                                                                    shot: Any) -> None:
    page = admin_tab.page
    with shot(admin_tab):
        admin_tab.visit("/admin/settings/models")
        for action in ("Set as Selected Model", "Set as Pinned Model"):
            page.locator("#model-list").get_by_role("button", name="More Options").first.click()  # echo's
            page.get_by_text(action).click()
            admin_tab.settle()
        admin_tab.assert_fine()

    def both_saved() -> bool:  # the app saves as it closes the menu: settle() has nothing to wait on
        config = admin.http.get("/api/config").json()
        return (config["default_models"], config["default_pinned_models"]) == ("echo", "echo")

    wait_for(both_saved, timeout=10, what="the selected and pinned model saved")


def test_an_admin_creates_edits_exports_and_imports_a_model_preset(admin_tab: Tab, shot: Any,
                                                                     tmp_path: Path) -> None:
    page = admin_tab.page
    with shot(admin_tab):
        admin_tab.visit("/workspace/models/create")
        page.get_by_placeholder("Model Name").fill("Sweep Preset")
        page.locator("#model-selector-workspace-base-model-button").click()
        page.get_by_role("option", name="Select echo model").click()
        page.get_by_placeholder("Add a tag...").fill("swept")
        page.keyboard.press("Enter")
        page.locator('input[type="file"][accept="image/*"]').set_input_files(files=[PICTURE])
        page.get_by_role("button", name="Save & Create").click()
        page.wait_for_url(re.compile(r".*/workspace/models$"))
        admin_tab.settle()
        admin_tab.visit("/workspace/models/edit?id=sweep-preset")
        page.get_by_placeholder(re.compile("Write your model system prompt")).fill("Be brief.")
        page.get_by_role("button", name="Save & Update").click()
        page.wait_for_url(re.compile(r".*/workspace/models$"))
        admin_tab.settle()
        with page.expect_download() as exported:
            page.get_by_role("button", name="Open create menu").click()
            page.get_by_text("Export JSON").click()
        models = json.loads(Path(exported.value.path()).read_text())
        [preset] = [m for m in models if m["id"] == "sweep-preset"]
        assert (preset["params"]["system"], preset["meta"]["tags"]) == ("Be brief.", [{"name": "swept"}])
        assert preset["meta"]["profile_image_url"].startswith("data:image/")
        (tmp_path / "import.json").write_text(json.dumps([{**preset, "id": "sweep-copy", "name": "Sweep Copy"}]))
        page.locator("#models-import-input").set_input_files(str(tmp_path / "import.json"))
        page.get_by_text("Sweep Copy").first.wait_for()
        admin_tab.settle()
        admin_tab.assert_fine()


def test_an_admin_makes_a_chat_public_in_the_share_dialog_and_a_member_opens_its_link(
        admin_tab: Tab, member_tab: Tab, admin: Person, shot: Any) -> None:
    chat = _ok(admin.http.post("/api/v1/chats/new", json=_exchange("Shared in the sweep")))
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
    chat = _ok(member.http.post("/api/v1/chats/new", json=_exchange("Picked in the sweep")))
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
    chat = _ok(member.http.post("/api/v1/chats/new", json=_exchange("Listed in the sweep")))
    _ok(member.http.post(f"/api/v1/chats/{chat['id']}/share"))
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


def _ok(response: Any) -> Any:
    response.raise_for_status()
    return response.json()
