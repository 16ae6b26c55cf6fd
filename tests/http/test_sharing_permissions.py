"""Members' sharing as the operator sets it: publicly and openly when allowed, not with particular
people nor cloning when not. Apps of their own, on the embedded store only: the rule is nowhere
the store's business."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from infrastructure.settings import MemberPermissions
from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.http.sharing import anyone, create, everyone, grant, person, share, shared_with


@dataclass
class Workspace:
    server: InProcessServer
    admin: Person

    def member(self, name: str) -> Person:
        return people.member(self.server, self.admin, name)


def _workspace(tmp_path_factory: pytest.TempPathFactory, may: MemberPermissions) -> Iterator[Workspace]:
    with in_process("embedded", tmp_path_factory.mktemp("sharing-permissions"), members_may=may) as server:
        yield Workspace(server, people.founder(server))


@pytest.fixture(scope="module")
def lenient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """Members may share with everyone signed in and with anyone."""
    yield from _workspace(tmp_path_factory, MemberPermissions(sharing_public_chats=True, sharing_open_chats=True))


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """Members may neither name people to share with nor clone."""
    yield from _workspace(tmp_path_factory, MemberPermissions(access_grants_allow_users=False, chat_import=False))


@pytest.mark.parametrize("audience", [everyone, anyone], ids=["everyone", "anyone"])
def test_a_member_shares_publicly_when_members_may(lenient: Workspace, audience) -> None:
    owner, reader = lenient.member("owner"), lenient.member("reader")
    _, share_id = shared_with(owner, audience())
    assert reader.http.get(f"/api/v1/chats/share/{share_id}").status_code == 200


def test_the_app_is_told_members_may_share_publicly(lenient: Workspace) -> None:
    told = lenient.member("told").http.get("/api/v1/users/permissions").json()["sharing"]
    assert (told["public_chats"], told["open_chats"]) == (True, True)


def test_a_member_may_not_share_with_particular_people_when_members_may_not(strict: Workspace) -> None:
    owner, reader = strict.member("owner"), strict.member("reader")
    chat_id = create(owner)["id"]
    share(owner, chat_id)
    refused = grant(owner, chat_id, person(reader))
    assert refused.status_code == 403 and "access_grants.allow_users" in refused.json()["detail"]
    assert owner.http.get(f"/api/v1/chats/shared/{chat_id}/access").json() == []


def test_a_member_may_not_clone_a_shared_chat_when_members_may_not(strict: Workspace) -> None:
    cloner = strict.member("cloner")
    _, share_id = shared_with(strict.admin, person(cloner))  # an admin may name anyone
    refused = cloner.http.post(f"/api/v1/chats/{share_id}/clone/shared")
    assert refused.status_code == 403 and "chat.import" in refused.json()["detail"]
    assert cloner.http.get("/api/v1/chats/").json() == []
