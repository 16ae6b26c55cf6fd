"""Members' permissions over the chat operations of the menus and Data Controls: refused with the
permission named, nothing changed; and admins' export of everyone's chats, which needs admins to be
allowed to read others' chats."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from infrastructure.settings import MemberPermissions
from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.http.chats import create, listed
from tests.http.test_chat_imports import entry


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    off = MemberPermissions(chat_import=False, chat_export=False, chat_delete=False)
    with in_process("embedded", tmp_path_factory.mktemp("strict"), members_may=off, admin_chat_access=True) as app:
        yield app


@pytest.fixture(scope="module")
def strict_admin(strict: InProcessServer) -> Person:
    return people.founder(strict)


@pytest.fixture(scope="module")
def strict_member(strict: InProcessServer, strict_admin: Person) -> Person:
    return people.member(strict, strict_admin, "held")


def test_a_member_without_chat_import_may_not_import(strict_member: Person) -> None:
    response = strict_member.http.post("/api/v1/chats/import", json={"chats": [entry()]})
    assert response.status_code == 403 and "chat.import" in response.json()["detail"]
    assert listed(strict_member) == []


@pytest.mark.parametrize("path", ["clone", "fork"])
def test_a_member_without_chat_import_may_not_copy_a_chat(strict_member: Person, path: str) -> None:
    chat = create(strict_member)
    assert strict_member.http.post(f"/api/v1/chats/{chat['id']}/{path}", json={}).status_code == 403


def test_a_member_without_chat_export_may_not_export(strict_member: Person) -> None:
    assert strict_member.http.get("/api/v1/chats/all").status_code == 401
    assert strict_member.http.get("/api/v1/chats/all/archived").status_code == 401


def test_a_member_without_chat_delete_may_not_delete_all_chats(strict_member: Person) -> None:
    chat = create(strict_member)
    assert strict_member.http.delete("/api/v1/chats/").status_code == 401
    assert chat["id"] in listed(strict_member)


def test_the_app_is_told_what_is_off(strict_member: Person) -> None:
    chat = strict_member.http.get("/api/v1/auths/").json()["permissions"]["chat"]
    assert (chat["import"], chat["export"], chat["delete"], chat["edit"]) == (False, False, False, True)


def test_admins_may_do_what_members_may_not(strict_admin: Person) -> None:
    assert strict_admin.http.post("/api/v1/chats/import", json={"chats": [entry()]}).status_code == 200


def test_an_admin_allowed_to_read_others_chats_exports_everyones(strict_admin: Person,
                                                                 strict_member: Person) -> None:
    theirs = create(strict_member)
    exported = strict_admin.http.get("/api/v1/chats/all/db").json()
    assert theirs["id"] in {c["id"] for c in exported}


def test_only_admins_export_everyones_chats(strict_member: Person) -> None:
    assert strict_member.http.get("/api/v1/chats/all/db").status_code == 401
