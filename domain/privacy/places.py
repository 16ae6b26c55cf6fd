"""Items of a list kept apart from it (under another person's key: ``domain.privacy.presets``,
a message's quoted files and cited sources) and put back in their places by whoever reads both."""

from __future__ import annotations

from typing import Any


def items_at(listed: Any, places: list[int], items: list[Any]) -> list[Any]:
    """A copy of the list ``listed`` (None: an empty one) with ``items`` at ``places``: what an
    aggregate's texts quoted under other people's keys put back in their places."""
    copied = list(listed or [])
    copied.extend([None] * (max(places) + 1 - len(copied)))
    for place, item in zip(places, items, strict=True):
        copied[place] = item
    return copied
