"""The SCIM identifiers a person holds at their provider, claimed and released in the same save as
the change that gives or drops them (``domain/identity/scim_identifiers.py``)."""

from __future__ import annotations

from uuid import UUID

from application.identity.service import Identity
from domain.identity.errors import ScimIdentifierTakenError
from domain.identity.scim_identifiers import ScimAttribute, ScimIdentifierIndex, identifier_key
from domain.identity.user import User

Held = dict[ScimAttribute, str | None]
"""A person's identifiers at their provider: their userName (their e-mail unless named otherwise)
and their externalId, if any."""
NOT_LINKED: tuple[str | None, Held] = (None, {"userName": None, "externalId": None})
"""Where a person stands who is no provider's: holding nothing."""


def held_by(user: User) -> Held:
    if user.provider_id is None:
        return NOT_LINKED[1]
    return {"userName": user.user_name or user.email, "externalId": user.external_id}


class ScimIdentifiers:
    def __init__(self, identity: Identity) -> None:
        self._identity = identity

    def moved(self, user_id: UUID, before: tuple[str | None, Held], after: tuple[str, Held]
              ) -> list[ScimIdentifierIndex]:
        """The indexes to save with a person's change from ``before`` to ``after`` (each a provider
        and what the person is called there): those no longer held released, new ones claimed.
        Refused when another living person of the provider holds one of the new identifiers."""
        (old_provider, old), (new_provider, new) = before, after
        changed: list[ScimIdentifierIndex] = []
        for attribute in new:
            kept = old_provider == new_provider and _same(attribute, old[attribute], new[attribute])
            if kept:
                continue
            if old_provider is not None and (value := old[attribute]) is not None:
                changed += self._released(old_provider, attribute, value, user_id)
            if (value := new[attribute]) is not None:
                changed.append(self._claimed(new_provider, attribute, value, user_id))
        return changed

    def released(self, user: User) -> list[ScimIdentifierIndex]:
        """Everything the person holds, free for someone else (the account is going)."""
        if user.provider_id is None:
            return []
        return [index for attribute, value in held_by(user).items() if value is not None
                for index in self._released(user.provider_id, attribute, value, user.id)]

    def _claimed(self, provider_id: str, attribute: ScimAttribute, value: str, user_id: UUID) -> ScimIdentifierIndex:
        index_id = ScimIdentifierIndex.id_for(provider_id, attribute, value)
        index = self._identity.find(index_id)
        if index is None:
            return ScimIdentifierIndex(id=index_id, user_id=user_id)
        assert isinstance(index, ScimIdentifierIndex)
        if index.user_id is not None and index.user_id != user_id and self._lives(index.user_id):
            raise ScimIdentifierTakenError(attribute, value)
        index.reclaim(user_id)
        return index

    def _released(self, provider_id: str, attribute: ScimAttribute, value: str,
                  user_id: UUID) -> list[ScimIdentifierIndex]:
        index = self._identity.find(ScimIdentifierIndex.id_for(provider_id, attribute, value))
        if not isinstance(index, ScimIdentifierIndex) or index.user_id != user_id:
            return []
        index.release()
        return [index]

    def _lives(self, user_id: UUID) -> bool:
        """Whether the holder's account stands: one deleted from the admin panel (which does not
        release what it held) leaves its identifiers to whoever claims them next."""
        holder = self._identity.find(user_id)
        return isinstance(holder, User) and not holder.deleted


def _same(attribute: ScimAttribute, old: str | None, new: str | None) -> bool:
    return (old is None and new is None) or (old is not None and new is not None
                                              and identifier_key(attribute, old) == identifier_key(attribute, new))
