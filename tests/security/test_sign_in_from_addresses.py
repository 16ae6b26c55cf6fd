"""Sign-in throttling by address, behind a trusted proxy (``ANNALS_TRUSTED_PROXIES``), on both
stores: concurrent guesses get five tries, and someone guessing at an account from one address
does not lock its owner out from theirs."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.e2e.people import PASSWORD, Person, founder, sign_up
from tests.e2e.server import AnnalsProcess, postgres_deployment
from tests.stores import STORES

PROXIED = {"ANNALS_TRUSTED_PROXIES": "127.0.0.1"}
GUESSES = 12


@pytest.fixture(scope="module", params=STORES)
def proxied(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    data_dir = tmp_path_factory.mktemp("proxied")
    if request.param == "embedded":
        process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), **PROXIED}, data_dir).start()
        yield process
        process.stop()
        return
    with postgres_deployment(data_dir, **PROXIED) as process:
        yield process


@pytest.fixture(scope="module", autouse=True)
def open_sign_up(proxied: AnnalsProcess) -> None:
    """The first account founds the workspace and opens sign-up for the people below."""
    founder(proxied)


def _sign_in(server: AnnalsProcess, person: Person, password: str, address: str) -> httpx.Response:
    return httpx.post(f"{server.base_url}/api/v1/auths/signin", headers={"X-Forwarded-For": address},
                      json={"email": person.email, "password": password}, timeout=60)


def test_concurrent_wrong_guesses_are_tried_five_times(proxied: AnnalsProcess) -> None:
    victim = sign_up(proxied, "rushed")
    with ThreadPoolExecutor(GUESSES) as pool:
        answers = list(pool.map(lambda n: _sign_in(proxied, victim, f"guess {n}", "203.0.113.10"), range(GUESSES)))
    assert sorted(a.status_code for a in answers) == [400] * 5 + [429] * (GUESSES - 5)


def test_the_owner_signs_in_from_their_address_while_another_is_locked_out(proxied: AnnalsProcess) -> None:
    owner = sign_up(proxied, "owner")
    for n in range(6):
        _sign_in(proxied, owner, f"guess {n}", "203.0.113.20")
    assert _sign_in(proxied, owner, PASSWORD, "203.0.113.20").status_code == 429
    assert _sign_in(proxied, owner, PASSWORD, "198.51.100.20").status_code == 200


def test_an_account_guessed_at_from_many_addresses_still_opens_to_its_owner(proxied: AnnalsProcess) -> None:
    owner = sign_up(proxied, "besieged")
    for n in range(15):
        _sign_in(proxied, owner, f"guess {n}", f"203.0.113.{100 + n}")
    assert _sign_in(proxied, owner, PASSWORD, "127.0.0.1").status_code == 200
