"""Sign-in through an LDAP directory (Debian's slapd, started by the tests) at Open WebUI's
``/api/v1/auths/ldap``: accounts made on first sign-in and known by their entry, an empty password
never taken for an anonymous bind, what is typed never read as a filter, refusals recorded and
throttled, and the directory's absence a 503."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.audit import recorded
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.ldap import SWITCH, ldap_sign_in, server_saved, signed_in
from tests.ldap_directory import PASSWORDS, Directory, person
from tests.services import free_port

WRONG = "The username or password is incorrect."


def test_a_person_of_the_directory_signs_in_with_an_account_made_from_their_entry(
        ldap_server: InProcessServer, ldap_admin: Person) -> None:
    grace = signed_in(ldap_server, "grace")
    assert (grace.account["email"], grace.account["name"], grace.account["role"]) == (
        "grace@annals.test", "Grace Hopper", "pending")
    assert grace.http.get("/api/v1/auths/").json()["id"] == grace.id


def test_signing_in_again_is_the_same_account(ldap_server: InProcessServer, ldap_admin: Person) -> None:
    assert signed_in(ldap_server, "grace").id == signed_in(ldap_server, "grace").id


def test_the_app_is_told_ldap_is_on(ldap_server: InProcessServer) -> None:
    assert people.anonymous(ldap_server).get("/api/config").json()["features"]["enable_ldap"] is True


def test_an_empty_password_is_refused_and_recorded(ldap_server: InProcessServer, ldap_admin: Person) -> None:
    response = ldap_sign_in(ldap_server, "alan", "")
    assert response.status_code == 400 and "needs a password" in response.json()["detail"]
    assert recorded(ldap_admin, kind="sign_in", email="alan", path="/api/v1/auths/ldap")["status"] == 400


def test_a_wrong_password_is_refused_and_recorded(ldap_server: InProcessServer, ldap_admin: Person) -> None:
    response = ldap_sign_in(ldap_server, "ada", "not ada's password")
    assert (response.status_code, response.json()["detail"]) == (400, WRONG)
    assert recorded(ldap_admin, kind="sign_in", email="ada", reason="LDAP: no such person, or the wrong password")


@pytest.mark.parametrize("user", ["*", "ada)(uid=*", "*)(|(uid=*", "ad*", "(uid=ada)"])
def test_a_filter_in_the_username_finds_nobody(ldap_server: InProcessServer, ldap_admin: Person, user: str) -> None:
    response = ldap_sign_in(ldap_server, user, PASSWORDS["ada"])
    assert (response.status_code, response.json()["detail"]) == (400, WRONG)


def test_an_unknown_person_is_answered_as_a_wrong_password(ldap_server: InProcessServer) -> None:
    response = ldap_sign_in(ldap_server, "nobody", "any password")
    assert (response.status_code, response.json()["detail"]) == (400, WRONG)


def test_guesses_are_throttled_as_password_sign_ins_are(ldap_server: InProcessServer) -> None:
    answers = [ldap_sign_in(ldap_server, "guessed-at", f"guess {n}").status_code for n in range(6)]
    assert answers == [400] * 5 + [429]


def test_the_directory_away_is_a_503_with_retry_after(ldap_server: InProcessServer, ldap_admin: Person) -> None:
    with server_saved(ldap_admin, port=free_port()):
        response = ldap_sign_in(ldap_server, "ada", PASSWORDS["ada"])
    assert response.status_code == 503 and response.headers["retry-after"]
    assert "could not be reached" in response.json()["detail"]


def test_ldap_turned_off_refuses_sign_in(ldap_server: InProcessServer, ldap_admin: Person) -> None:
    ldap_admin.http.post(SWITCH, json={"enable_ldap": False}).raise_for_status()
    try:
        assert ldap_admin.http.get(SWITCH).json() == {"ENABLE_LDAP": False}
        response = ldap_sign_in(ldap_server, "ada", PASSWORDS["ada"])
    finally:
        ldap_admin.http.post(SWITCH, json={"enable_ldap": True}).raise_for_status()
    assert response.status_code == 400 and "not enabled" in response.json()["detail"]


def test_an_entry_with_the_address_of_an_unlinked_account_is_refused(
        ldap_server: InProcessServer, ldap_admin: Person, ldap_directory: Directory) -> None:
    local = people.sign_up(ldap_server, "twin")
    uid = local.email.split("@")[0]
    ldap_directory.ldap("ldapadd", person(uid, "Twin", mail=local.email))
    response = ldap_sign_in(ldap_server, uid, uid)
    assert response.status_code == 409 and "not linked to the directory" in response.json()["detail"]
