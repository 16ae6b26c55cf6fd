"""Signing in through an OpenID provider, below HTTP: who founds the workspace, one account per
subject however sign-ins race, roles from the provider, and the groups it names recorded."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from application.identity.service import Identity
from application.identity.single_sign_on import SignInWithProvider, SingleSignOn, SingleSignOnPolicy
from domain.identity.single_sign_on import ProviderRoleRefusedError, RoleMapping
from domain.identity.user import User
from tests.unit.application.given import founding_admin, topics

ISSUER = "https://id.example.org"
ROLES = RoleMapping("roles", ("user", "admin"), ("admin",))


def single_sign_on(identity: Identity, **policy: Any) -> SingleSignOn:
    return SingleSignOn(identity, SingleSignOnPolicy(**{"signup": True, "merge_by_email": False, **policy}))


def signed_in(sso: SingleSignOn, subject: str, **claims: Any) -> User:
    returned = SignInWithProvider(state=uuid.uuid4().hex, session_id=uuid.uuid4().hex, claims={
        "iss": ISSUER, "sub": subject, "email": f"{subject}@example.org", **claims})
    return sso.sign_in(returned).user


def test_the_first_person_through_the_provider_founds_the_workspace_as_its_admin(identity: Identity):
    first = signed_in(single_sign_on(identity), "ann")
    assert first.role == "admin" and identity.workspace().primary_admin_id == first.id


def test_someone_who_founded_first_on_a_rival_sign_up_keeps_the_admin_role_to_themselves(identity: Identity):
    rival: list[uuid.UUID] = []
    identity.recorder.rivals.append(lambda: rival.append(founding_admin(identity, "rival@example.org")))
    late = signed_in(single_sign_on(identity), "late")
    assert identity.workspace().primary_admin_id == rival[0] and identity.user(late.id).role == "pending"


def test_two_first_sign_ins_of_one_subject_make_one_account(identity: Identity):
    founding_admin(identity, "ann@example.org")
    sso, rival = single_sign_on(identity), []
    identity.recorder.rivals.append(lambda: rival.append(signed_in(sso, "bob")))
    assert signed_in(sso, "bob").id == rival[0].id
    assert topics(identity).count("User.Registered") == 2


def test_role_claims_never_demote_the_primary_admin(identity: Identity):
    sso = single_sign_on(identity, roles=ROLES)
    founder = signed_in(sso, "ann")
    assert signed_in(sso, "ann", roles=["user"]).role == "admin" == identity.user(founder.id).role


def test_a_newcomer_with_roles_none_allowed_is_refused_and_nothing_is_made(identity: Identity):
    founding_admin(identity, "ann@example.org")
    with pytest.raises(ProviderRoleRefusedError):
        signed_in(single_sign_on(identity, roles=ROLES), "eve", roles=["guest"])
    assert identity.user_by_email("eve@example.org") is None


def test_the_groups_the_provider_names_are_reported_for_the_groups_context(identity: Identity):
    founding_admin(identity, "ann@example.org")
    sso = single_sign_on(identity, groups_claim="org.teams", create_groups=True)
    person = signed_in(sso, "bob", org={"teams": "red;blue"})
    stored = identity.recorder.select_notifications(start=1, limit=1000)
    reported = [e for e in map(identity.mapper.to_domain_event, stored) if isinstance(e, User.GroupsReported)]
    assert [(e.originator_id, e.group_names, e.create_missing) for e in reported] == [
        (person.id, ["blue", "red"], True)]


def test_a_picture_the_claim_carries_is_kept_and_one_at_an_address_is_not(identity: Identity):
    founding_admin(identity, "ann@example.org")
    sso, inline = single_sign_on(identity), "data:image/png;base64,iVBORw0KGgo="
    signed_in(sso, "bob", picture=inline)
    signed_in(sso, "cy", picture="https://id.example.org/cy.png")
    registered = {e.email: e.profile_image_url for e in map(identity.mapper.to_domain_event,
                  identity.recorder.select_notifications(start=1, limit=1000)) if isinstance(e, User.Registered)}
    assert (registered["bob@example.org"], registered["cy@example.org"]) == (inline, "/user.png")
