"""What an event changed in its aggregate's state: fields, and maps key by key."""

from __future__ import annotations

from uuid import uuid4

from application.audit.changes import changes, changes_by_version
from domain.chats.folder import Folder


def test_a_changed_field_shows_before_and_after():
    assert changes({"title": "a", "pinned": False}, {"title": "b", "pinned": False}) == {
        "title": {"before": "a", "after": "b"}}


def test_a_field_that_appears_has_no_before_and_one_that_goes_no_after():
    assert changes({"old": 1}, {"new": None}) == {"old": {"before": 1}, "new": {"after": None}}


def test_a_map_shows_only_the_keys_that_changed():
    before = {"parents": {"q1": None}}
    after = {"parents": {"q1": None, "a1": "q1"}}
    assert changes(before, after) == {"parents": {"a1": {"after": "q1"}}}


def test_maps_deeper_down_are_shown_whole():
    assert changes({"m": {"k": {"x": 1}}}, {"m": {"k": {"x": 2}}}) == {
        "m": {"k": {"before": {"x": 1}, "after": {"x": 2}}}}


def test_each_version_carries_its_events_change():
    folder = Folder(id=uuid4(), owner_id="u1", name="Old", parent_id=None, data=None, meta=None)
    folder.rename("New")
    found = changes_by_version(folder.collect_events())
    assert found[1]["name"] == {"after": "Old"} and found[1]["owner_id"] == {"after": "u1"}
    assert found[2] == {"name": {"before": "Old", "after": "New"}}
