"""A real OpenID provider for the single sign-on tests: oidc-provider-mock (Authlib on Flask) run as
a process of its own, and the steps a browser takes through it (the provider's consent form is a
form post naming the subject to sign in as)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.services import free_port
from tests.waiting import wait_for

TIMEOUT = 30.0


class OpenIdProviderProcess:
    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.port = port
        self.url = f"http://{host}:{port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def at(self, host: str) -> OpenIdProviderProcess:
        """The same provider reached by another name (its issuer is the name it is reached by)."""
        return OpenIdProviderProcess(self.port, host)

    def person(self, subject: str, **claims: Any) -> None:
        """What the provider says of ``subject`` from now on."""
        httpx.put(f"{self.url}/users/{subject}", json=claims, timeout=TIMEOUT).raise_for_status()

    def consent(self, authorize_url: str, subject: str) -> str:
        """The browser at the provider's authorization page signs in as ``subject``: where it is sent back."""
        answer = httpx.post(authorize_url, data={"sub": subject}, timeout=TIMEOUT)
        assert answer.status_code == 302, answer.text
        return answer.headers["location"]

    def id_token_for(self, client_id: str, nonce: str, subject: str) -> str:
        """An ID token the provider issues to ``client_id`` (another application, say) for ``subject``."""
        redirect_uri = "http://127.0.0.1:9/callback"
        query = {"client_id": client_id, "response_type": "code", "scope": "openid email profile",
                 "redirect_uri": redirect_uri, "nonce": nonce, "state": "s"}
        back = self.consent(str(httpx.URL(f"{self.url}/oauth2/authorize", params=query)), subject)
        code = parse_qs(urlsplit(back).query)["code"][0]
        token = httpx.post(f"{self.url}/oauth2/token", auth=(client_id, "secret"), timeout=TIMEOUT, data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri})
        token.raise_for_status()
        return str(token.json()["id_token"])


@contextmanager
def openid_provider(log_dir: Path, *options: str, port: int | None = None) -> Iterator[OpenIdProviderProcess]:
    """``options``: the provider's own (``--token-max-age=-600`` issues tokens already expired). Each
    process signs with a key of its own: one started again on the same ``port`` has rotated its key."""
    port = port or free_port()
    with open(log_dir / f"oidc-provider-{port}.log", "ab") as log:
        process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
                                    "--port", str(port), *options], stdout=log, stderr=log)
    provider = OpenIdProviderProcess(port)
    try:
        wait_for(lambda: _answers(provider, process), timeout=30, what=f"the OpenID provider on port {port}")
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=15)


def _answers(provider: OpenIdProviderProcess, process: subprocess.Popen[bytes]) -> bool:
    if process.poll() is not None:
        raise RuntimeError(f"the OpenID provider exited with {process.returncode}")
    try:
        return httpx.get(provider.discovery_url, timeout=2).is_success
    except httpx.HTTPError:
        return False


def oauth_env(provider: OpenIdProviderProcess, **variables: str) -> dict[str, str]:
    """Open WebUI's variables for single sign-on through ``provider``, and ``variables`` beside them."""
    return {"OAUTH_CLIENT_ID": "annals", "OAUTH_CLIENT_SECRET": "annals-secret",
            "OPENID_PROVIDER_URL": provider.discovery_url, "OAUTH_PROVIDER_NAME": "Test IdP", **variables}


def signed_in_through(provider: OpenIdProviderProcess, browser: httpx.Client, subject: str) -> httpx.Response:
    """The whole round: the app's provider button, the provider's consent, the return to us."""
    return browser.get(return_from(provider, browser, subject))


def return_from(provider: OpenIdProviderProcess, browser: httpx.Client, subject: str) -> str:
    """Where the provider sends the browser back to, once ``subject`` signed in there."""
    started = browser.get("/oauth/oidc/login")
    assert started.status_code == 302, started.text
    return provider.consent(started.headers["location"], subject)
