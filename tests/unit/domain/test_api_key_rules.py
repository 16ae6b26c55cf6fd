"""Where API keys may go: Open WebUI's ``API_KEYS_ALLOWED_ENDPOINTS``, each path with what lies below it."""

from __future__ import annotations

import pytest

from domain.identity.api_keys import ApiKeyRules

RESTRICTED = {"ENABLE_API_KEYS": True, "ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS": True,
              "API_KEYS_ALLOWED_ENDPOINTS": " /api/models, /api/v1/chats/ ,,"}


def test_unrestricted_keys_go_anywhere():
    assert ApiKeyRules.of({"ENABLE_API_KEYS": True}).allows("/api/v1/users/")


def test_the_settings_are_read_as_open_webui_writes_them():
    rules = ApiKeyRules.of(RESTRICTED)
    assert (rules.enabled, rules.restricted, rules.allowed) == (True, True, ("/api/models", "/api/v1/chats"))


@pytest.mark.parametrize(("path", "allowed"), [
    ("/api/models", True), ("/api/models/base", True), ("/api/v1/chats", True), ("/api/v1/chats/x/pin", True),
    ("/api/modelsx", False), ("/api/v1/chat", False), ("/api/v1/users", False), ("/", False),
])
def test_a_restricted_key_goes_to_the_paths_listed_and_below(path: str, allowed: bool):
    assert ApiKeyRules.of(RESTRICTED).allows(path) is allowed


def test_restricted_to_nothing_is_nowhere():
    assert not ApiKeyRules.of({**RESTRICTED, "API_KEYS_ALLOWED_ENDPOINTS": ""}).allows("/api/models")


def test_keys_are_off_unless_turned_on():
    assert not ApiKeyRules.of({}).enabled
