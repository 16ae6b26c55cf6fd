"""The workspace's LDAP sign-in as its admins set it (Open WebUI's LDAP page): on or off, and the
server. What no admin has set yet is the environment's (``ENABLE_LDAP``, ``LDAP_*``)."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

LDAP_SETTINGS_ID = uuid5(NAMESPACE_URL, "annals:ldap-settings")


class LdapSettings(Aggregate):
    @classmethod
    def keep(cls, *, actor_id: str, changes: dict[str, Any]) -> LdapSettings:
        return cls(id=LDAP_SETTINGS_ID, actor_id=actor_id, changes=changes)

    class Kept(Aggregate.Created):
        actor_id: str
        changes: dict[str, Any]

    @event(Kept)
    def __init__(self, *, id: UUID, actor_id: str, changes: dict[str, Any]) -> None:
        self.settings = dict(changes)

    def change(self, *, actor_id: str, changes: dict[str, Any]) -> None:
        if any(self.settings.get(key) != value for key, value in changes.items()):
            self._change(actor_id=actor_id, changes=changes)

    class Changed(Aggregate.Event):
        actor_id: str
        changes: dict[str, Any]

    @event(Changed)
    def _change(self, *, actor_id: str, changes: dict[str, Any]) -> None:
        self.settings.update(changes)
