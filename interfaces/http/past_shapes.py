"""Resources as they were, in the shapes their endpoints answer today: each view replayed from the
resource's own events up to the point (``projections.past``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from application.audit.as_of import AsOf, DeletedByThenError
from projections.past.resources import SHAPES

Json = dict[str, Any]


def shaped(kind: str, events: Sequence[Any], as_of: AsOf | None) -> Json:
    """As the ``kind``'s view held it after ``events``; refused if they end with its deletion."""
    past = SHAPES[kind](events)
    if past is None:
        raise DeletedByThenError(events[0].originator_id, as_of)
    return past
