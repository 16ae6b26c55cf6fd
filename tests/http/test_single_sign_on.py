"""Signing in through an OpenID provider (a real one, in a process of its own): the app's provider
button, the code flow's return, and who the person is here, under Open WebUI's policy variables
with sign-up, role and group management on (tests/http/test_single_sign_on_policy.py: the others)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.single_sign_on import browser, new_subject, refusal_of, session_of, signing_in_workspace
from tests.oidc_provider import OpenIdProviderProcess, return_from, signed_in_through
from tests.waiting import wait_for

server, admin = signing_in_workspace(
    "sso", ENABLE_OAUTH_SIGNUP="true", ENABLE_OAUTH_ROLE_MANAGEMENT="true", ENABLE_OAUTH_GROUP_MANAGEMENT="true",
    ENABLE_OAUTH_GROUP_CREATION="true")


def test_the_app_is_told_of_the_provider_button(server: InProcessServer):
    with people.anonymous(server) as client:
        config = client.get("/api/config").json()
    assert config["oauth"]["providers"] == {"oidc": "Test IdP"}


def test_the_button_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(
        server: InProcessServer, identity_provider: OpenIdProviderProcess):
    with browser(server) as client:
        started = client.get("/oauth/oidc/login")
    assert started.status_code == 302
    sent_to = urlsplit(started.headers["location"])
    asked = {name: values[0] for name, values in parse_qs(sent_to.query).items()}
    assert f"{sent_to.scheme}://{sent_to.netloc}" == identity_provider.url
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert asked["client_id"] == "annals" and asked["response_type"] == "code"
    assert asked["redirect_uri"] == f"{server.base_url}/oauth/oidc/login/callback"
    assert len(asked["state"]) >= 32 and len(asked["nonce"]) >= 32 and asked["state"] != asked["nonce"]
    assert "oidc_flow" in started.cookies


def test_someone_new_signs_up_through_the_provider_with_the_default_role(server: InProcessServer,
                                                                         identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider, name="Ada Lovelace")
    with browser(server) as client:
        person = session_of(server, signed_in_through(identity_provider, client, subject))
    assert (person["email"], person["name"], person["role"]) == (f"{subject}@example.com", "Ada Lovelace", "user")


def test_the_same_subject_signs_in_to_the_same_account(server: InProcessServer,
                                                       identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider)
    with browser(server) as client:
        first = session_of(server, signed_in_through(identity_provider, client, subject))
    identity_provider.person(subject, email=f"renamed-{subject}@example.com")
    with browser(server) as client:
        again = session_of(server, signed_in_through(identity_provider, client, subject))
    assert again["id"] == first["id"] and again["email"] == first["email"]


def test_an_email_already_registered_is_not_taken_over_when_merging_is_off(server: InProcessServer,
                                                                           identity_provider: OpenIdProviderProcess):
    someone = people.sign_up(server, "password-person")
    subject = new_subject(identity_provider, email=someone.email)
    with browser(server) as client:
        refused = signed_in_through(identity_provider, client, subject)
    assert "already registered" in refusal_of(refused)


def test_the_admin_role_claim_makes_an_admin_and_a_user_role_a_member(server: InProcessServer,
                                                                      identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider, roles=["admin"])
    with browser(server) as client:
        assert session_of(server, signed_in_through(identity_provider, client, subject))["role"] == "admin"
    identity_provider.person(subject, email=f"{subject}@example.com", roles=["user"])
    with browser(server) as client:
        assert session_of(server, signed_in_through(identity_provider, client, subject))["role"] == "user"


def test_roles_the_workspace_does_not_allow_are_refused(server: InProcessServer,
                                                        identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider, roles=["contractor"])
    with browser(server) as client:
        refused = signed_in_through(identity_provider, client, subject)
    assert "contractor" in refusal_of(refused)


def test_group_claims_make_the_groups_and_the_person_their_member(server: InProcessServer,
                                                                   identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider, groups=["engineering", "on-call"])
    with browser(server) as client:
        person = session_of(server, signed_in_through(identity_provider, client, subject))
    wait_for(lambda: _groups_of(server, person["id"]) == {"engineering", "on-call"}, timeout=30,
             what="the claimed groups")
    identity_provider.person(subject, email=f"{subject}@example.com", groups=["engineering"])
    with browser(server) as client:
        session_of(server, signed_in_through(identity_provider, client, subject))
    wait_for(lambda: _groups_of(server, person["id"]) == {"engineering"}, timeout=30, what="leaving on-call")


def test_a_session_from_the_provider_ends_at_sign_out(server: InProcessServer,
                                                      identity_provider: OpenIdProviderProcess):
    with browser(server) as client:
        signed_in = signed_in_through(identity_provider, client, new_subject(identity_provider))
    token = signed_in.cookies["token"]
    with people.anonymous(server) as client:
        client.post("/api/v1/auths/signout", headers=people.bearer(token)).raise_for_status()
        assert client.get("/api/v1/auths/", headers=people.bearer(token)).status_code == 401


def test_an_admin_sees_the_sessions_begun_through_the_provider_until_they_end(
        server: InProcessServer, admin: Person, identity_provider: OpenIdProviderProcess):
    with browser(server) as client:
        signed_in = signed_in_through(identity_provider, client, new_subject(identity_provider))
    token, person = signed_in.cookies["token"], session_of(server, signed_in)
    sessions = admin.http.get(f"/api/v1/users/{person['id']}/oauth/sessions").json()
    assert [(s["user_id"], s["provider"], s["token"]) for s in sessions] == [(person["id"], "oidc", {})]
    assert sessions[0]["expires_at"] - sessions[0]["created_at"] == server.settings.token_lifetime_seconds
    with people.anonymous(server) as client:
        client.post("/api/v1/auths/signout", headers=people.bearer(token)).raise_for_status()
    assert admin.http.get(f"/api/v1/users/{person['id']}/oauth/sessions").json() == []


def test_a_return_whose_state_is_not_this_browsers_is_refused_and_recorded(server: InProcessServer, admin: Person,
                                                                           identity_provider: OpenIdProviderProcess):
    with browser(server) as client:
        back = return_from(identity_provider, client, new_subject(identity_provider))
        refused = client.get(back.replace("state=", "state=forged"))
    assert "state" in refusal_of(refused)
    recorded = admin.http.get("/api/v1/audit/entries", params={"type": "Refusal.Recorded", "limit": 1000}).json()
    assert any(e["detail"]["kind"] == "sign_in" and e["detail"]["path"].startswith("/oauth/oidc/login/callback")
               for e in recorded["entries"])


def test_a_return_to_a_browser_that_started_no_sign_in_is_refused(server: InProcessServer,
                                                                  identity_provider: OpenIdProviderProcess):
    with browser(server) as client:
        back = return_from(identity_provider, client, new_subject(identity_provider))
    with browser(server) as elsewhere:
        refused = elsewhere.get(back)
    assert "no sign-in was started" in refusal_of(refused)


def test_a_code_issued_for_another_sign_in_fails_the_nonce_check(server: InProcessServer,
                                                                 identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider)
    with browser(server) as victim, browser(server) as attacker:
        victims_return = return_from(identity_provider, victim, subject)
        attackers_code = parse_qs(urlsplit(return_from(identity_provider, attacker, subject)).query)["code"][0]
        victims_state = parse_qs(urlsplit(victims_return).query)["state"][0]
        refused = victim.get("/oauth/oidc/login/callback", params={"code": attackers_code, "state": victims_state})
    assert "nonce" in refusal_of(refused)


def test_a_replayed_return_signs_nobody_in(server: InProcessServer, identity_provider: OpenIdProviderProcess):
    with browser(server) as client:
        back = return_from(identity_provider, client, new_subject(identity_provider))
        flow = client.cookies["oidc_flow"]
        assert client.get(back).status_code == 302
        client.cookies.set("oidc_flow", flow, path="/oauth")
        replayed = client.get(back)
    assert "completed already" in refusal_of(replayed)


def test_the_provider_refusing_is_told(server: InProcessServer):
    with browser(server) as client:
        client.get("/oauth/oidc/login")
        refused = client.get("/oauth/oidc/login/callback", params={"error": "access_denied", "state": "x"})
    assert "access_denied" in refusal_of(refused)


def test_an_unknown_provider_is_not_found(server: InProcessServer):
    with browser(server) as client:
        assert client.get("/oauth/github/login").status_code == 404


def _groups_of(server: InProcessServer, person_id: str) -> set[str]:
    return {group["name"] for group in server.container.group_views.groups_of(person_id)}
