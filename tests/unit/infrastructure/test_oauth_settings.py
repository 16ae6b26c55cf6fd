"""Single sign-on's settings, read from Open WebUI's variable names with its defaults."""

from __future__ import annotations

import pytest

from infrastructure.environment import SettingsError
from infrastructure.settings import Settings

PROVIDER = {"OAUTH_CLIENT_ID": "annals", "OPENID_PROVIDER_URL": "https://id.example.org/.well-known/openid-configuration"}


def test_without_a_provider_single_sign_on_is_off_with_open_webuis_defaults():
    oauth = Settings.from_environ({}).oauth
    assert not oauth.enabled
    assert (oauth.provider_name, oauth.scopes, oauth.signup, oauth.merge_accounts_by_email) == (
        "SSO", "openid email profile", False, False)
    assert (oauth.roles_claim, oauth.allowed_roles, oauth.admin_roles, oauth.groups_claim) == (
        "roles", ("user", "admin"), ("admin",), "groups")


def test_a_client_needs_a_secret_or_pkce_to_be_on():
    assert not Settings.from_environ(PROVIDER).oauth.enabled
    assert Settings.from_environ({**PROVIDER, "OAUTH_CLIENT_SECRET": "s"}).oauth.enabled
    public = Settings.from_environ({**PROVIDER, "OAUTH_CODE_CHALLENGE_METHOD": "S256"}).oauth
    assert public.enabled and public.public_client


def test_open_webuis_older_group_claim_variable_is_read():
    assert Settings.from_environ({"OAUTH_GROUP_CLAIM": "teams"}).oauth.groups_claim == "teams"


def test_the_policy_variables_are_read():
    oauth = Settings.from_environ({"ENABLE_OAUTH_SIGNUP": "true", "OAUTH_MERGE_ACCOUNTS_BY_EMAIL": "true",
                                   "ENABLE_OAUTH_ROLE_MANAGEMENT": "true", "OAUTH_ALLOWED_ROLES": "staff, admin",
                                   "OAUTH_ADMIN_ROLES": "root", "ENABLE_OAUTH_GROUP_MANAGEMENT": "true",
                                   "ENABLE_OAUTH_GROUP_CREATION": "true", "OAUTH_PROVIDER_NAME": "Okta"}).oauth
    assert (oauth.signup, oauth.merge_accounts_by_email, oauth.role_management, oauth.group_management,
            oauth.group_creation, oauth.provider_name) == (True, True, True, True, True, "Okta")
    assert (oauth.allowed_roles, oauth.admin_roles) == (("staff", "admin"), ("root",))


def test_a_challenge_method_other_than_s256_is_refused_at_start():
    with pytest.raises(SettingsError, match="S256"):
        Settings.from_environ({"OAUTH_CODE_CHALLENGE_METHOD": "plain"})
