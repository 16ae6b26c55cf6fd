"""Guessing passwords: after five failures an account answers 429 with Retry-After, even to the
right password and whatever X-Forwarded-For claims; other accounts are unaffected."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.people import PASSWORD, sign_up
from tests.e2e.server import AnnalsProcess

GUESSES = 5
pytestmark = pytest.mark.usefixtures("admin")  # founds the server and opens sign-up for the others


def _sign_in(server: AnnalsProcess, email: str, password: str, forwarded_for: str = "") -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return httpx.post(f"{server.base_url}/api/v1/auths/signin", headers=headers,
                      json={"email": email, "password": password})


def test_five_wrong_passwords_lock_the_account_for_a_while(server: AnnalsProcess) -> None:
    victim = sign_up(server, "victim")
    for n in range(GUESSES):
        assert _sign_in(server, victim.email, f"guess number {n}").status_code == 400
    locked = _sign_in(server, victim.email, PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0 and locked.json()["detail"]


def test_a_forged_forwarded_for_does_not_reset_the_count(server: AnnalsProcess) -> None:
    victim = sign_up(server, "spoofed")
    for n in range(GUESSES):
        _sign_in(server, victim.email, f"guess number {n}", forwarded_for=f"203.0.113.{n}")
    assert _sign_in(server, victim.email, PASSWORD, forwarded_for="198.51.100.7").status_code == 429


def test_a_right_password_clears_earlier_failures(server: AnnalsProcess) -> None:
    person = sign_up(server, "forgetful")
    for _ in range(2):
        for n in range(GUESSES - 1):
            _sign_in(server, person.email, f"guess number {n}")
        assert _sign_in(server, person.email, PASSWORD).status_code == 200


def test_another_account_still_signs_in(server: AnnalsProcess) -> None:
    victim, bystander = sign_up(server, "locked"), sign_up(server, "bystander")
    for n in range(GUESSES):
        _sign_in(server, victim.email, f"guess number {n}")
    assert _sign_in(server, bystander.email, PASSWORD).status_code == 200
