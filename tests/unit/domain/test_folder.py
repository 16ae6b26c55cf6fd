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


CREATORS = {"bobs-helper": "bob", "own-helper": OWNER}.get


def test_a_new_folder_listing_someone_elses_preset_names_it_apart_under_its_creator():
    folder = Folder.create(id=uuid.uuid4(), owner_id=OWNER, name="Models", parent_id=None,
                           data={"model_ids": ["own-helper", "bobs-helper", "gpt-4o"], "system_prompt": "Hi"},
                           meta=None, creator_of=CREATORS)
    created, named = recorded(folder)
    assert created.data == {"model_ids": ["own-helper", "", "gpt-4o"], "system_prompt": "Hi"}
    assert (type(named).__name__, named.quoted_user_id, named.places, named.models) == (
        "PresetsNamed", "bob", [1], ["bobs-helper"])


def test_changing_the_data_to_list_someone_elses_preset_names_it_apart():
    folder = a_folder()
    folder.change_data({"model_ids": ["bobs-helper"]}, CREATORS)
    folder.change_data({"model_ids": ["own-helper"]}, CREATORS)
    changed, named, own = recorded(folder)
    assert (changed.changes, named.places, named.models) == ({"model_ids": [""]}, [0], ["bobs-helper"])
    assert own.changes == {"model_ids": ["own-helper"]}


def test_a_folder_without_data_names_nothing():
    folder = Folder.create(id=uuid.uuid4(), owner_id=OWNER, name="Plain", parent_id=None, data=None, meta=None,
                           creator_of=CREATORS)
    assert new_events(folder) == ["Created"]
