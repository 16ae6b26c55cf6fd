"""A provider whose ID tokens are already expired when they reach us: the return is refused with
the reason, and nobody is signed in (tests/security/test_openid_tokens.py: every other check)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.http.app import InProcessServer
from tests.http.single_sign_on import browser, new_subject, refusal_of, signing_in_workspace
from tests.oidc_provider import OpenIdProviderProcess, openid_provider, signed_in_through


@pytest.fixture(scope="module")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIdProviderProcess]:
    """The module's own: the session's issues tokens that are still valid."""
    with openid_provider(tmp_path_factory.mktemp("oidc-expired"), "--token-max-age=-600") as running:
        yield running


server = signing_in_workspace("sso-expired", ENABLE_OAUTH_SIGNUP="true")[0]


def test_an_expired_id_token_signs_nobody_in(server: InProcessServer, identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider)
    with browser(server) as client:
        refused = signed_in_through(identity_provider, client, subject)
    assert "exp" in refusal_of(refused)
    assert server.container.identity.user_by_email(f"{subject}@example.com") is None
