"""Who may call SCIM: identity providers with their tokens (an admin's, or the operator's
``SCIM_TOKEN``), and nobody else; a SCIM token opens nothing but SCIM; with ``ENABLE_SCIM`` off SCIM
answers a SCIM error, never a 500. Tokens are shown once, rotated and removed by admins."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.people import Person, bearer
from tests.http.app import InProcessServer
from tests.http.scim import OPERATORS_TOKEN, SCIM, Provider, client, is_scim_error, registered


def test_without_a_token_scim_answers_401_as_a_scim_error(scim_server: InProcessServer) -> None:
    with people.anonymous(scim_server) as anonymous:
        assert is_scim_error(anonymous.get(f"{SCIM}/Users"), 401)


def test_an_unknown_token_is_refused(scim_server: InProcessServer) -> None:
    with client(scim_server, "scim-" + "0" * 64) as stranger:
        assert is_scim_error(stranger.get("/Users"), 401)


def test_the_operators_scim_token_works(scim_server: InProcessServer) -> None:
    with client(scim_server, OPERATORS_TOKEN) as operator:
        assert operator.get("/ServiceProviderConfig").status_code == 200
        assert operator.get("/Users").json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]


@pytest.mark.parametrize("who", ["admin", "admin_api_key"])
def test_an_admins_session_or_api_key_does_not_open_scim(scim_server: InProcessServer, scim_admin: Person,
                                                         who: str) -> None:
    token = scim_admin.token
    if who == "admin_api_key":
        token = scim_admin.http.post("/api/v1/auths/api_key").json()["api_key"]
    with client(scim_server, token) as admin_as_scim:
        assert is_scim_error(admin_as_scim.get("/Users"), 401)


def test_a_scim_token_opens_nothing_but_scim(scim_server: InProcessServer, provider: Provider) -> None:
    with people.anonymous(scim_server) as anonymous:
        for path in ("/api/v1/auths/", "/api/v1/users/", "/api/v1/scim/providers"):
            assert anonymous.get(path, headers=bearer(provider.token)).status_code == 401, path


def test_with_scim_off_scim_answers_403_as_a_scim_error(server: InProcessServer, admin: Person) -> None:
    with registered(server, admin) as made:
        response = made.http.get("/Users")
        assert is_scim_error(response, 403)
        assert "ENABLE_SCIM" in response.json()["detail"]


def test_a_token_is_shown_once_and_listed_without_it(scim_admin: Person, provider: Provider) -> None:
    listed = scim_admin.http.get("/api/v1/scim/providers").json()
    assert listed["enabled"] is True
    mine = next(p for p in listed["providers"] if p["id"] == provider.id)
    assert mine["name"] == "Okta" and "token" not in mine and provider.token not in str(listed)


def test_a_rotated_token_replaces_the_one_before(scim_server: InProcessServer, scim_admin: Person,
                                                 provider: Provider) -> None:
    rotated = scim_admin.http.post(f"/api/v1/scim/providers/{provider.id}/token").json()["token"]
    assert is_scim_error(provider.http.get("/Users"), 401)
    with client(scim_server, rotated) as renewed:
        assert renewed.get("/Users").status_code == 200


def test_a_removed_provider_is_refused(scim_admin: Person, provider: Provider) -> None:
    assert scim_admin.http.delete(f"/api/v1/scim/providers/{provider.id}").json() is True
    assert is_scim_error(provider.http.get("/Users"), 401)


def test_members_may_not_make_scim_tokens(scim_server: InProcessServer, scim_admin: Person) -> None:
    member = people.member(scim_server, scim_admin, "member")
    assert member.http.post("/api/v1/scim/providers", json={"name": "mine"}).status_code == 401


def test_each_use_of_a_token_is_in_the_audit_trail(scim_server: InProcessServer, provider: Provider) -> None:
    provider.http.get("/Users")
    audit = scim_server.container.audit
    audit.record_counts_due()
    recorded = [event for event in audit.recorder.select_notifications(start=1, limit=100_000)
                if event.topic.endswith("ScimTokenUse.Recorded")]
    assert recorded, "no SCIM token use was recorded"


def test_discovery_answers_the_rfcs_shapes(provider: Provider) -> None:
    config = provider.http.get("/ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True and config["etag"]["supported"] is True
    types = provider.http.get("/ResourceTypes").json()
    assert [t["id"] for t in types["Resources"]] == ["User", "Group"] and types["totalResults"] == 2
    schemas = provider.http.get("/Schemas").json()["Resources"]
    assert {s["id"] for s in schemas} == {"urn:ietf:params:scim:schemas:core:2.0:User",
                                          "urn:ietf:params:scim:schemas:core:2.0:Group"}
    user = provider.http.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json()
    assert "userName" in [a["name"] for a in user["attributes"]]
    assert provider.http.get("/ResourceTypes/Group").json()["endpoint"] == "/Groups"


def test_an_unknown_scim_path_is_a_scim_not_found(provider: Provider) -> None:
    assert is_scim_error(provider.http.get("/Bulk"), 404)
