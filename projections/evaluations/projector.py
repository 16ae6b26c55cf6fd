from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData, select

from domain.evaluations.feedback import Feedback
from domain.privacy.places import items_at
from projections.evaluations.table import FeedbackTables, define_feedback_tables
from projections.runtime.projector import Change, Projector, epoch, insert_once, quoting_in

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
    def _(self, event: Feedback.PresetsNamed, conn: Connection, position: int) -> Iterable[Change]:
        """Someone else's presets the rating names, in the places kept for them."""
        feedbacks, feedback_id = self.tables.feedbacks, str(event.originator_id)
        insert_once(conn, self.tables.named, feedback_id=feedback_id, user_id=event.quoted_user_id)
        data = conn.execute(select(feedbacks.c.data).where(feedbacks.c.id == feedback_id)).scalar()
        if data is None:
            return NOTHING
        data = {**data, **event.fields}
        if event.places:
            data["sibling_model_ids"] = items_at(data.get("sibling_model_ids"), event.places, event.models)
        conn.execute(feedbacks.update().where(feedbacks.c.id == feedback_id).values(**_rating(data)))
        return NOTHING

    @apply.register
    def _(self, event: Feedback.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        self.drop_aggregate(conn, str(event.originator_id))
        return NOTHING

    def quoting(self, conn: Connection, person_id: str) -> list[str]:
        """Others' ratings that name the person's presets."""
        named, feedbacks = self.tables.named, self.tables.feedbacks
        return quoting_in(conn, named.c.feedback_id, named.c.user_id, person_id,
                          owned=(feedbacks.c.id, feedbacks.c.user_id))

    def drop_aggregate(self, conn: Connection, aggregate_id: str) -> None:
        feedbacks, named = self.tables.feedbacks, self.tables.named
        conn.execute(named.delete().where(named.c.feedback_id == aggregate_id))
        conn.execute(feedbacks.delete().where(feedbacks.c.id == aggregate_id))


def _rating(data: dict[str, Any]) -> dict[str, Any]:
    model_id, rating = data.get("model_id"), data.get("rating")
    return {"data": data, "model_id": model_id if isinstance(model_id, str) else None,
            "rating": None if rating is None else str(rating)}
