"""Guessing passwords in parallel gets no more tries than guessing one after another."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.e2e.people import Person, anonymous, sign_up
from tests.http.app import InProcessServer

GUESSES = 20


def _guess(server: InProcessServer, email: str, n: int) -> httpx.Response:
    with anonymous(server) as client:
        return client.post("/api/v1/auths/signin", json={"email": email, "password": f"guess number {n}"})


def test_concurrent_wrong_guesses_are_tried_no_more_than_five_times(server: InProcessServer, admin: Person) -> None:
    """The session's admin is made first: the victim must not found the session's workspace."""
    victim = sign_up(server, "parallel-victim")
    with ThreadPoolExecutor(GUESSES) as pool:
        answers = list(pool.map(lambda n: _guess(server, victim.email, n), range(GUESSES)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [400] * 5 + [429] * (GUESSES - 5)
    assert all(int(a.headers["retry-after"]) > 0 for a in answers if a.status_code == 429)
