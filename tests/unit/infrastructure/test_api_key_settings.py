"""API keys' settings read from Open WebUI's variable names, with its defaults: off, unrestricted."""

from __future__ import annotations

from infrastructure.settings import Settings


def test_keys_are_off_and_members_may_not_use_them_by_default():
    settings = Settings.from_environ({})
    assert (settings.enable_api_keys, settings.members_may.features_api_keys) == (False, False)
    assert (settings.api_keys_endpoint_restrictions, settings.api_keys_allowed_endpoints) == (False, "")


def test_open_webuis_variables_turn_them_on_and_restrict_them():
    settings = Settings.from_environ({"ENABLE_API_KEYS": "true", "USER_PERMISSIONS_FEATURES_API_KEYS": "True",
                                      "ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS": "true",
                                      "API_KEYS_ALLOWED_ENDPOINTS": "/api/models,/api/chat/completions"})
    assert (settings.enable_api_keys, settings.members_may.features_api_keys) == (True, True)
    assert settings.api_keys_endpoint_restrictions
    assert settings.api_keys_allowed_endpoints == "/api/models,/api/chat/completions"
