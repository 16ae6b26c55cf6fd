"""The prompts a new chat suggests (``POST /api/v1/configs/suggestions``, saved from the admin's
Models settings with the model defaults): kept as a model default, and seen in everyone's config."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace

SUGGESTIONS = "/api/v1/configs/suggestions"
PLAN = {"title": ["Plan a trip", "to the coast"], "content": "Plan a three-day trip to the coast."}

# The suggestions are the workspace's, seen by everyone: the module's own.
server, admin = own_workspace("prompt-suggestions")


@pytest.fixture(scope="module")
def reader(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "reader")


def _config(person: Person) -> dict[str, Any]:
    return person.http.get("/api/config").json()


def test_until_an_admin_saves_some_the_app_offers_its_own(reader: Person) -> None:
    config = _config(reader)
    assert (config["default_prompt_suggestions"], config["default_prompt_suggestions_i18n"]) == (None, {})


def test_saved_suggestions_reach_everyones_config(admin: Person, reader: Person) -> None:
    i18n = {"fr-FR": [{"title": ["Planifier", "un voyage"], "content": "Planifie un voyage."}]}
    answer = admin.http.post(SUGGESTIONS, json={"suggestions": [PLAN], "i18n": i18n})
    assert answer.status_code == 200
    assert answer.json() == {"suggestions": [PLAN], "i18n": i18n}
    config = _config(reader)
    assert (config["default_prompt_suggestions"], config["default_prompt_suggestions_i18n"]) == ([PLAN], i18n)


def test_what_else_the_app_sends_with_a_suggestion_is_not_kept(admin: Person, reader: Person) -> None:
    admin.http.post(SUGGESTIONS, json={"suggestions": [{**PLAN, "id": "x1"}]}).raise_for_status()
    assert _config(reader)["default_prompt_suggestions"] == [PLAN]


def test_an_empty_list_offers_none_and_null_gives_the_app_its_own_back(admin: Person, reader: Person) -> None:
    admin.http.post(SUGGESTIONS, json={"suggestions": []}).raise_for_status()
    assert _config(reader)["default_prompt_suggestions"] == []
    admin.http.post(SUGGESTIONS, json={"suggestions": None, "i18n": {}}).raise_for_status()
    assert _config(reader)["default_prompt_suggestions"] is None


def test_the_models_config_keeps_open_webuis_shape(admin: Person) -> None:
    admin.http.post(SUGGESTIONS, json={"suggestions": [PLAN]}).raise_for_status()
    assert "PROMPT_SUGGESTIONS" not in admin.http.get("/api/v1/configs/models").json()


@pytest.mark.parametrize("body", [
    {"suggestions": [{"title": "one line, not a list", "content": "x"}]},
    {"suggestions": [{"title": ["a", "b", "c"], "content": "three title lines"}]},
    {"suggestions": [{"title": ["no content"]}]},
    {"suggestions": [PLAN] * 1_001},
    {},
], ids=["title-not-a-list", "three-title-lines", "no-content", "too-many", "no-suggestions"])
def test_a_malformed_save_is_refused_and_changes_nothing(admin: Person, reader: Person,
                                                         body: dict[str, Any]) -> None:
    before = _config(reader)["default_prompt_suggestions"]
    answer = admin.http.post(SUGGESTIONS, json=body)
    assert answer.status_code == 422 and answer.json()["detail"]
    assert _config(reader)["default_prompt_suggestions"] == before


def test_only_an_admin_saves_them(reader: Person) -> None:
    assert reader.http.post(SUGGESTIONS, json={"suggestions": []}).status_code == 401
