"""An admin signs a person out everywhere (``POST /api/v1/users/{id}/sessions/revoke``, the user
editor's button in Open WebUI 0.12.4): every token before stops working at once."""

from __future__ import annotations

import uuid

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer


def _revoke(admin: Person, person_id: str) -> int:
    return admin.http.post(f"/api/v1/users/{person_id}/sessions/revoke").status_code


def test_a_revoked_persons_tokens_stop_working_and_they_sign_in_again(server: InProcessServer, admin: Person,
                                                                       member: Person) -> None:
    response = admin.http.post(f"/api/v1/users/{member.id}/sessions/revoke")
    assert (response.status_code, response.json()) == (200, True)
    assert member.http.get("/api/v1/auths/").status_code == 401
    again = people.sign_in(server, member.email, password=member.password)
    assert again.http.get("/api/v1/auths/").status_code == 200


def test_only_admins_revoke_sessions(member: Person, admin: Person) -> None:
    assert _revoke(member, admin.id) in (401, 403)
    assert admin.http.get("/api/v1/auths/").status_code == 200


def test_another_admin_cannot_sign_the_primary_admin_out(server: InProcessServer, admin: Person) -> None:
    other = people.member(server, admin, "second-admin")
    admin.http.post(f"/api/v1/users/{other.id}/update", json={"role": "admin"}).raise_for_status()
    other = people.sign_in(server, other.email, password=other.password)
    assert _revoke(other, admin.id) == 403
    assert admin.http.get("/api/v1/auths/").status_code == 200


def test_revoking_an_unknown_persons_sessions_is_not_found(admin: Person) -> None:
    assert _revoke(admin, str(uuid.uuid4())) == 404
