"""Which addresses an upstream may have."""

from __future__ import annotations

from ipaddress import ip_address

import pytest

from infrastructure.environment import SettingsError
from infrastructure.outbound import UpstreamAddressPolicy
from infrastructure.settings import Settings

LOOPBACK = ("127.0.0.0/8", "::1/128")


def allows(policy: UpstreamAddressPolicy, address: str, host: str = "models.example") -> bool:
    return policy.allows(host, ip_address(address), 443)


def test_public_addresses_are_allowed() -> None:
    assert allows(UpstreamAddressPolicy((), ()), "93.184.216.34")


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.5", "192.168.1.1", "172.16.0.1", "169.254.169.254",
                                     "::1", "fd00::1", "fe80::1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
                                     "100.64.0.1", "0.0.0.0"])
def test_addresses_off_the_public_internet_are_refused(address: str) -> None:
    assert not allows(UpstreamAddressPolicy((), ()), address)


def test_a_listed_network_is_allowed_and_no_other() -> None:
    policy = UpstreamAddressPolicy(LOOPBACK, ())
    assert allows(policy, "127.0.0.1") and allows(policy, "::1") and allows(policy, "::ffff:127.0.0.1")
    assert not allows(policy, "169.254.169.254") and not allows(policy, "10.0.0.5")


def test_a_host_named_in_the_environment_is_allowed_wherever_it_is() -> None:
    policy = UpstreamAddressPolicy((), ("http://ollama.internal:11434", "http://10.0.0.7/v1"))
    assert allows(policy, "10.0.0.9", host="ollama.internal")
    assert allows(policy, "10.0.0.7", host="10.0.0.7")
    assert not allows(policy, "10.0.0.9", host="other.internal")


def test_embedded_installations_allow_loopback_upstreams_by_default() -> None:
    assert Settings.from_environ({}).upstream_private_networks == LOOPBACK


def test_production_allows_no_private_upstream_network_unless_told() -> None:
    production = {"ANNALS_ENV": "production", "WEBUI_SECRET_KEY": "kq3R-Vx8pZt1LmN0wYc7bHd5sFj2uGe9aA4",
                  "ANNALS_AUDIT_KEY_FILE": "/run/keys/audit.key", "ANNALS_KEY_FILE": "/run/keys/data-keys.kek"}
    assert Settings.from_environ(production).upstream_private_networks == ()
    told = Settings.from_environ({**production,
                                  "ANNALS_UPSTREAM_PRIVATE_NETWORKS": "10.0.0.0/8, fd00::/8"})
    assert told.upstream_private_networks == ("10.0.0.0/8", "fd00::/8")


def test_a_network_that_is_not_one_stops_the_start() -> None:
    with pytest.raises(SettingsError, match="ANNALS_UPSTREAM_PRIVATE_NETWORKS"):
        Settings.from_environ({"ANNALS_UPSTREAM_PRIVATE_NETWORKS": "ten-dot-something"})
