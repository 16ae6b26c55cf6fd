"""The admin's task settings (Open WebUI's /api/v1/tasks/config) against a real server and a real
fake upstream: they round-trip as the admin's Interface page sends them, are refused when wrong,
and take effect on the titles, tags and follow-ups asked after a reply."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from domain.models.tasks import DEFAULT_TASK_SETTINGS, TASK_SETTINGS_ID
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import Tab, tab
from tests.e2e.spa_turns import send, turn_body, until_inactive
from tests.e2e.upstreams import QUICK, UPSTREAM_KEY, annals, keyed_upstream
from tests.upstream.process import UpstreamProcess

CONFIG, UPDATE = "/api/v1/tasks/config", "/api/v1/tasks/config/update"
SPA_PAGE = {**DEFAULT_TASK_SETTINGS, "ENABLE_AUTOCOMPLETE_GENERATION": True, "TASK_MODEL_PARAMS": {}}
"""What the admin's Interface page sends, unchanged but for a feature Annals does not have yet."""


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    with keyed_upstream(tmp_path_factory.mktemp("upstream"), "--model=echo", "--model=tasker") as process:
        yield process


@pytest.fixture(scope="module")
def server(upstream: UpstreamProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    """Every model open to everyone; ``admin`` and ``member`` are tests/e2e/conftest.py's."""
    env = {**QUICK, "OPENAI_API_BASE_URLS": upstream.openai_url, "OPENAI_API_KEYS": UPSTREAM_KEY,
           "BYPASS_MODEL_ACCESS_CONTROL": "true"}
    with annals("embedded", tmp_path_factory.mktemp("annals"), env) as process:
        yield process


@pytest.fixture
def member_tab(server: AnnalsProcess, member: Person) -> Iterator[Tab]:
    with tab(server, member.token) as opened:
        yield opened


@pytest.fixture
def settings(admin: Person) -> Iterator[dict]:
    """The defaults again after the test, whatever it changed."""
    yield dict(DEFAULT_TASK_SETTINGS)
    admin.http.post(UPDATE, json=DEFAULT_TASK_SETTINGS).raise_for_status()


def update(admin: Person, **changes: object) -> dict:
    answer = admin.http.post(UPDATE, json={**DEFAULT_TASK_SETTINGS, **changes})
    assert answer.status_code == 200, answer.text
    return answer.json()


def settings_events(admin: Person) -> list[dict]:
    answer = admin.http.get("/api/v1/events", params={"context": "models", "aggregate_id": str(TASK_SETTINGS_ID)})
    answer.raise_for_status()
    return answer.json()["events"]


def first_turn(person: Person, person_tab: Tab, text: str) -> tuple[str, list[dict]]:
    chat_id = send(person, turn_body(person_tab, text))["chat_id"]
    return chat_id, until_inactive(person_tab, chat_id)


def test_any_member_reads_open_webuis_defaults(member: Person):
    answer = member.http.get(CONFIG)
    assert answer.status_code == 200 and answer.json() == DEFAULT_TASK_SETTINGS


def test_what_the_admin_page_sends_comes_back_and_stays(admin: Person, member: Person, settings: dict):
    page = {**SPA_PAGE, "TASK_MODEL_EXTERNAL": "tasker", "TASK_MODEL_PARAMS": {"temperature": 0.2},
            "TITLE_GENERATION_PROMPT_TEMPLATE": "Name it: {{MESSAGES:END:2}}", "ENABLE_TAGS_GENERATION": False}
    assert admin.http.post(UPDATE, json=page).json() == page
    assert member.http.get(CONFIG).json() == page


def test_null_fields_go_back_to_their_defaults_and_fields_left_out_keep_their_value(admin: Person, settings: dict):
    update(admin, TASK_MODEL="tasker", ENABLE_FOLLOW_UP_GENERATION=False)
    answer = admin.http.post(UPDATE, json={"TASK_MODEL": None, "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH": None})
    assert (answer.json()["TASK_MODEL"], answer.json()["AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH"]) == ("", -1)
    assert answer.json()["ENABLE_FOLLOW_UP_GENERATION"] is False


def test_an_update_that_changes_nothing_records_nothing(admin: Person, settings: dict):
    update(admin, ENABLE_TITLE_GENERATION=False)
    recorded = settings_events(admin)
    update(admin, ENABLE_TITLE_GENERATION=False)
    assert settings_events(admin) == recorded


@pytest.mark.parametrize(("body", "reason"), [
    ({"ENABLE_TITLE_GENERATION": "maybe"}, "ENABLE_TITLE_GENERATION"),
    ({"TASK_MODEL_PARAMS": ["temperature"]}, "TASK_MODEL_PARAMS"),
    ({"AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH": -5}, "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH"),
    ({"ENABLE_MIND_READING": True}, "ENABLE_MIND_READING"),
])
def test_a_malformed_update_is_refused_with_its_reason(admin: Person, body: dict, reason: str):
    answer = admin.http.post(UPDATE, json=body)
    assert answer.status_code == 422 and reason in answer.text
    assert admin.http.get(CONFIG).json() == DEFAULT_TASK_SETTINGS


def test_a_task_model_that_is_not_there_is_refused(admin: Person):
    answer = admin.http.post(UPDATE, json={**DEFAULT_TASK_SETTINGS, "TASK_MODEL_EXTERNAL": "no-such-model"})
    assert answer.status_code == 400 and "no-such-model" in answer.json()["detail"]
    assert admin.http.get(CONFIG).json()["TASK_MODEL_EXTERNAL"] == ""


def test_titles_are_asked_of_the_task_model_with_the_admins_prompt(
        admin: Person, member: Person, member_tab: Tab, upstream: UpstreamProcess, settings: dict):
    update(admin, TASK_MODEL_EXTERNAL="tasker", TITLE_GENERATION_PROMPT_TEMPLATE="Name this chat.\n{{MESSAGES:END:2}}")
    _, events = first_turn(member, member_tab, f"say: {json.dumps({'title': 'Told By Tasker'})}")
    assert [e["data"]["data"] for e in events if e["data"]["type"] == "chat:title"] == ["Told By Tasker"]
    asked = [r["body"] for r in upstream.requests() if "Told By Tasker" in r["body"]["messages"][-1]["content"]]
    titles = [body["model"] for body in asked if body["messages"][-1]["content"].startswith("Name this chat.")]
    replies = [body["model"] for body in asked if body["messages"][-1]["content"].startswith("say:")]
    assert (titles, replies) == (["tasker"], ["echo"])


def test_a_title_task_turned_off_is_not_asked_and_the_first_message_names_the_chat(
        admin: Person, member: Person, member_tab: Tab, upstream: UpstreamProcess, settings: dict):
    update(admin, ENABLE_TITLE_GENERATION=False)
    said = f"say: {json.dumps({'title': 'Never Asked', 'tags': ['Eggs']})}"
    chat_id, events = first_turn(member, member_tab, said)
    assert [e["data"]["data"] for e in events if e["data"]["type"] == "chat:title"] == [said]
    assert member.http.get(f"/api/v1/chats/{chat_id}").json()["title"] == said
    asked = [r["body"]["messages"][-1]["content"] for r in upstream.requests()
             if "Never Asked" in r["body"]["messages"][-1]["content"]]
    assert not any(question.startswith("Suggest a title") for question in asked)
    assert any(question.startswith("Label the conversation") for question in asked)  # tags still are


def test_the_app_offers_the_switches_only_for_tasks_left_on(admin: Person, member: Person, settings: dict):
    update(admin, ENABLE_FOLLOW_UP_GENERATION=False)
    features = member.http.get("/api/config").json()["features"]
    assert (features["enable_title_generation"], features["enable_follow_up_generation"]) == (True, False)


def test_the_interface_pages_other_calls_answer_so_it_loads_and_saves(admin: Person):
    """The page reads the chat settings with the task settings (and shows neither if that fails),
    and saves them with the visibility of the app's parts: features Annals does not have yet."""
    chat_config = admin.http.get("/api/v1/chats/config")
    assert chat_config.status_code == 200 and chat_config.json()["ENABLE_CONTEXT_COMPACTION"] is False
    saved = admin.http.post("/api/v1/chats/config", json={**chat_config.json(), "ENABLE_TOOL_SEARCH": True})
    assert saved.status_code == 200 and saved.json() == chat_config.json()
    shown = admin.http.post("/api/v1/configs/interface/visibility", json={"visibility": {"sidebar.notes": False}})
    assert shown.status_code == 200 and shown.json() == {"visibility": {}}
