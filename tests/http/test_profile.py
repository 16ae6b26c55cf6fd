"""A person's own account: profile, timezone, password and UI settings."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.people import Person, anonymous
from tests.http.app import InProcessServer

# Open WebUI 0.12.4, models/users.py: UserProfileImageResponse.
PROFILE_FIELDS = {"id", "name", "role", "email", "profile_image_url"}
SETTINGS = {"ui": {"theme": "dark", "models": ["llama3"], "notifications": {"webhook_url": None}}}


@pytest.fixture
def person(server: InProcessServer, admin: Person) -> Person:
    """A fresh verified account, for tests that change its password or need it untouched."""
    return people.member(server, admin, "self")


def _sign_in(server: InProcessServer, email: str, password: str) -> int:
    return anonymous(server).post("/api/v1/auths/signin",
                                  json={"email": email, "password": password}).status_code


def test_a_profile_update_answers_with_the_new_profile(member: Person) -> None:
    body = member.http.post("/api/v1/auths/update/profile",
                            json={"name": "Renamed", "profile_image_url": "/avatar.png"}).json()
    assert PROFILE_FIELDS <= body.keys()
    assert (body["name"], body["profile_image_url"]) == ("Renamed", "/avatar.png")


def test_a_profile_update_shows_in_the_session_user(member: Person) -> None:
    member.http.post("/api/v1/auths/update/profile",
                     json={"name": "Ada", "bio": "writes programs", "gender": "female"}).raise_for_status()
    me = member.http.get("/api/v1/auths/").json()
    assert (me["name"], me["bio"], me["gender"]) == ("Ada", "writes programs", "female")


def test_a_profile_update_needs_a_name(member: Person) -> None:
    response = member.http.post("/api/v1/auths/update/profile", json={"bio": "no name"})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_timezone_update_is_acknowledged(member: Person) -> None:
    response = member.http.post("/api/v1/auths/update/timezone", json={"timezone": "Europe/Paris"})
    assert response.json() == {"status": True}


def test_a_timezone_update_shows_in_the_admins_directory(member: Person, admin: Person) -> None:
    member.http.post("/api/v1/auths/update/timezone", json={"timezone": "Asia/Tokyo"}).raise_for_status()
    assert admin.http.get(f"/api/v1/users/{member.id}").json()["timezone"] == "Asia/Tokyo"


def test_a_password_change_answers_true(person: Person) -> None:
    response = person.http.post("/api/v1/auths/update/password",
                                json={"password": person.password, "new_password": "a brand new secret"})
    assert response.json() is True


def test_after_a_password_change_the_new_password_signs_in(server: InProcessServer, person: Person) -> None:
    person.http.post("/api/v1/auths/update/password",
                     json={"password": person.password, "new_password": "a brand new secret"}).raise_for_status()
    assert _sign_in(server, person.email, "a brand new secret") == 200


def test_after_a_password_change_the_old_password_is_refused(server: InProcessServer, person: Person) -> None:
    person.http.post("/api/v1/auths/update/password",
                     json={"password": person.password, "new_password": "a brand new secret"}).raise_for_status()
    assert _sign_in(server, person.email, person.password) == 400


def test_a_password_change_needs_the_current_password(server: InProcessServer, person: Person) -> None:
    response = person.http.post("/api/v1/auths/update/password",
                                json={"password": "a guess", "new_password": "a brand new secret"})
    assert response.status_code == 400
    assert response.json()["detail"]
    assert _sign_in(server, person.email, person.password) == 200


def test_a_new_account_has_no_settings(person: Person) -> None:
    response = person.http.get("/api/v1/users/user/settings")
    assert (response.status_code, response.text) == (200, "null")


def test_saving_settings_answers_with_them(member: Person) -> None:
    assert member.http.post("/api/v1/users/user/settings/update", json=SETTINGS).json() == SETTINGS


def test_saved_settings_are_read_back(member: Person) -> None:
    member.http.post("/api/v1/users/user/settings/update", json=SETTINGS).raise_for_status()
    assert member.http.get("/api/v1/users/user/settings").json() == SETTINGS


def test_settings_are_replaced_by_the_latest_save(member: Person) -> None:
    member.http.post("/api/v1/users/user/settings/update", json=SETTINGS).raise_for_status()
    member.http.post("/api/v1/users/user/settings/update", json={"ui": {"theme": "light"}}).raise_for_status()
    assert member.http.get("/api/v1/users/user/settings").json() == {"ui": {"theme": "light"}}


def test_settings_belong_to_one_person(member: Person, admin: Person) -> None:
    member.http.post("/api/v1/users/user/settings/update", json=SETTINGS).raise_for_status()
    assert admin.http.get("/api/v1/users/user/settings").json() != SETTINGS
