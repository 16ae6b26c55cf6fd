"""An upload's rules: nothing empty or over the limit is kept, names are only names, and a file is
deleted once. (Who may read or delete it is the one access rule's: tests/unit/application/test_access_rules.py.)"""

from __future__ import annotations

import uuid

import pytest

from domain.files.errors import EmptyFileError, FileTooLargeError, NoSuchFileError
from domain.files.file import StoredFile
from domain.files.names import sanitised_name
from tests.unit.domain.given import new_events

LIMIT = 1024


def a_file(size: int = 10, name: str = "notes.txt") -> StoredFile:
    file_id = uuid.uuid4()
    return StoredFile.upload(file_id=file_id, owner_id="ada", name=name, content_type="text/plain", size=size,
                             sha256="0" * 64, storage_key=str(file_id), metadata={}, limit=LIMIT)


def test_an_upload_is_recorded_with_its_name_cleaned():
    file = a_file(name="../../notes.txt")
    assert (new_events(file), file.name) == (["Uploaded"], "notes.txt")


def test_an_empty_file_is_refused():
    with pytest.raises(EmptyFileError):
        a_file(size=0)


def test_a_file_over_the_limit_is_refused_saying_both_sizes():
    with pytest.raises(FileTooLargeError, match=r"at most 0\.0 MB"):
        a_file(size=LIMIT + 1)


@pytest.mark.parametrize(("given", "kept"), [
    ("a/b\\c.txt", "c.txt"), ("bad\x00na\nme.txt", "badname.txt"), ("  .hidden ", "hidden"), ("...", "file"),
    ("", "file"), (None, "file"), ("x" * 300 + ".md", "x" * 252 + ".md"),
])
def test_names_keep_only_their_last_visible_segment(given: str | None, kept: str):
    assert sanitised_name(given) == kept


def test_a_deleted_file_cannot_be_deleted_twice():
    file = a_file()
    file.delete(actor_id="ada", reason="deleted")
    with pytest.raises(NoSuchFileError):
        file.delete(actor_id="ada", reason="deleted")
