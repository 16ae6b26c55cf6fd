"""Members' sharing permissions read from Open WebUI's variable names, with its defaults."""

from __future__ import annotations

from infrastructure.settings import Settings


def test_members_share_with_particular_people_and_clone_but_not_publicly_by_default():
    may = Settings.from_environ({}).members_may
    assert (may.access_grants_allow_users, may.chat_import) == (True, True)
    assert (may.sharing_public_chats, may.sharing_open_chats) == (False, False)


def test_public_and_open_sharing_follow_open_webuis_variables():
    may = Settings.from_environ({"USER_PERMISSIONS_CHAT_ALLOW_PUBLIC_SHARING": "true",
                                 "USER_PERMISSIONS_CHAT_ALLOW_OPEN_SHARING": "True",
                                 "USER_PERMISSIONS_ACCESS_GRANTS_ALLOW_USERS": "false",
                                 "USER_PERMISSIONS_CHAT_IMPORT": "false"}).members_may
    assert (may.sharing_public_chats, may.sharing_open_chats) == (True, True)
    assert (may.access_grants_allow_users, may.chat_import) == (False, False)
