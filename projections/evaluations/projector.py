from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData

from domain.evaluations.feedback import Feedback
from projections.evaluations.table import FeedbackTables, define_feedback_tables
from projections.runtime.projector import Change, Projector, epoch

NOTHING: tuple[Change, ...] = ()


class FeedbackViews(Projector):
    """Every rating that stands, as Open WebUI's ``feedback`` rows. A deleted one leaves the view."""

    view = "feedbacks"
    context = "Evaluations"
    tables: FeedbackTables

    def replica(self, metadata: MetaData, suffix: str) -> FeedbackViews:
        return FeedbackViews(define_feedback_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        return NOTHING

    @apply.register
    def _(self, event: Feedback.Rated, conn: Connection, position: int) -> Iterable[Change]:
        now = epoch(event)
        conn.execute(self.tables.feedbacks.insert().values(
            id=str(event.originator_id), user_id=event.owner_id, type=event.kind, meta=event.meta,
            position=position, created_at=now, updated_at=now, **_rating(event.data)))
        return NOTHING

    @apply.register
    def _(self, event: Feedback.Rerated, conn: Connection, position: int) -> Iterable[Change]:
        changes = {**(_rating(event.data) if event.data is not None else {}),
                   **({"meta": event.meta} if event.meta is not None else {})}
        feedbacks = self.tables.feedbacks
        conn.execute(feedbacks.update().where(feedbacks.c.id == str(event.originator_id))
                     .values(updated_at=epoch(event), **changes))
        return NOTHING

    @apply.register
    def _(self, event: Feedback.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        feedbacks = self.tables.feedbacks
        conn.execute(feedbacks.delete().where(feedbacks.c.id == str(event.originator_id)))
        return NOTHING


def _rating(data: dict[str, Any]) -> dict[str, Any]:
    model_id, rating = data.get("model_id"), data.get("rating")
    return {"data": data, "model_id": model_id if isinstance(model_id, str) else None,
            "rating": None if rating is None else str(rating)}
