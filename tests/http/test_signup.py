"""Signing up: the first account founds the workspace as its admin; later ones follow the policy."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.people import PASSWORD, Person, anonymous, auth_config, open_sign_up, sign_up, unique_email
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace

# Open WebUI 0.12.4, models/auths.py: SessionUserResponse (Token + UserProfileImageResponse).
SESSION_USER_FIELDS = {"token", "token_type", "expires_at", "id", "email", "name", "role",
                       "profile_image_url", "permissions"}
ADMIN_CONFIG = "/api/v1/auths/admin/config"


# These tests watch the workspace founded, so it is the module's own (its admin is below).
server = own_workspace("signup")[0]


@pytest.fixture(scope="module")
def config_before_anyone(server: InProcessServer) -> dict[str, Any]:
    return anonymous(server).get("/api/config").json()


@pytest.fixture(scope="module")
def founded(server: InProcessServer, config_before_anyone: dict[str, Any]) -> Person:
    """The first account, before anyone opened sign-up again."""
    return sign_up(server, "founder")


@pytest.fixture(scope="module")
def closed_behind_the_founder(server: InProcessServer, founded: Person) -> dict[str, Any]:
    """What a newcomer and the app are told right after the first account signed up."""
    return {"signup": _signup(server, unique_email("second")),
            "features": anonymous(server).get("/api/config").json()["features"],
            "admin config": founded.http.get(ADMIN_CONFIG).json()}


@pytest.fixture(scope="module")
def admin(founded: Person, closed_behind_the_founder: dict[str, Any]) -> Person:
    """Overrides the shared fixture so that the config is read before the first account exists,
    and what founding closed is seen before the admin opens sign-up again."""
    open_sign_up(founded)
    return founded


def _signup(server: InProcessServer, email: str) -> httpx.Response:
    return anonymous(server).post("/api/v1/auths/signup",
                                  json={"name": "Someone", "email": email, "password": PASSWORD})


def test_the_config_offers_onboarding_before_the_first_account(config_before_anyone: dict[str, Any]) -> None:
    assert config_before_anyone["onboarding"] is True


def test_the_config_stops_offering_onboarding_once_someone_signed_up(server: InProcessServer,
                                                                     admin: Person) -> None:
    assert "onboarding" not in anonymous(server).get("/api/config").json()


def test_a_signed_in_caller_is_never_offered_onboarding(admin: Person) -> None:
    assert "onboarding" not in admin.http.get("/api/config").json()


def test_the_first_account_is_an_admin(admin: Person) -> None:
    assert admin.account["role"] == "admin"


def test_the_first_account_closes_signup_behind_it(closed_behind_the_founder: dict[str, Any]) -> None:
    assert closed_behind_the_founder["signup"].status_code == 403
    assert closed_behind_the_founder["signup"].json()["detail"]


def test_the_app_and_the_admin_are_told_signup_closed_after_the_first_account(
        closed_behind_the_founder: dict[str, Any]) -> None:
    assert closed_behind_the_founder["features"]["enable_signup"] is False
    assert closed_behind_the_founder["admin config"]["ENABLE_SIGNUP"] is False


def test_later_accounts_are_pending_by_default(server: InProcessServer, admin: Person) -> None:
    assert sign_up(server, "later").account["role"] == "pending"


def test_the_signup_answer_carries_open_webuis_session_fields(admin: Person) -> None:
    assert SESSION_USER_FIELDS <= admin.account.keys()
    assert admin.account["token_type"] == "Bearer"


def test_the_signup_token_identifies_the_new_account(admin: Person) -> None:
    me = admin.http.get("/api/v1/auths/").json()
    assert (me["id"], me["email"]) == (admin.id, admin.email)


def test_an_already_registered_email_is_refused(server: InProcessServer, admin: Person) -> None:
    response = _signup(server, admin.email)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_an_email_differing_only_in_case_is_already_registered(server: InProcessServer, admin: Person) -> None:
    assert _signup(server, admin.email.upper()).status_code == 400


def test_an_admin_can_disable_signup(server: InProcessServer, admin: Person) -> None:
    with auth_config(admin, ENABLE_SIGNUP=False):
        response = _signup(server, unique_email("refused"))
    assert response.status_code == 403
    assert response.json()["detail"]


def test_the_public_config_says_when_signup_is_disabled(server: InProcessServer, admin: Person) -> None:
    with auth_config(admin, ENABLE_SIGNUP=False):
        features = anonymous(server).get("/api/config").json()["features"]
    assert features["enable_signup"] is False


def test_the_admin_config_reads_back_what_was_saved(admin: Person) -> None:
    with auth_config(admin, ENABLE_SIGNUP=False):
        saved = admin.http.get(ADMIN_CONFIG).json()
    assert saved["ENABLE_SIGNUP"] is False


def test_signup_works_again_once_re_enabled(server: InProcessServer, admin: Person) -> None:
    with auth_config(admin, ENABLE_SIGNUP=False):
        pass
    assert _signup(server, unique_email("welcome-back")).status_code == 200


def test_the_default_role_of_new_accounts_is_the_admins_choice(server: InProcessServer, admin: Person) -> None:
    with auth_config(admin, DEFAULT_USER_ROLE="user"):
        account = _signup(server, unique_email("trusted")).json()
    assert account["role"] == "user"


def test_an_unknown_default_role_is_refused(admin: Person) -> None:
    before = admin.http.get(ADMIN_CONFIG).json()
    response = admin.http.post(ADMIN_CONFIG, json={**before, "DEFAULT_USER_ROLE": "owner"})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_only_an_admin_may_read_the_auth_config(server: InProcessServer, admin: Person) -> None:
    pending = sign_up(server, "curious")
    assert pending.http.get(ADMIN_CONFIG).status_code == 401


def test_only_an_admin_may_change_the_auth_config(server: InProcessServer, admin: Person) -> None:
    pending = sign_up(server, "meddler")
    response = pending.http.post(ADMIN_CONFIG, json={"ENABLE_SIGNUP": False})
    assert response.status_code == 401
    assert admin.http.get(ADMIN_CONFIG).json()["ENABLE_SIGNUP"] is True
