"""Whether API keys may be made and used, as Open WebUI decides it: off unless ``ENABLE_API_KEYS`` (the
environment's, then the admin's Authentication settings), and for members only with the
``features.api_keys`` permission (``USER_PERMISSIONS_FEATURES_API_KEYS``, off by default)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from application.identity.commands import IssueApiKey
from domain.identity.api_keys import api_key_digest, new_api_key
from tests.e2e import people
from tests.e2e.people import ADMIN_CONFIG as CONFIG
from tests.e2e.people import Person, auth_config, bearer
from tests.http.api_keys import API_KEY
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace
from tests.waiting import wait_for

server, admin = own_workspace("api-key-settings")


@pytest.fixture
def ada(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "ada")


def issued_key(server: InProcessServer, person: Person) -> str:
    """A key the person holds whatever the settings say now, as if made when they allowed it."""
    key = new_api_key()
    server.container.identity.issue_api_key(IssueApiKey(user_id=uuid.UUID(person.id),
                                                        key_digest=api_key_digest(key)))
    return key


def test_keys_are_off_by_default(admin: Person):
    config = admin.http.get(CONFIG).json()
    assert (config["ENABLE_API_KEYS"], config["ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS"],
            config["API_KEYS_ALLOWED_ENDPOINTS"]) == (False, False, "")
    assert admin.http.get("/api/config").json()["features"]["enable_api_keys"] is False
    refused = admin.http.post(API_KEY)
    assert refused.status_code == 403 and "ENABLE_API_KEYS" in refused.json()["detail"]


def test_an_admin_turns_keys_on_in_the_authentication_settings(admin: Person):
    with auth_config(admin, ENABLE_API_KEYS=True):
        assert admin.http.get(CONFIG).json()["ENABLE_API_KEYS"] is True
        assert admin.http.get("/api/config").json()["features"]["enable_api_keys"] is True
        assert admin.http.post(API_KEY).status_code == 200  # admins need no permission


def test_a_member_without_the_permission_may_not_make_a_key(admin: Person, ada: Person):
    assert ada.http.get("/api/v1/auths/").json()["permissions"]["features"]["api_keys"] is False
    with auth_config(admin, ENABLE_API_KEYS=True):
        refused = ada.http.post(API_KEY)
    assert refused.status_code == 403 and "features.api_keys" in refused.json()["detail"]


def test_a_member_without_the_permission_may_not_use_a_key(server: InProcessServer, admin: Person, ada: Person):
    """A key made while the permission was on (the environment changed since)."""
    key = issued_key(server, ada)
    with auth_config(admin, ENABLE_API_KEYS=True), server.client(headers=bearer(key)) as client:
        refused = client.get("/api/v1/chats/")
    assert refused.status_code == 403 and "features.api_keys" in refused.json()["detail"]


def test_pending_people_may_not_make_a_key(server: InProcessServer, admin: Person):
    pending = people.sign_up(server, "pending")
    with auth_config(admin, ENABLE_API_KEYS=True):
        assert pending.http.post(API_KEY).status_code == 401


def test_a_key_used_while_keys_are_off_is_a_recorded_refusal(server: InProcessServer, admin: Person, ada: Person):
    key = issued_key(server, ada)
    with server.client(headers=bearer(key)) as client:
        assert client.get("/api/v1/chats/").status_code == 403

    def refused() -> list[dict[str, Any]]:
        trail = admin.http.get("/api/v1/audit/entries", params={"person": ada.id, "type": "Refusal.Recorded"})
        return trail.json()["entries"]

    wait_for(lambda: bool(refused()), timeout=10, what="the refusal's record")
    [refusal] = refused()
    assert (refusal["detail"]["kind"], refusal["detail"]["reason"]) == ("permission", "API keys are turned off")
    assert key.removeprefix("sk-") not in str(refusal)
