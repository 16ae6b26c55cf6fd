"""Single sign-on under the other side of Open WebUI's policy: sign-up through the provider off,
accounts merged by e-mail on, groups followed but none created and the blocked ones left alone. Also
what the identity log keeps of it: the link sealed, and a provider's return that completes once."""

from __future__ import annotations

import uuid

import pytest

from application.event_log import read_log
from application.identity.single_sign_on import SignInWithProvider
from domain.identity.single_sign_on import SignInReplayedError
from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.groups import add, create_group
from tests.http.single_sign_on import browser, new_subject, refusal_of, session_of, signing_in_workspace
from tests.oidc_provider import OpenIdProviderProcess, signed_in_through
from tests.waiting import wait_for

server, admin = signing_in_workspace(
    "sso-policy", ENABLE_OAUTH_SIGNUP="false", OAUTH_MERGE_ACCOUNTS_BY_EMAIL="true",
    ENABLE_OAUTH_GROUP_MANAGEMENT="true", OAUTH_BLOCKED_GROUPS='["auditors"]')


def test_someone_unknown_is_refused_when_sign_up_through_the_provider_is_off(server: InProcessServer,
                                                                             identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider)
    with browser(server) as client:
        refused = signed_in_through(identity_provider, client, subject)
    assert "sign-up through the provider is off" in refusal_of(refused)
    assert server.container.identity.user_by_email(f"{subject}@example.com") is None


def test_merging_by_email_links_the_account_that_has_it(server: InProcessServer,
                                                        identity_provider: OpenIdProviderProcess):
    someone = people.sign_up(server, "merged")
    subject = new_subject(identity_provider, email=someone.email)
    with browser(server) as client:
        assert session_of(server, signed_in_through(identity_provider, client, subject))["id"] == someone.id


def test_once_linked_the_subject_signs_in_whatever_email_the_provider_sends(server: InProcessServer,
                                                                            identity_provider: OpenIdProviderProcess):
    someone = people.sign_up(server, "linked")
    subject = new_subject(identity_provider, email=someone.email)
    with browser(server) as client:
        session_of(server, signed_in_through(identity_provider, client, subject))
    identity_provider.person(subject, email=f"moved-{subject}@example.com")
    with browser(server) as client:
        assert session_of(server, signed_in_through(identity_provider, client, subject))["id"] == someone.id


def test_a_providers_return_completes_once(server: InProcessServer, identity_provider: OpenIdProviderProcess):
    someone = people.sign_up(server, "once")
    returned = SignInWithProvider(state=uuid.uuid4().hex, session_id="s-1", claims={
        "iss": identity_provider.url, "sub": f"once-{uuid.uuid4().hex}", "email": someone.email})
    single_sign_on = server.container.single_sign_on
    assert str(single_sign_on.sign_in(returned).user.id) == someone.id
    with pytest.raises(SignInReplayedError):
        single_sign_on.sign_in(returned)


def test_the_link_is_kept_sealed_in_the_log(server: InProcessServer, identity_provider: OpenIdProviderProcess):
    someone = people.sign_up(server, "sealed")
    subject = new_subject(identity_provider, email=someone.email)
    with browser(server) as client:
        session_of(server, signed_in_through(identity_provider, client, subject))
    identity = server.container.identity
    links = [bytes(n.state) for n in read_log(identity, 1, 1_000_000) if n.topic.endswith("IdentityLinked")]
    assert links and not any(subject.encode() in state for state in links)


def test_without_group_creation_only_the_groups_that_exist_are_joined(
        server: InProcessServer, admin: Person, identity_provider: OpenIdProviderProcess):
    admin.http.post("/api/v1/groups/create", json={"name": "design"}).raise_for_status()
    someone = people.sign_up(server, "designer")
    subject = new_subject(identity_provider, email=someone.email, groups=["design", "nowhere"])
    with browser(server) as client:
        session_of(server, signed_in_through(identity_provider, client, subject))
    views = server.container.group_views
    wait_for(lambda: [g["name"] for g in views.groups_of(someone.id)] == ["design"], timeout=30,
             what="joining the group that exists")
    assert "nowhere" not in {g["name"] for g in views.list_groups()}


def test_a_blocked_group_is_neither_joined_nor_left_through_the_claim(
        server: InProcessServer, admin: Person, identity_provider: OpenIdProviderProcess):
    auditors, _, support = (create_group(admin, name) for name in ("auditors", "ops", "support"))
    member, outsider = people.sign_up(server, "audited"), people.sign_up(server, "outsider")
    add(admin, auditors, member)
    add(admin, support, member)
    for person, groups in ((member, ["ops"]), (outsider, ["auditors", "ops"])):
        with browser(server) as client:
            subject = new_subject(identity_provider, email=person.email, groups=groups)
            session_of(server, signed_in_through(identity_provider, client, subject))
    views = server.container.group_views
    wait_for(lambda: {g["name"] for g in views.groups_of(member.id)} == {"auditors", "ops"}, timeout=30,
             what="leaving support but not auditors")
    wait_for(lambda: {g["name"] for g in views.groups_of(outsider.id)} == {"ops"}, timeout=30,
             what="joining ops but not auditors")
