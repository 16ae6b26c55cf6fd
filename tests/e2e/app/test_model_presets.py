"""Models in the app: the selector, the model a new chat starts with, and a preset's life."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

from tests.e2e.app.tabs import Tab
from tests.e2e.people import Person
from tests.waiting import wait_for

PICTURE = {"name": "picture.png", "mimeType": "image/png", "buffer": base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")}


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
