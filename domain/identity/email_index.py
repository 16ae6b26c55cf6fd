from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event


def normalise_email(email: str) -> str:
    return email.strip().lower()


class EmailIndex(Aggregate):
    """Who holds an email address. Its id derives from the address, so two concurrent
    registrations of one address collide on version 1 of the same aggregate."""

    @staticmethod
    def create_id(email: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:email:{normalise_email(email)}")

    class Claimed(Aggregate.Created):
        email: str
        user_id: UUID

    @event(Claimed)
    def __init__(self, *, email: str, user_id: UUID) -> None:
        self.user_id: UUID | None = user_id

    class Reclaimed(Aggregate.Event):
        user_id: UUID

    @event(Reclaimed)
    def reclaim(self, user_id: UUID) -> None:
        self.user_id = user_id

    class Released(Aggregate.Event):
        pass

    @event(Released)
    def release(self) -> None:
        self.user_id = None
