"""The permissions every member has before any group adds to them: Open WebUI's default user
permissions, which its admin edits on the Groups page.

Kept in the groups context, beside the groups whose permissions are laid over them, as one
aggregate with a fixed id: the two together decide what a person may do, so one log answers
"who could do what, since when, and who changed it". Until an admin first saves them, the
server's environment (``USER_PERMISSIONS_*``) gives them, and nothing is recorded.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.groups.permissions import Permissions, checked

DEFAULT_PERMISSIONS_ID = uuid5(NAMESPACE_URL, "annals:default-permissions")


class DefaultPermissions(Aggregate):
    @staticmethod
    def create_id() -> UUID:
        return DEFAULT_PERMISSIONS_ID

    @classmethod
    def keep(cls, *, actor_id: str, permissions: Permissions) -> DefaultPermissions:
        return cls(actor_id=actor_id, permissions=checked(permissions))

    class Kept(Aggregate.Created):
        actor_id: str
        permissions: Permissions

    @event(Kept)
    def __init__(self, *, actor_id: str, permissions: Permissions) -> None:
        self.permissions = permissions

    def change(self, *, actor_id: str, permissions: Permissions) -> None:
        permissions = checked(permissions)
        if permissions != self.permissions:
            self._change(actor_id=actor_id, permissions=permissions)

    class Changed(Aggregate.Event):
        actor_id: str
        permissions: Permissions

    @event(Changed)
    def _change(self, *, actor_id: str, permissions: Permissions) -> None:
        self.permissions = permissions
