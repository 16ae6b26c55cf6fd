"""The admin pages of features Annals does not have yet: they read the settings in force, and a
save that would change anything is refused with the reason instead of being pretended kept."""

from __future__ import annotations

import pytest

from tests.e2e.people import Person

SETTINGS = ["/api/v1/audio/config", "/api/v1/images/config", "/api/v1/retrieval/config", "/api/v1/retrieval/embedding",
            "/api/v1/configs/code_execution", "/api/v1/configs/subagents", "/api/v1/configs/tool_servers",
            "/api/v1/configs/terminal_servers", "/api/v1/evaluations/config", "/api/v1/auths/admin/config/oauth",
            "/api/v1/knowledge/external/connections", "/api/v1/users/default/permissions", "/api/events",
            "/api/events/webhooks"]
UNKEPT = ["/api/v1/audio/config/update", "/api/v1/images/config/update", "/api/v1/retrieval/config/update",
          "/api/v1/retrieval/embedding/update", "/api/v1/configs/code_execution", "/api/v1/configs/subagents",
          "/api/v1/auths/admin/config/oauth",
          "/api/v1/knowledge/external/connections", "/api/events/webhooks"]
NOTHING_ASKED = [("/api/v1/configs/tool_servers", {"TOOL_SERVER_CONNECTIONS": []}),
                 ("/api/v1/configs/terminal_servers", {"TERMINAL_SERVER_CONNECTIONS": []}),
                 ("/api/v1/evaluations/config",
                  {"ENABLE_EVALUATION_ARENA_MODELS": False, "EVALUATION_ARENA_MODELS": []}),
                 ("/api/v1/configs/banners", {"banners": []})]
SOMETHING_ASKED = [("/api/v1/configs/tool_servers", {"TOOL_SERVER_CONNECTIONS": [{"url": "http://tools"}]}),
                   ("/api/v1/configs/terminal_servers", {"TERMINAL_SERVER_CONNECTIONS": [{"url": "http://t"}]}),
                   ("/api/v1/evaluations/config", {"ENABLE_EVALUATION_ARENA_MODELS": True}),
                   ("/api/v1/configs/banners", {"banners": [{"id": "b", "type": "info", "content": "Hi"}]})]


@pytest.mark.parametrize("path", SETTINGS)
def test_the_settings_in_force_are_read_by_admins_only(admin: Person, member: Person, path: str) -> None:
    assert admin.http.get(path).status_code == 200
    assert member.http.get(path).status_code == 401


@pytest.mark.parametrize("path", UNKEPT)
def test_a_save_that_cannot_be_kept_is_refused_with_the_reason(admin: Person, path: str) -> None:
    response = admin.http.post(path, json={"ENABLE": True})
    assert response.status_code == 400 and "nothing was changed" in response.json()["detail"]


@pytest.mark.parametrize(("path", "body"), NOTHING_ASKED)
def test_a_save_asking_for_what_is_in_force_is_answered_with_it(admin: Person, path: str, body: dict) -> None:
    response = admin.http.post(path, json=body)
    assert response.status_code == 200 and response.json() == admin.http.get(path).json()


@pytest.mark.parametrize(("path", "body"), SOMETHING_ASKED)
def test_a_save_turning_a_missing_feature_on_is_refused(admin: Person, path: str, body: dict) -> None:
    response = admin.http.post(path, json=body)
    assert response.status_code == 400 and "Annals does not have" in response.json()["detail"]


def test_speech_in_force_is_the_browsers_own(member: Person) -> None:
    assert member.http.get("/api/config").json()["audio"]["stt"]["engine"] == "web"


def test_a_members_permissions_are_the_environments(admin: Person, member: Person) -> None:
    told = member.http.get("/api/v1/auths/").json()["permissions"]
    defaults = admin.http.get("/api/v1/users/default/permissions").json()
    assert told["workspace"] == defaults["workspace"] and told["workspace"]["models"] is False
