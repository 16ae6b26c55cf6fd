"""Groups nested by commands decided on the tree as committed: a rival change that commits between
a command's load and its save makes it decide again on what the rival did."""

from __future__ import annotations

import uuid
from pathlib import Path
from uuid import UUID

import pytest

from application.groups.commands import CreateGroup, DeleteGroup, UpdateGroup
from application.groups.service import Groups
from domain.groups.errors import GroupHierarchyError
from tests.integration.threads import all_at_once
from tests.unit.application.given import Commits, topics
from tests.unit.application.racing import RACING, RacingRecorder

ADMIN = "admin"


@pytest.fixture
def groups(commits: Commits) -> Groups:
    return Groups(RACING, commits, unknown_people=lambda ids: [], initial_defaults={})


def _create(groups: Groups, name: str, parent: UUID | None = None) -> UUID:
    group_id = uuid.uuid4()
    groups.create_group(CreateGroup(group_id=group_id, actor_id=ADMIN, name=name, description="",
                                    parent_group_id=None if parent is None else str(parent)))
    return group_id


def _move(groups: Groups, group_id: UUID, parent: UUID | None) -> None:
    groups.update_group(UpdateGroup(group_id=group_id, actor_id=ADMIN, name=groups.group(group_id).name,
                                    description="", parent_group_id=None if parent is None else str(parent)))


def _rival(groups: Groups, change: object) -> None:
    recorder = groups.recorder
    assert isinstance(recorder, RacingRecorder)
    recorder.rivals.append(change)  # type: ignore[arg-type]


def test_a_parent_set_at_creation_is_an_event_of_the_group(groups: Groups) -> None:
    parent = _create(groups, "Parent")
    child = _create(groups, "Child", parent)
    assert groups.group(child).parent_group_id == str(parent)
    assert topics(groups)[-4:] == ["Group.Created", "Group.ParentSet", "GroupTree.Planted", "GroupTree.Placed"]


def test_a_move_that_a_rival_move_turned_into_a_cycle_is_refused(groups: Groups) -> None:
    a, b = _create(groups, "A"), _create(groups, "B")
    _rival(groups, lambda: _move(groups, b, a))
    with pytest.raises(GroupHierarchyError, match="cycle"):
        _move(groups, a, b)
    assert (groups.group(a).parent_group_id, groups.group(b).parent_group_id) == (None, str(a))


def test_a_parent_deleted_by_a_rival_is_no_parent(groups: Groups) -> None:
    parent, child = _create(groups, "Parent"), _create(groups, "Child")
    _rival(groups, lambda: groups.delete_group(DeleteGroup(group_id=parent, actor_id=ADMIN)))
    with pytest.raises(GroupHierarchyError, match="No group has the id"):
        _move(groups, child, parent)
    assert groups.group(child).parent_group_id is None


def test_the_children_of_a_deleted_group_move_up_in_the_same_commit(groups: Groups) -> None:
    top = _create(groups, "Top")
    middle = _create(groups, "Middle", top)
    low = _create(groups, "Low", middle)
    position = groups.delete_group(DeleteGroup(group_id=middle, actor_id=ADMIN))
    assert groups.group(low).parent_group_id == str(top)
    assert topics(groups)[-3:] == ["Group.ParentSet", "GroupTree.Uprooted", "Group.Deleted"]
    assert position == groups.position


def test_two_processes_moving_two_groups_under_each_other_make_no_cycle(tmp_path: Path, commits: Commits) -> None:
    """Two applications on one SQLite log stand for two processes: no lock of either holds the other."""
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "groups.db")}
    first, second = (Groups(env, commits, unknown_people=lambda ids: [], initial_defaults={}) for _ in range(2))
    for _ in range(10):
        a, b, failures = _moved_under_each_other(first, second)
        assert [type(failure) for failure in failures] == [GroupHierarchyError]
        assert None in {first.group(a).parent_group_id, first.group(b).parent_group_id}


def _moved_under_each_other(first: Groups, second: Groups) -> tuple[UUID, UUID, list[BaseException]]:
    """A under B by the first, B under A by the second, at the same moment; what they raised."""
    a, b = _create(first, "A"), _create(first, "B")
    moves = [(first, a, b), (second, b, a)]
    return a, b, all_at_once(lambda n: _move(*moves[n]), threads=2)


def test_a_parent_named_in_another_spelling_of_its_id_is_kept_as_its_id(groups: Groups) -> None:
    parent = _create(groups, "Parent")
    child = _create(groups, "Child")
    groups.update_group(UpdateGroup(group_id=child, actor_id=ADMIN, name="Child", description="",
                                    parent_group_id=parent.hex.upper()))
    assert groups.group(child).parent_group_id == str(parent)
