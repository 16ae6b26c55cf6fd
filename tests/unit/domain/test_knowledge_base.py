"""Knowledge bases: who may read or change them, the files they hold, and each file's processing."""

from __future__ import annotations

import uuid

import pytest

from domain.grants import InvalidGrantError
from domain.knowledge.base import COMPLETED, FAILED, PENDING, PROCESSING, KnowledgeBase
from domain.knowledge.errors import FileNotInKnowledgeError, InvalidKnowledgeError, KnowledgeNotFoundError
from tests.unit.domain.given import new_events, recorded

READERS = {"principal_type": "group", "principal_id": "readers", "permission": "read"}
BOB_WRITES = {"principal_type": "user", "principal_id": "bob", "permission": "write"}


def a_base(*grants: dict[str, str], files: tuple[str, ...] = ()) -> KnowledgeBase:
    base = KnowledgeBase.create(knowledge_id=uuid.uuid4(), owner_id="alice", name="Handbook",
                                description="How we work", access_grants=list(grants))
    if files:
        base.add_files(actor_id="alice", file_ids=files)
    recorded(base)
    return base


def test_creating_a_base_records_its_owner_name_description_and_grants():
    base = KnowledgeBase.create(knowledge_id=uuid.uuid4(), owner_id="alice", name="Handbook", description="",
                                access_grants=[READERS])
    [created] = recorded(base)
    assert (created.owner_id, created.name, created.access_grants) == ("alice", "Handbook", [READERS])


@pytest.mark.parametrize("name", ["", "   ", "x" * 1001])
def test_a_base_needs_a_name(name: str):
    with pytest.raises(InvalidKnowledgeError):
        KnowledgeBase.create(knowledge_id=uuid.uuid4(), owner_id="alice", name=name, description="",
                             access_grants=[])


def test_nobody_signed_out_can_be_granted_a_base():
    with pytest.raises(InvalidGrantError):
        a_base({"principal_type": "anyone", "principal_id": "*", "permission": "read"})


def test_changing_access_to_the_same_grants_records_nothing():
    base = a_base(READERS)
    base.change_access(actor_id="alice", access_grants=[READERS])
    assert new_events(base) == []
    base.change_access(actor_id="bob", access_grants=[])
    [changed] = recorded(base)
    assert (changed.actor_id, changed.access_grants, base.grants) == ("bob", [], [])


def test_a_file_is_added_once_and_waits_to_be_processed():
    base = a_base(files=("f1",))
    assert base.add_files(actor_id="bob", file_ids=["f1", "f2", "f2"]) == ["f2"]
    [added] = recorded(base)
    assert (added.actor_id, added.file_ids, base.files) == ("bob", ["f2"], {"f1": PENDING, "f2": PENDING})


def test_adding_only_files_held_already_records_nothing():
    base = a_base(files=("f1",))
    base.add_files(actor_id="alice", file_ids=["f1"])
    assert new_events(base) == []


def test_removing_a_file_the_base_does_not_hold_is_refused():
    with pytest.raises(FileNotInKnowledgeError):
        a_base(files=("f1",)).remove_file(actor_id="alice", file_id="f2")


def test_a_deleted_file_leaves_the_base_once():
    base = a_base(files=("f1",))
    assert base.drop_file(actor_id="alice", file_id="f1") and not base.drop_file(actor_id="alice", file_id="f1")
    assert new_events(base) == ["FileRemoved"]


def test_resetting_empties_the_base():
    base = a_base(files=("f1", "f2"))
    base.reset(actor_id="alice")
    assert (new_events(base), base.files) == (["Reset"], {})


def test_a_deleted_base_takes_no_more_commands():
    base = a_base(files=("f1",))
    base.delete(actor_id="admin")
    assert new_events(base) == ["Deleted"]
    with pytest.raises(KnowledgeNotFoundError):
        base.update(actor_id="alice", name="Again", description="")
    with pytest.raises(KnowledgeNotFoundError):
        base.delete(actor_id="alice")


def test_processing_moves_a_file_through_its_states_and_a_failure_says_why():
    base = a_base(files=("f1",))
    base.start_processing(actor_id="pipeline", file_id="f1")
    assert base.files["f1"] == PROCESSING
    base.fail_processing(actor_id="pipeline", file_id="f1", error="no text in the document")
    assert base.files["f1"] == FAILED
    base.request_processing(actor_id="alice", file_id="f1")
    assert base.files["f1"] == PENDING
    base.complete_processing(actor_id="pipeline", file_id="f1")
    base.complete_processing(actor_id="pipeline", file_id="f1")
    assert base.files["f1"] == COMPLETED
    assert new_events(base) == ["ProcessingStarted", "ProcessingFailed", "ProcessingRequested", "ProcessingCompleted"]


def test_processing_is_only_reported_of_files_the_base_holds():
    with pytest.raises(FileNotInKnowledgeError):
        a_base().start_processing(actor_id="pipeline", file_id="f1")
