"""No request is answered with a server error: every operation of the OpenAPI document, fuzzed with
schemathesis (valid and invalid data, boundary values among them), as an admin and as a member.

Deterministic and bounded for CI: ``FUZZ_EXAMPLES`` examples per operation and phase, from a
fixed seed. ``ANNALS_FUZZ_EXAMPLES=500`` runs longer, ``ANNALS_FUZZ_SEED`` tries other data, and
``ANNALS_FUZZ_STORES=embedded,postgres`` fuzzes Postgres too."""

from __future__ import annotations

import os
from collections.abc import Iterator
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis

from infrastructure.outbound import UpstreamAddressPolicy
from tests.e2e import people
from tests.http.app import InProcessServer, in_process, openapi_document

FUZZ_EXAMPLES = int(os.environ.get("ANNALS_FUZZ_EXAMPLES", "10"))
FUZZ_SEED = int(os.environ.get("ANNALS_FUZZ_SEED", "20261205"))
STORES = os.environ.get("ANNALS_FUZZ_STORES", "embedded").split(",")

NOT_FUZZED = r"^/api/v1/auths/signout$"
"""Signing out revokes the token every later request of the run is sent with."""

schema = schemathesis.openapi.from_dict(openapi_document(), config=schemathesis.Config.from_dict({
    "seed": FUZZ_SEED,
    "suppress-health-check": ["all"],
    # NUL characters and lone surrogates (which UTF-8 cannot carry) in text belong to the boundary
    # check that refuses them (a request middleware, and a check in the event store's mapper),
    # tested with it: the data here has none.
    "generation": {"mode": "all", "max-examples": FUZZ_EXAMPLES, "deterministic": True, "allow-x00": False,
                   "codec": "utf-8"},
})).exclude(path_regex=NOT_FUZZED)


@pytest.fixture(scope="module", params=STORES)
def fuzzed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    """An application of its own: the fuzzer changes settings no other test should see."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(UpstreamAddressPolicy, "allows", _on_this_machine)
        with in_process(request.param, Path(tmp_path_factory.mktemp(f"fuzz-{request.param}"))) as app:
            yield app


def _on_this_machine(policy: UpstreamAddressPolicy, hostname: str, address: IPv4Address | IPv6Address,
                     port: int) -> bool:
    """The network, faked at its edge: the fuzzer invents connection URLs, some of which name public
    addresses (``http://3000000000`` is 178.208.94.0), and this machine may only talk to itself."""
    return address.is_loopback


@pytest.fixture(scope="module")
def callers(fuzzed: InProcessServer) -> dict[str, people.Person]:
    admin = people.founder(fuzzed)
    return {"admin": admin, "member": people.member(fuzzed, admin, "member")}


@pytest.fixture(params=["admin", "member"])
def caller(request: pytest.FixtureRequest, callers: dict[str, people.Person]) -> people.Person:
    return callers[request.param]


@schema.parametrize()
def test_no_request_is_answered_with_a_server_error(case: Any, fuzzed: InProcessServer,
                                                    caller: people.Person) -> None:
    response = _sent(caller.http, case, fuzzed.base_url)
    assert not _server_error(response), f"{response.status_code} {response.text[:500]}\n{case.as_curl_command()}"


def _server_error(response: httpx.Response) -> bool:
    """A 500, or any 5xx without a reason of ours. The 502, 503 and 504 that tell an upstream is
    failing, slow or switched off (a connection check of a server nobody answers at) are answers."""
    if response.status_code < 500:
        return False
    if response.status_code in (502, 503, 504):
        try:
            return not response.json().get("detail")
        except ValueError:
            return True
    return True


def _sent(client: httpx.Client, case: Any, base_url: str) -> httpx.Response:
    """The request as schemathesis serialises it (for ``requests``), sent byte for byte in-process."""
    kwargs = case.as_transport_kwargs(base_url=base_url)
    prepared = requests.Request(**{k: kwargs[k] for k in ("method", "url", "headers", "params", "cookies",
                                                          "json", "data", "files") if k in kwargs}).prepare()
    return client.request(prepared.method or "GET", prepared.url or "", headers=dict(prepared.headers),
                          content=prepared.body)
