"""The time a failed sign-in takes does not tell whether the e-mail has an account: an unknown
one is checked against a password hash as a known one is (argon2 at its real cost here)."""

from __future__ import annotations

import statistics
import time

import httpx
import pytest

from tests.e2e.people import sign_up, unique_email
from tests.e2e.server import AnnalsProcess

TRIES = 4


def _failing_sign_in_seconds(server: AnnalsProcess, email: str) -> float:
    started = time.monotonic()
    response = httpx.post(f"{server.base_url}/api/v1/auths/signin", timeout=60,
                          json={"email": email, "password": "not the password"})
    assert response.status_code == 400
    return time.monotonic() - started


@pytest.mark.usefixtures("admin")  # the founder, who opens sign-up
def test_an_unknown_email_fails_as_slowly_as_a_known_one(server: AnnalsProcess) -> None:
    known = [sign_up(server, f"timed{n}").email for n in range(TRIES)]
    unknown = [unique_email("nobody") for _ in range(TRIES)]
    known_times, unknown_times = [], []
    for mine, nobodys in zip(known, unknown, strict=True):  # interleaved: the machine's load falls on both
        known_times.append(_failing_sign_in_seconds(server, mine))
        unknown_times.append(_failing_sign_in_seconds(server, nobodys))
    ratio = statistics.median(unknown_times) / statistics.median(known_times)
    assert 0.5 < ratio < 2, (known_times, unknown_times)
