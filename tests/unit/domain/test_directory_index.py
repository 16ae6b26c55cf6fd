import uuid

import pytest

from domain.identity.directory_index import DirectoryIndex, DirectoryPasswordMissingError, check_directory_password


def test_an_empty_password_is_refused_before_any_bind() -> None:
    with pytest.raises(DirectoryPasswordMissingError):
        check_directory_password("")


def test_a_dn_names_one_index_whatever_its_case_and_spacing() -> None:
    assert DirectoryIndex.id_for("uid=Ada, ou=People,dc=annals,dc=test") == DirectoryIndex.id_for(
        "UID=ada,OU=people , DC=annals,dc=test")


def test_another_dn_names_another_index() -> None:
    assert DirectoryIndex.id_for("uid=ada,dc=test") != DirectoryIndex.id_for("uid=alan,dc=test")


def test_a_deleted_accounts_entry_is_reclaimed_by_its_next_account() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    index = DirectoryIndex(id=DirectoryIndex.id_for("uid=ada,dc=test"), user_id=first)
    index.reclaim(second)
    assert index.user_id == second
