"""SSRF through model connections (SECURITY.md, "Outbound fetches"): an upstream's address is checked
when Annals connects, and only public addresses pass, unless the operator allowed the network or
named the host in the environment. Here the operator allowed no private network at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.people import Person, founder
from tests.e2e.server import AnnalsProcess
from tests.e2e.upstreams import QUICK, annals
from tests.upstream.process import UpstreamProcess

METADATA_SERVICE = "http://169.254.169.254/latest/v1"


@pytest.fixture(scope="module")
def server(fake_upstream: UpstreamProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    env = {**QUICK, "MODELS_CACHE_TTL": "0", "OPENAI_API_BASE_URLS": fake_upstream.openai_url,
           "ANNALS_UPSTREAM_PRIVATE_NETWORKS": "none"}
    with annals("embedded", tmp_path_factory.mktemp("annals"), env) as process:
        yield process


@pytest.fixture(scope="module")
def admin(server: AnnalsProcess) -> Person:
    return founder(server)


def _connect_to(admin: Person, url: str) -> None:
    config = admin.http.get("/openai/config").json()
    admin.http.post("/openai/config/update", json={**config, "OPENAI_API_BASE_URLS": [url],
                                                    "OPENAI_API_KEYS": [""]}).raise_for_status()


def _models(admin: Person) -> set[str]:
    return {m["id"] for m in admin.http.get("/api/models").json()["data"]}


def test_the_environments_own_upstream_is_trusted_on_a_private_address(admin: Person,
                                                                        fake_upstream: UpstreamProcess):
    _connect_to(admin, fake_upstream.openai_url)
    assert "echo" in _models(admin)


def test_the_same_server_under_a_name_nobody_allowed_is_refused(admin: Person, fake_upstream: UpstreamProcess):
    _connect_to(admin, fake_upstream.openai_url.replace("127.0.0.1", "localhost"))
    assert "echo" not in _models(admin)
    refused = admin.http.get("/openai/models/0")
    assert refused.status_code == 502 and "not on the public internet" in refused.json()["detail"]


@pytest.mark.parametrize("url", [METADATA_SERVICE, "http://[::ffff:169.254.169.254]/v1", "http://10.1.2.3/v1",
                                 "http://[64:ff9b::a9fe:a9fe]/v1"])
def test_private_and_link_local_addresses_are_refused_before_any_request(admin: Person, url: str):
    _connect_to(admin, url)
    refused = admin.http.get("/openai/models/0")
    assert refused.status_code == 502 and "not on the public internet" in refused.json()["detail"]


def _verify(admin: Person, kind: str, url: str):
    return admin.http.post(f"/{kind}/verify", json={"url": url, "key": "", "config": {}})


@pytest.mark.parametrize("kind", ["openai", "ollama"])
@pytest.mark.parametrize("url", [METADATA_SERVICE, "http://10.1.2.3:11434", "http://[::ffff:127.0.0.1]:6379",
                                 "http://localhost:5432"])
def test_checking_a_connection_cannot_probe_an_address_nobody_allowed(admin: Person, kind: str, url: str):
    refused = _verify(admin, kind, url)
    assert refused.status_code == 400 and "not on the public internet" in refused.json()["error"]["message"]


def test_checking_the_environments_own_upstream_reaches_it(admin: Person, fake_upstream: UpstreamProcess):
    assert _verify(admin, "ollama", fake_upstream.base_url).json() == {"version": "0.9.0"}
