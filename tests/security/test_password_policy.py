"""New passwords follow the policy at every door: sign-up, admin-added accounts, changes, resets."""

from __future__ import annotations

import httpx

from tests.e2e.people import Person, unique_email
from tests.e2e.server import AnnalsProcess


def test_signing_up_with_a_common_password_is_a_400_with_a_reason(server: AnnalsProcess) -> None:
    response = httpx.post(f"{server.base_url}/api/v1/auths/signup",
                          json={"name": "Weak", "email": unique_email("weak"), "password": "password1"})
    assert response.status_code == 400
    assert "common" in response.json()["detail"]


def test_changing_to_a_short_password_is_refused_and_the_old_one_still_works(server: AnnalsProcess,
                                                                            member: Person) -> None:
    response = member.http.post("/api/v1/auths/update/password",
                                json={"password": member.password, "new_password": "short"})
    assert response.status_code == 400
    signin = httpx.post(f"{server.base_url}/api/v1/auths/signin",
                        json={"email": member.email, "password": member.password})
    assert signin.status_code == 200


def test_an_admin_cannot_add_an_account_with_a_weak_password(admin: Person) -> None:
    response = admin.http.post("/api/v1/auths/add", json={"name": "New", "email": unique_email("new"),
                                                         "password": "12345678", "role": "user"})
    assert response.status_code == 400
