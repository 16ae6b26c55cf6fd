"""Exactly one admin however many people sign up at once on a fresh server (CVE-2026-45675)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.e2e.people import PASSWORD, unique_email
from tests.e2e.server import AnnalsProcess

RACERS = 8


def _sign_up(server: AnnalsProcess, n: int) -> httpx.Response:
    return httpx.post(f"{server.base_url}/api/v1/auths/signup", timeout=60,
                      json={"name": f"racer {n}", "email": unique_email(f"racer{n}"), "password": PASSWORD})


def test_concurrent_first_signups_make_exactly_one_admin(server: AnnalsProcess) -> None:
    """The first account closes sign-up behind it, so the others are refused, none made admin."""
    with ThreadPoolExecutor(RACERS) as pool:
        responses = list(pool.map(lambda n: _sign_up(server, n), range(RACERS)))
    assert sorted(r.status_code for r in responses) == [200] + [403] * (RACERS - 1)
    assert [r.json()["role"] for r in responses if r.status_code == 200] == ["admin"]
