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
PICTURES = "https://pictures.example.org"
FETCHED = "data:image/png;base64,iVBORw0KGgo="


class FakePictures:
    """The provider's picture server: one picture, and nothing at any other address."""

    def fetch(self, url: str) -> str | None:
        return FETCHED if url == f"{PICTURES}/bob.png" else None


def single_sign_on(identity: Identity, **policy: Any) -> SingleSignOn:
    return SingleSignOn(identity, SingleSignOnPolicy(**{"signup": True, "merge_by_email": False, **policy}),
                        FakePictures())


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


def test_a_newcomer_gets_the_picture_fetched_and_the_default_when_none_can_be(identity: Identity):
    founding_admin(identity, "ann@example.org")
    sso = single_sign_on(identity)
    signed_in(sso, "bob", picture=f"{PICTURES}/bob.png")
    signed_in(sso, "cy", picture=f"{PICTURES}/missing.png")
    assert (pictures_of(identity)["bob@example.org"], pictures_of(identity)["cy@example.org"]) == (
        FETCHED, "/user.png")


def test_a_returning_person_keeps_their_picture_unless_it_is_updated_on_login(identity: Identity):
    founding_admin(identity, "ann@example.org")
    signed_in(single_sign_on(identity), "bob")
    signed_in(single_sign_on(identity), "bob", picture=f"{PICTURES}/bob.png")
    assert pictures_of(identity)["bob@example.org"] == "/user.png"


def test_a_picture_updated_on_login_is_recorded_once_and_kept_when_it_cannot_be_fetched(identity: Identity):
    founding_admin(identity, "ann@example.org")
    sso = single_sign_on(identity, update_picture_on_login=True)
    signed_in(sso, "bob")
    for picture in ("bob.png", "bob.png", "missing.png"):
        signed_in(sso, "bob", picture=f"{PICTURES}/{picture}")
    assert pictures_of(identity)["bob@example.org"] == FETCHED
    assert topics(identity).count("User.ProfileUpdated") == 1


def pictures_of(identity: Identity) -> dict[str, str]:
    """Each person's picture, as their events say it."""
    users = {e.originator_id: e.email for e in events(identity) if isinstance(e, User.Registered)}
    pictures = {e.originator_id: e.profile_image_url for e in events(identity) if isinstance(e, User.Registered)}
    pictures |= {e.originator_id: e.changes["profile_image_url"] for e in events(identity)
                 if isinstance(e, User.ProfileUpdated) and "profile_image_url" in e.changes}
    return {users[user_id]: picture for user_id, picture in pictures.items()}


def events(identity: Identity) -> list[Any]:
    return list(map(identity.mapper.to_domain_event, identity.recorder.select_notifications(start=1, limit=1000)))
