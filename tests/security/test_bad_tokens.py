"""Tokens: only one we signed, with our algorithm and key, of the access type and carrying every
required claim, opens a session. Each forgery below is one a peer accepted at some point."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import jwt
import pytest

from tests.e2e.people import Person, sign_up
from tests.e2e.server import AnnalsProcess

KeyedServer = tuple[AnnalsProcess, str]

# Some forgeries use keys too short for their algorithm on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


def signing_key(secret: str) -> tuple[str, bytes]:
    """The kid and key infrastructure/tokens.py derives from a secret."""
    key = hmac.new(secret.encode(), b"annals access tokens", hashlib.sha256).digest()
    return hashlib.sha256(key).hexdigest()[:16], key


def forge(secret: str, person: Person | str, *, without: tuple[str, ...] = (), key: bytes | None = None,
          algorithm: str = "HS256", headers: dict[str, Any] | None = None, **claims: Any) -> str:
    """A token like ours, for the person's own session (or, given an id, for none)."""
    kid, right_key = signing_key(secret)
    now = int(time.time())
    user_id, session_id = (person, "a-forged-session") if isinstance(person, str) else (person.id, session_of(person))
    payload = {"sub": user_id, "sid": session_id, "gen": 0, "typ": "access", "iat": now, "exp": now + 600,
               **claims}
    for name in without:
        payload.pop(name)
    header = {"kid": kid, **(headers or {})}
    return jwt.encode(payload, key or right_key, algorithm=algorithm, headers=header)


def session_of(person: Person) -> str:
    return str(jwt.decode(person.token, options={"verify_signature": False})["sid"])


def unsigned(token: str, **header: Any) -> str:
    """The same claims under an ``alg: none`` header and no signature."""
    _, payload, _ = token.split(".")
    head = base64.urlsafe_b64encode(json.dumps({"typ": "JWT", **header}).encode()).rstrip(b"=").decode()
    return f"{head}.{payload}."


@pytest.fixture(scope="module")
def victim(keyed_server: KeyedServer) -> Person:
    return sign_up(keyed_server[0], "victim")


def _session(keyed_server: KeyedServer, token: str) -> httpx.Response:
    return httpx.get(f"{keyed_server[0].base_url}/api/v1/auths/",
                     headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _refused(keyed_server: KeyedServer, token: str) -> bool:
    response = _session(keyed_server, token)
    return response.status_code == 401 and bool(response.json()["detail"])


def test_a_token_forged_exactly_like_ours_is_accepted(keyed_server: KeyedServer, victim: Person) -> None:
    """The control: without it, every refusal below could be an artefact of how we forge."""
    response = _session(keyed_server, forge(keyed_server[1], victim))
    assert response.json()["id"] == victim.id


def test_garbage_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    assert _refused(keyed_server, "not-a-token")


def test_three_dots_of_nothing_are_refused(keyed_server: KeyedServer, victim: Person) -> None:
    assert _refused(keyed_server, "..")


def test_an_expired_token_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    an_hour_ago = int(time.time()) - 3600
    assert _refused(keyed_server, forge(keyed_server[1], victim, iat=an_hour_ago - 60, exp=an_hour_ago))


def test_a_token_signed_with_another_key_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    _, other_key = signing_key("somebody else's secret")
    assert _refused(keyed_server, forge(keyed_server[1], victim, key=other_key))


def test_a_token_signed_with_the_raw_secret_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    """Open WebUI signs with WEBUI_SECRET_KEY itself; its tokens must not open sessions here."""
    assert _refused(keyed_server, forge(keyed_server[1], victim, key=keyed_server[1].encode()))


def test_an_unsigned_alg_none_token_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    kid, _ = signing_key(keyed_server[1])
    assert _refused(keyed_server, unsigned(forge(keyed_server[1], victim), alg="none", kid=kid))


def test_another_algorithm_with_the_right_key_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    _, key = signing_key(keyed_server[1])
    assert _refused(keyed_server, forge(keyed_server[1], victim, key=key, algorithm="HS512"))


def test_an_unknown_kid_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    assert _refused(keyed_server, forge(keyed_server[1], victim, headers={"kid": "0123456789abcdef"}))


def test_a_token_without_a_kid_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    _, key = signing_key(keyed_server[1])
    now = int(time.time())
    payload = {"sub": victim.id, "sid": "s", "gen": 0, "typ": "access", "iat": now, "exp": now + 600}
    assert _refused(keyed_server, jwt.encode(payload, key, algorithm="HS256"))


def test_a_key_offered_in_the_header_is_ignored(keyed_server: KeyedServer, victim: Person) -> None:
    attacker_key = b"attacker-chosen-key-material-32b"
    offered = {"kty": "oct", "k": base64.urlsafe_b64encode(attacker_key).rstrip(b"=").decode()}
    token = forge(keyed_server[1], victim, key=attacker_key,
                  headers={"jwk": offered, "jku": "http://127.0.0.1:9/keys.json"})
    assert _refused(keyed_server, token)


@pytest.mark.parametrize("claim", ["exp", "iat", "sub"])
def test_a_token_missing_a_required_claim_is_refused(keyed_server: KeyedServer, victim: Person,
                                                     claim: str) -> None:
    assert _refused(keyed_server, forge(keyed_server[1], victim, without=(claim,)))


def test_a_token_of_another_type_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    assert _refused(keyed_server, forge(keyed_server[1], victim, typ="refresh"))


def test_a_token_of_an_earlier_generation_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    assert _refused(keyed_server, forge(keyed_server[1], victim, gen=-1))


def test_a_token_of_a_session_never_opened_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    """As one signed with a leaked key would be: the signature holds, the session was never ours."""
    assert _refused(keyed_server, forge(keyed_server[1], victim, sid="never-signed-in"))


def test_a_token_for_an_unknown_account_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    assert _refused(keyed_server, forge(keyed_server[1], "00000000-0000-0000-0000-000000000000"))


def test_a_tampered_payload_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    head, _, signature = forge(keyed_server[1], victim).split(".")
    now = int(time.time())
    claims = {"sub": victim.id, "sid": "s", "gen": 0, "typ": "access", "iat": now, "exp": now + 10**8}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert _refused(keyed_server, f"{head}.{payload}.{signature}")


def test_a_bad_token_in_the_cookie_is_refused(keyed_server: KeyedServer, victim: Person) -> None:
    response = httpx.get(f"{keyed_server[0].base_url}/api/v1/chats/", cookies={"token": "not-a-token"})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_scheme_other_than_bearer_is_not_a_session(keyed_server: KeyedServer, victim: Person) -> None:
    response = httpx.get(f"{keyed_server[0].base_url}/api/v1/auths/",
                         headers={"Authorization": f"Basic {victim.token}"})
    assert response.status_code == 401
