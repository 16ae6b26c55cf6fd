"""A provider whose ID tokens are already expired when they reach us: the return is refused with
the reason, and nobody is signed in (tests/security/test_openid_tokens.py: every other check)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.http.app import InProcessServer
from tests.http.single_sign_on import app_signing_in_through, browser, new_subject, refusal_of
from tests.oidc_provider import OpenIdProviderProcess, openid_provider, signed_in_through
from tests.stores import STORES


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIdProviderProcess]:
    with openid_provider(tmp_path_factory.mktemp("oidc-expired"), "--token-max-age=-600") as running:
        yield running


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, provider: OpenIdProviderProcess,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    with app_signing_in_through(provider, request.param, tmp_path_factory.mktemp(f"sso-expired-{request.param}"),
                                ENABLE_OAUTH_SIGNUP="true") as (app, _):
        yield app


def test_an_expired_id_token_signs_nobody_in(server: InProcessServer, provider: OpenIdProviderProcess):
    subject = new_subject(provider)
    with browser(server) as client:
        refused = signed_in_through(provider, client, subject)
    assert "exp" in refusal_of(refused)
    assert server.container.identity.user_by_email(f"{subject}@example.com") is None
