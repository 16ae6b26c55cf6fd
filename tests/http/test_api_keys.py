"""API keys as in Open WebUI (``/api/v1/auths/api_key``): made and shown once, kept only as a digest,
usable as ``Authorization: Bearer sk-...`` on the API and by the ``openai`` client, refused at once
when deleted, replaced or revoked by a change to the account, and each use in the audit trail."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from psycopg import sql

from tests.e2e import people
from tests.e2e.people import Person, auth_config
from tests.e2e.upstreams import QUICK
from tests.http.api_keys import API_KEY, new_key, with_key
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

HELLO = [{"role": "user", "content": "hello there"}]


def _env(request: pytest.FixtureRequest) -> dict[str, str]:
    upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": upstream.openai_url, "ENABLE_API_KEYS": "true",
            "USER_PERMISSIONS_FEATURES_API_KEYS": "true"}


server, admin = own_workspace("api-keys", _env)


@pytest.fixture
def ada(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "ada")


def status_with(server: InProcessServer, key: str, path: str = "/api/v1/chats/") -> int:
    with with_key(server, key) as client:
        return client.get(path).status_code


def test_a_key_is_shown_once_and_then_only_as_its_fingerprint(ada: Person):
    key = new_key(ada)
    assert key.startswith("sk-") and len(key) == 67
    shown = ada.http.get(API_KEY).json()
    assert shown["api_key"] != key and key not in str(shown)
    assert shown["api_key"] == "sk-********" + hashlib.sha256(key.encode()).hexdigest()[:8]
    assert isinstance(shown["created_at"], int)


def test_without_a_key_there_is_none_to_show(ada: Person):
    response = ada.http.get(API_KEY)
    assert response.status_code == 404 and "no API key" in response.json()["detail"]


def test_a_key_opens_the_api_as_its_owner(server: InProcessServer, ada: Person):
    key = new_key(ada)
    with with_key(server, key) as client:
        chat = client.post("/api/v1/chats/new", json={"chat": {"title": "by key"}})
        assert chat.status_code == 200
        assert client.get("/api/models").status_code == 200
        assert client.get("/api/v1/auths/").json()["id"] == ada.id
    assert chat.json()["id"] in [c["id"] for c in ada.http.get("/api/v1/chats/").json()]


def test_a_key_answers_no_token_and_no_expiry_when_asked_who_it_is(server: InProcessServer, ada: Person):
    with with_key(server, new_key(ada)) as client:
        me = client.get("/api/v1/auths/").json()
    assert (me["token"], me["expires_at"], me["permissions"]["features"]["api_keys"]) == ("", None, True)


def test_the_openai_client_completes_with_a_key(server: InProcessServer, admin: Person):
    import openai  # here, not at the top: its ~1 s import would be paid by every worker at collection

    key = new_key(admin)
    with server.client() as transport:
        client = openai.OpenAI(base_url=f"{server.base_url}/api", api_key=key, http_client=transport, max_retries=0)
        answer = client.chat.completions.create(model="echo", messages=HELLO)
        models = [model.id for model in client.models.list()]
    assert answer.choices[0].message.content == "echo: hello there"
    assert "echo" in models


def test_a_new_key_replaces_the_one_before(server: InProcessServer, ada: Person):
    old, new = new_key(ada), new_key(ada)
    assert (status_with(server, old), status_with(server, new)) == (401, 200)


def test_a_deleted_key_is_refused_on_the_next_request(server: InProcessServer, ada: Person):
    key = new_key(ada)
    assert ada.http.delete(API_KEY).json() is True
    with with_key(server, key) as client:
        refused = client.get("/api/v1/chats/")
    assert refused.status_code == 401 and "deleted or replaced" in refused.json()["detail"]
    assert ada.http.get(API_KEY).status_code == 404


REVOKING: dict[str, Callable[[Person, Person], object]] = {
    "role change": lambda admin, person: admin.http.post(f"/api/v1/users/{person.id}/update", json={"role": "admin"}),
    "deactivation": lambda admin, person: admin.http.post(f"/api/v1/users/{person.id}/update",
                                                          json={"role": "pending"}),
    "password change": lambda admin, person: person.http.post("/api/v1/auths/update/password", json={
        "password": person.password, "new_password": "another long secret"}),
    "account deletion": lambda admin, person: people.delete_person(admin, person.id),
    "forgetting": lambda admin, person: admin.http.post(f"/api/v1/users/{person.id}/forget"),
}


@pytest.mark.parametrize("change", REVOKING)
def test_a_change_to_the_account_revokes_its_key_at_once(server: InProcessServer, admin: Person, ada: Person,
                                                         change: str):
    key = new_key(ada)
    assert status_with(server, key) == 200
    REVOKING[change](admin, ada)
    assert status_with(server, key) == 401


@pytest.mark.parametrize("key", ["sk-", "sk-" + "0" * 64, "sk-" + "g" * 64, "sk-********0123abcd", "sk-" + "a" * 80])
def test_a_malformed_or_unknown_key_is_refused(server: InProcessServer, key: str):
    with with_key(server, key) as client:
        refused = client.get("/api/v1/chats/")
    detail = refused.json()["detail"]
    assert refused.status_code == 401 and detail and (key == "sk-" or key not in detail)


def test_keys_turned_off_refuse_their_use_and_making_them(server: InProcessServer, admin: Person, ada: Person):
    key = new_key(ada)
    with auth_config(admin, ENABLE_API_KEYS=False):
        with with_key(server, key) as client:
            refused = client.get("/api/v1/chats/")
        assert refused.status_code == 403 and "ENABLE_API_KEYS" in refused.json()["detail"]
        made = ada.http.post(API_KEY)
        assert made.status_code == 403 and "ENABLE_API_KEYS" in made.json()["detail"]
    assert status_with(server, key) == 200


def test_restricted_keys_call_only_the_allowed_endpoints_and_below(server: InProcessServer, admin: Person,
                                                                   ada: Person):
    key = new_key(ada)
    with auth_config(admin, ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS=True,
                     API_KEYS_ALLOWED_ENDPOINTS="/api/models, /api/v1/chats/"):
        with with_key(server, key) as client:
            assert client.get("/api/models").status_code == 200
            assert client.get("/api/v1/chats/").status_code == 200
            assert client.get("/api/v1/chats/pinned").status_code == 200
            refused = client.get("/api/v1/folders/")
        assert ada.http.get("/api/v1/folders/").status_code == 200  # a session is not restricted
    assert refused.status_code == 403
    assert "/api/v1/folders/" in refused.json()["detail"] and "API_KEYS_ALLOWED_ENDPOINTS" in refused.json()["detail"]


def test_every_use_of_a_key_is_in_the_audit_trail_without_the_key(server: InProcessServer, admin: Person,
                                                                   ada: Person):
    key = new_key(ada)
    with with_key(server, key, **{"User-Agent": "nightly-report/1.0"}) as client:
        for _ in range(3):
            client.get("/api/v1/chats/").raise_for_status()

    def recorded() -> list[dict[str, Any]]:
        found = admin.http.get("/api/v1/audit/entries", params={"person": ada.id, "type": "ApiKeyUse.Recorded"})
        return found.json()["entries"]

    wait_for(lambda: sum(e["detail"]["uses"] for e in recorded()) == 3, timeout=10, what="the key's uses")
    for use in recorded():  # uses are counted per period, and one may end between two of them
        assert (use["address"], use["detail"]["means"], use["detail"]["client"]) == ("testclient", "api_key",
                                                                                     "nightly-report/1.0")
        assert (use["detail"]["method"], use["detail"]["path"]) == ("GET", "/api/v1/chats/")
        assert use["detail"]["key"] == hashlib.sha256(key.encode()).hexdigest()[:8] and key not in str(use)


def test_the_events_api_shows_neither_the_key_nor_its_digest(server: InProcessServer, admin: Person, ada: Person):
    key = new_key(ada)
    answer = admin.http.get(f"/api/v1/events/aggregates/{ada.id}")
    [issued] = [e for e in answer.json()["events"] if e["type"] == "User.ApiKeyIssued"]
    assert issued["data"] == {"key_digest": "[redacted]"}
    assert key.removeprefix("sk-") not in answer.text
    assert hashlib.sha256(key.encode()).hexdigest() not in answer.text


def test_the_key_is_nowhere_in_the_stores(server: InProcessServer, ada: Person):
    key = new_key(ada)
    with with_key(server, key) as client:
        client.get("/api/v1/chats/").raise_for_status()
    server.container.audit.record_all_counts()
    stored = _everything_stored(server)
    assert ada.email.encode() in stored  # the views were read: what they keep in clear is found
    secret = key.removeprefix("sk-")
    assert secret.encode() not in stored and bytes.fromhex(secret) not in stored


def test_the_key_is_never_logged(server: InProcessServer, admin: Person, ada: Person, capfd: pytest.CaptureFixture):
    key = new_key(ada)
    with with_key(server, key) as client:
        client.get("/api/v1/chats/")
        client.get("/api/v1/users/")  # refused: a member's key is no admin's
    with auth_config(admin, ENABLE_API_KEYS=False), with_key(server, key) as client:
        client.get("/api/v1/chats/")
    ada.http.delete(API_KEY)
    with with_key(server, key) as client:
        client.get("/api/v1/chats/")
    out, err = capfd.readouterr()
    assert "/api/v1/chats" in out + err  # the requests were logged...
    assert key.removeprefix("sk-") not in out + err  # ...and their key was not


def _everything_stored(server: InProcessServer) -> bytes:
    """Every byte under the data directory and, on Postgres, every row of every table as text."""
    stored = b"".join(path.read_bytes() for path in server.settings.data_dir.rglob("*") if path.is_file())
    if server.settings.database_url is None:
        return stored
    with psycopg.connect(server.settings.database_url) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
        rows = [conn.execute(sql.SQL("SELECT t::text FROM {} t").format(sql.Identifier(table))).fetchall()
                for table in tables]
    return stored + repr(rows).encode()
