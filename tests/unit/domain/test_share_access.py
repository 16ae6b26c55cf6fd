"""Who may read a chat's shared snapshot: nobody but its owner until they grant it."""

from __future__ import annotations

import pytest

from domain.grants import InvalidGrantError
from tests.unit.domain.given import a_chat, new_events, recorded

BOB = {"principal_type": "user", "principal_id": "bob", "permission": "read"}
EVERYONE = {"principal_type": "user", "principal_id": "*", "permission": "read"}
ANYONE = {"principal_type": "anyone", "principal_id": "*", "permission": "read"}


def test_a_shared_chat_has_no_grants_until_its_owner_gives_some():
    chat = a_chat()
    chat.share("link")
    assert chat.share_grants == ()


def test_granting_access_records_the_grants():
    chat = a_chat()
    chat.change_share_access([BOB, EVERYONE])
    [changed] = recorded(chat)
    assert (type(changed).__name__, changed.grants) == ("ShareAccessChanged", [EVERYONE, BOB])


def test_granting_the_same_access_again_records_nothing():
    chat = a_chat()
    chat.change_share_access([BOB])
    recorded(chat)
    chat.change_share_access([{**BOB, "id": "as-the-app-sends-it-back"}])
    assert new_events(chat) == []


def test_unsharing_takes_the_grants_with_the_link():
    chat = a_chat()
    chat.share("first")
    chat.change_share_access([ANYONE])
    chat.unshare()
    chat.share("second")
    assert (chat.share_id, chat.share_grants) == ("second", ())


@pytest.mark.parametrize("grant", [
    {"principal_type": "user", "principal_id": "bob", "permission": "write"},
    {"principal_type": "group", "principal_id": "staff", "permission": "read"},
], ids=["write", "group"])
def test_a_share_is_only_ever_read_and_only_by_people_or_everyone(grant: dict[str, str]):
    chat = a_chat()
    with pytest.raises(InvalidGrantError):
        chat.change_share_access([grant])
    assert new_events(chat) == []
