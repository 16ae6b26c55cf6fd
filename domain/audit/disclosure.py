"""Disclosures: an admin read what belongs to other people (the admins' content policy allowed it).

Like a refusal, each is an aggregate of one event, so recording one never waits on another.
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event


class Disclosure(Aggregate):
    class Recorded(Aggregate.Created):
        user_id: str
        owners: list[str]
        resource: str
        path: str

    @event(Recorded)
    def __init__(self, *, user_id: str, owners: list[str], resource: str, path: str) -> None:
        """``user_id``: the admin who read; ``owners``: whose content was shown; ``resource``: what."""
        self.user_id = user_id
        self.owners = owners
