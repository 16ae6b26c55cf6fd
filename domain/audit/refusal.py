"""Refusals: attempts to sign in, or to act, that were turned away.

Each refusal is an aggregate of one event, so recording one never waits on, or conflicts with,
another: under a flood of bad requests the log grows, but no writer queues behind another.
"""

from __future__ import annotations

from typing import Literal

from eventsourcing.domain import Aggregate, event

RefusalKind = Literal["sign_in", "token", "permission"]
"""``sign_in``: wrong email or password, or too many tries; ``token``: no valid session;
``permission``: a signed-in person asked for what is not theirs to do or see."""


class Refusal(Aggregate):
    class Recorded(Aggregate.Created):
        kind: RefusalKind
        reason: str
        method: str
        path: str
        status: int
        address: str | None
        user_id: str | None
        email: str | None
        folded: int

    @event(Recorded)
    def __init__(
        self,
        *,
        kind: RefusalKind,
        reason: str,
        method: str,
        path: str,
        status: int,
        address: str | None,
        user_id: str | None,
        email: str | None,
        folded: int,
    ) -> None:
        """``folded``: how many other refusals this record stands for, counted and not recorded
        one by one (see ``application.audit.aggregation``)."""
        self.kind = kind
        self.reason = reason
        self.user_id = user_id
