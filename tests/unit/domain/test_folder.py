"""A folder: given a command, these events."""

from __future__ import annotations

import uuid

import pytest

from domain.chats.errors import FolderCycleError, FolderNotFoundError
from domain.chats.folder import Folder, FolderName
from tests.unit.domain.given import OWNER, new_events, recorded


def a_folder(name: str = "Projects", parent_id: str | None = None) -> Folder:
    folder = Folder(id=uuid.uuid4(), owner_id=OWNER, name=name, parent_id=parent_id, data=None, meta=None)
    recorded(folder)
    return folder


def test_renaming_records_the_new_name():
    folder = a_folder()
    folder.rename("Work")
    assert (new_events(folder), folder.name) == (["Renamed"], "Work")


def test_renaming_to_the_same_name_records_nothing():
    folder = a_folder()
    folder.rename("Projects")
    assert new_events(folder) == []


def test_moving_records_the_new_parent():
    folder, parent = a_folder(), a_folder("Parent")
    folder.move_to(str(parent.id))
    assert (new_events(folder), folder.parent_id) == (["MovedTo"], str(parent.id))


def test_moving_where_the_folder_already_is_records_nothing():
    folder = a_folder(parent_id="p")
    folder.move_to("p")
    assert new_events(folder) == []


def test_a_folder_cannot_be_its_own_parent():
    folder = a_folder()
    with pytest.raises(FolderCycleError):
        folder.move_to(str(folder.id))


def test_expanding_then_collapsing_records_both():
    folder = a_folder()
    folder.set_expanded(True)
    folder.set_expanded(False)
    assert new_events(folder) == ["Expanded", "Collapsed"]


def test_expanding_an_expanded_folder_records_nothing():
    folder = a_folder()
    folder.set_expanded(True)
    recorded(folder)
    folder.set_expanded(True)
    assert new_events(folder) == []


def test_data_and_meta_changes_carry_only_the_keys_sent():
    folder = a_folder()
    folder.change_data({"system_prompt": "Be brief."})
    folder.change_meta({"icon": "📁"})
    events = recorded(folder)
    assert [(type(e).__name__, e.changes) for e in events] == [
        ("DataChanged", {"system_prompt": "Be brief."}), ("MetaChanged", {"icon": "📁"})]


def test_empty_changes_record_nothing():
    folder = a_folder()
    folder.change_data({})
    folder.change_meta({})
    assert new_events(folder) == []


def test_a_deleted_folder_refuses_every_change():
    folder = a_folder()
    folder.delete()
    with pytest.raises(FolderNotFoundError):
        folder.rename("Again")


def test_folder_names_collide_whatever_their_case():
    assert FolderName.create_id(OWNER, None, "Work") == FolderName.create_id(OWNER, None, "WORK")


def test_folder_names_are_per_parent_and_per_person():
    names = {FolderName.create_id(OWNER, None, "Work"), FolderName.create_id(OWNER, "p", "Work"),
             FolderName.create_id("bob", None, "Work")}
    assert len(names) == 3
