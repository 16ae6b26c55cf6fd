"""A file's name and text changed after its upload: names cleaned as an upload's are, a name that
changes nothing records nothing, and a text is neither empty nor over the models' limit."""

from __future__ import annotations

import uuid

import pytest

from domain.files.errors import EmptyTextError, TextTooLongError, UnnamedFileError
from domain.files.file import COMPLETED, StoredFile
from tests.unit.domain.given import new_events


def a_file(name: str = "notes.txt") -> StoredFile:
    file_id = uuid.uuid4()
    file = StoredFile.upload(file_id=file_id, owner_id="ada", name=name, content_type="text/plain", size=10,
                             sha256="0" * 64, storage_key=str(file_id), metadata={}, limit=1024)
    file.collect_events()
    return file


def test_a_new_name_is_recorded_cleaned():
    file = a_file()
    file.rename(actor_id="ada", name="../minutes.txt")
    assert (new_events(file), file.name) == (["Renamed"], "minutes.txt")


def test_the_same_name_again_records_nothing():
    file = a_file()
    file.rename(actor_id="ada", name="notes.txt")
    assert new_events(file) == []


def test_a_blank_name_is_refused():
    with pytest.raises(UnnamedFileError):
        a_file().rename(actor_id="ada", name=" ")


def test_an_edited_text_makes_the_text_there_whatever_extraction_said():
    file = a_file()
    file.extraction_failed(error="unreadable")
    file.edit_text(actor_id="ada", text="Hello", limit=10)
    assert (file.text_status, file.text_error) == (COMPLETED, None)


@pytest.mark.parametrize(("text", "error"), [(" \n", EmptyTextError), ("x" * 11, TextTooLongError)])
def test_an_empty_or_too_long_text_is_refused(text: str, error: type[Exception]):
    with pytest.raises(error):
        a_file().edit_text(actor_id="ada", text=text, limit=10)
