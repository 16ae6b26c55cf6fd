"""The admin's LDAP pages (``/api/v1/auths/admin/config/ldap`` and ``.../ldap/server``), kept as events
of the identity log over the environment's ``LDAP_*``: admins only, a server without what it needs
refused, the application account's password never in the log in clear."""

from __future__ import annotations

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.ldap import SERVER, SWITCH, server_saved
from tests.ldap_directory import READER_PASSWORD


def test_the_server_in_force_is_the_environments_until_saved(ldap_admin: Person) -> None:
    server = ldap_admin.http.get(SERVER).json()
    assert (server["label"], server["host"], server["use_tls"], server["enable_group_management"]) == (
        "Test directory", "127.0.0.1", False, True)


def test_members_may_not_read_the_ldap_settings(ldap_server: InProcessServer, ldap_admin: Person) -> None:
    member = people.member(ldap_server, ldap_admin, "curious")
    assert member.http.get(SERVER).status_code == 401
    assert member.http.post(SWITCH, json={"enable_ldap": False}).status_code == 401


def test_a_server_without_a_host_is_refused_and_nothing_changes(ldap_admin: Person) -> None:
    before = ldap_admin.http.get(SERVER).json()
    response = ldap_admin.http.post(SERVER, json={**before, "host": ""})
    assert response.status_code == 400 and response.json()["detail"] == "Required field host is empty"
    assert ldap_admin.http.get(SERVER).json() == before


def test_a_saved_server_is_in_force_and_its_password_is_sealed_in_the_log(ldap_admin: Person) -> None:
    with server_saved(ldap_admin, label="Renamed directory"):
        assert ldap_admin.http.get(SERVER).json()["label"] == "Renamed directory"
        events = ldap_admin.http.get("/api/v1/events", params={"context": "identity", "limit": 1000}).json()
    saved = [e for e in events["events"] if e["type"].startswith("LdapSettings.")]
    assert saved and READER_PASSWORD not in str(saved)


def test_turning_ldap_off_is_kept_and_told_to_the_app(ldap_server: InProcessServer, ldap_admin: Person) -> None:
    ldap_admin.http.post(SWITCH, json={"enable_ldap": False}).raise_for_status()
    try:
        assert people.anonymous(ldap_server).get("/api/config").json()["features"]["enable_ldap"] is False
    finally:
        ldap_admin.http.post(SWITCH, json={"enable_ldap": True}).raise_for_status()
    assert ldap_admin.http.get(SWITCH).json() == {"ENABLE_LDAP": True}


def test_a_port_out_of_range_is_refused(ldap_admin: Person) -> None:
    before = ldap_admin.http.get(SERVER).json()
    assert ldap_admin.http.post(SERVER, json={**before, "port": 70000}).status_code == 422  # as FastAPI answers
    assert ldap_admin.http.get(SERVER).json() == before
