"""A provider that cannot be asked when someone presses its button: the browser goes back to the app's
``/auth`` page with the reason to show, rather than to a page of JSON."""

from __future__ import annotations

from pathlib import Path

from tests.http.app import in_process
from tests.http.single_sign_on import browser, refusal_of

UNREACHABLE = {"OAUTH_CLIENT_ID": "annals", "OAUTH_CLIENT_SECRET": "annals-secret",
               "OPENID_PROVIDER_URL": "http://127.0.0.1:9/.well-known/openid-configuration"}


def test_a_provider_that_cannot_be_asked_sends_the_browser_back_with_the_reason(tmp_path: Path):
    with in_process("embedded", tmp_path, env=UNREACHABLE) as server, browser(server) as client:
        refused = client.get("/oauth/oidc/login")
    assert "could not be asked" in refusal_of(refused)
