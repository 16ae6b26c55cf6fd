"""The ID tokens single sign-on accepts: signed by the provider, issued by it as its discovery
document names it, for us (CVE-2026-70482: a peer took a token issued to another application), not
expired, and carrying the nonce of the sign-in it ends. Each token here is a real one, issued by a
real provider process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infrastructure.oauth_settings import OAuthSettings
from infrastructure.oidc import OidcError, OpenIdProvider
from tests.oidc_provider import OpenIdProviderProcess, openid_provider

CLIENT = "annals"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIdProviderProcess]:
    with openid_provider(tmp_path_factory.mktemp("oidc")) as running:
        yield running


@pytest.fixture(scope="module")
def expiring_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIdProviderProcess]:
    """One whose tokens are ten minutes past their expiry when issued (beyond any clock leeway)."""
    with openid_provider(tmp_path_factory.mktemp("oidc-expired"), "--token-max-age=-600") as running:
        yield running


def ours(provider: OpenIdProviderProcess) -> OpenIdProvider:
    return OpenIdProvider(OAuthSettings(client_id=CLIENT, client_secret="secret",
                                        provider_url=provider.discovery_url))


def refusal(provider: OpenIdProvider, id_token: str, nonce: str) -> str:
    with pytest.raises(OidcError) as refused:
        provider.checked_id_token(id_token, nonce)
    return refused.value.reason


def test_a_token_issued_to_us_with_our_nonce_is_accepted(provider: OpenIdProviderProcess):
    claims = ours(provider).checked_id_token(provider.id_token_for(CLIENT, "n-1", "ada"), "n-1")
    assert (claims["sub"], claims["iss"]) == ("ada", provider.url) and claims["aud"] in (CLIENT, [CLIENT])


def test_a_token_issued_to_another_application_is_refused(provider: OpenIdProviderProcess):
    assert "another application" in refusal(ours(provider), provider.id_token_for("another-app", "n-2", "ada"), "n-2")


def test_a_token_from_another_issuer_is_refused(provider: OpenIdProviderProcess):
    elsewhere = provider.at("localhost")  # the provider names itself after the host it is asked by
    assert "iss" in refusal(ours(provider), elsewhere.id_token_for(CLIENT, "n-3", "ada"), "n-3")


def test_a_token_with_another_sign_ins_nonce_is_refused(provider: OpenIdProviderProcess):
    assert "nonce" in refusal(ours(provider), provider.id_token_for(CLIENT, "theirs", "ada"), "ours")


def test_an_expired_token_is_refused(expiring_provider: OpenIdProviderProcess):
    token = expiring_provider.id_token_for(CLIENT, "n-4", "ada")
    assert "exp" in refusal(ours(expiring_provider), token, "n-4")


def test_a_token_whose_claims_were_changed_does_not_verify(provider: OpenIdProviderProcess):
    header, _, signature = provider.id_token_for(CLIENT, "n-5", "ada").split(".")
    forged = provider.id_token_for(CLIENT, "n-5", "mallory").split(".")[1]
    assert "signature" in refusal(ours(provider), f"{header}.{forged}.{signature}", "n-5")


def test_a_key_the_provider_rotated_in_is_fetched(tmp_path: Path):
    with openid_provider(tmp_path) as before:
        checking = ours(before)
        checking.checked_id_token(before.id_token_for(CLIENT, "n-6", "ada"), "n-6")
    with openid_provider(tmp_path, port=before.port) as after:
        assert checking.checked_id_token(after.id_token_for(CLIENT, "n-7", "ada"), "n-7")["sub"] == "ada"
