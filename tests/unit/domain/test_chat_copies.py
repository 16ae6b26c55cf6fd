"""The repository hands each command a deep copy of the cached chat; the copy must not leak back."""

from __future__ import annotations

import copy

from tests.unit.builders import message
from tests.unit.domain.given import a_chat, new_events


def test_a_command_on_a_copy_leaves_the_original_unchanged():
    original = a_chat(message("q"))
    clone = copy.deepcopy(original)
    clone.append_message(message("a", "q"))
    clone.tag("work", "Work")
    assert (original.parents, original.tags, original.current_message_id) == ({"q": None}, {}, "q")


def test_events_triggered_on_a_copy_are_not_pending_on_the_original():
    original = a_chat(message("q"))
    copy.deepcopy(original).rename("Abandoned")
    assert new_events(original) == []
