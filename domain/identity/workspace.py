from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.identity.errors import InvalidRoleError
from domain.identity.roles import ROLES

WORKSPACE_ID = uuid5(NAMESPACE_URL, "annals:workspace")


class Workspace(Aggregate):
    """The installation itself: founded by its first user, who becomes the primary admin.

    Its fixed id makes founding race-free: concurrent first signups collide on version 1, and the
    loser retries as an ordinary signup, which founding has closed.
    """

    @staticmethod
    def create_id() -> UUID:
        return WORKSPACE_ID

    @classmethod
    def found(cls, *, primary_admin_id: UUID, auth_config: dict[str, Any]) -> Workspace:
        """Sign-up closes behind the first account, as in Open WebUI (which turns ``ENABLE_SIGNUP``
        off then), until an admin opens it: a fresh server is not left open to anyone who finds it."""
        workspace = cls(primary_admin_id=primary_admin_id, auth_config=auth_config)
        workspace.change_auth_config({"ENABLE_SIGNUP": False})
        return workspace

    class Founded(Aggregate.Created):
        primary_admin_id: UUID
        auth_config: dict[str, Any]

    @event(Founded)
    def __init__(self, *, primary_admin_id: UUID, auth_config: dict[str, Any]) -> None:
        self.primary_admin_id = primary_admin_id
        self.auth_config = dict(auth_config)

    @property
    def signup_enabled(self) -> bool:
        return bool(self.auth_config.get("ENABLE_SIGNUP", True))

    @property
    def default_user_role(self) -> str:
        return str(self.auth_config.get("DEFAULT_USER_ROLE", "pending"))

    def change_auth_config(self, changes: dict[str, Any]) -> None:
        role = changes.get("DEFAULT_USER_ROLE", self.default_user_role)
        if role not in ROLES:
            raise InvalidRoleError(role)
        if any(self.auth_config.get(key) != value for key, value in changes.items()):
            self._change_auth_config(changes=changes)

    class AuthConfigChanged(Aggregate.Event):
        changes: dict[str, Any]

    @event(AuthConfigChanged)
    def _change_auth_config(self, *, changes: dict[str, Any]) -> None:
        self.auth_config.update(changes)
