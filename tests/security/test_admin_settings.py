"""The task and chat settings and the connection check are the admin's: members, pending accounts and
strangers are refused (the check reaches out to any URL it is given, so it is for admins only)."""

from __future__ import annotations

import httpx
import pytest

from domain.models.tasks import DEFAULT_TASK_SETTINGS
from tests.e2e.people import Person, anonymous, sign_up
from tests.e2e.server import AnnalsProcess

ADMIN_ONLY = [("/api/v1/tasks/config/update", {**DEFAULT_TASK_SETTINGS, "ENABLE_TITLE_GENERATION": False}),
              ("/openai/verify", {"url": "http://127.0.0.1:9/v1", "key": "", "config": {}}),
              ("/ollama/verify", {"url": "http://127.0.0.1:9", "key": "", "config": {}}),
              ("/api/v1/chats/config", {"ENABLE_TOOL_SEARCH": True}),
              ("/api/v1/configs/interface/visibility", {"visibility": {}})]


@pytest.fixture(scope="module")
def pending(server: AnnalsProcess, admin: Person) -> Person:
    return sign_up(server, "pending")


@pytest.mark.parametrize(("path", "body"), ADMIN_ONLY)
def test_only_an_admin_may_change_task_settings_or_check_a_connection(
        server: AnnalsProcess, member: Person, pending: Person, path: str, body: dict):
    for http in (member.http, pending.http, anonymous(server)):
        assert http.post(path, json=body).status_code == 401
    assert member.http.get("/api/v1/tasks/config").json()["ENABLE_TITLE_GENERATION"] is True


def test_a_pending_account_may_not_read_the_task_settings(pending: Person, member: Person):
    assert pending.http.get("/api/v1/tasks/config").status_code == 401
    assert member.http.get("/api/v1/tasks/config").status_code == 200


def test_only_an_admin_reads_the_chat_settings(member: Person, admin: Person):
    assert member.http.get("/api/v1/chats/config").status_code == 401
    assert admin.http.get("/api/v1/chats/config").status_code == 200


def test_a_stranger_may_not_read_the_task_settings(server: AnnalsProcess):
    assert httpx.get(f"{server.base_url}/api/v1/tasks/config").status_code == 401
