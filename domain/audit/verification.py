"""Verifications: one context's log checked against its hash chain, and what the check found.

Kept as an event of the audit log rather than in a view or a process's memory: the last result
outlives the process that ran the check, a rebuild of the views gives it back, and the audit trail
says who checked which log, when, and how far. Each is an aggregate of one event, as a refusal is.
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event


class Verification(Aggregate):
    class Recorded(Aggregate.Created):
        actor_id: str | None
        context: str
        events: int
        first_disagreement: int | None
        reason: str | None

    @event(Recorded)
    def __init__(self, *, actor_id: str | None, context: str, events: int, first_disagreement: int | None,
                 reason: str | None) -> None:
        """``actor_id``: the admin who asked (None: the operator's ``annals verify``); ``events``: how
        many were checked; ``first_disagreement``: where log and chain first disagree (None: nowhere),
        and ``reason``, Annals' own words for how."""
        self.context = context
