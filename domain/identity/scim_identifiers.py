"""Who holds a SCIM identifier at an identity provider: a ``userName`` or an ``externalId``, unique
per provider (RFC 7643 2.4 and 4.1: ``userName`` is ``uniqueness: server`` and not case-exact;
``externalId`` is the provider's own key for the person). The index's id derives from the provider,
the attribute and the value, so two concurrent claims of one identifier collide on its version and
one person comes of them."""

from __future__ import annotations

from typing import Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

ScimAttribute = Literal["userName", "externalId"]


def identifier_key(attribute: ScimAttribute, value: str) -> str:
    """``userName`` compares without case; ``externalId`` is case-exact."""
    return value.lower() if attribute == "userName" else value


class ScimIdentifierIndex(Aggregate):
    @staticmethod
    def id_for(provider_id: str, attribute: ScimAttribute, value: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:scim:{provider_id}:{attribute}:{identifier_key(attribute, value)}")

    class Claimed(Aggregate.Created):
        user_id: UUID

    @event(Claimed)
    def __init__(self, *, id: UUID, user_id: UUID) -> None:
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
