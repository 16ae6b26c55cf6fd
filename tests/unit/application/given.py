"""What application tests start from: accounts signed up, the log's contents, the commits heard."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from application.identity.commands import ChangeAuthConfig, SignUp
from application.identity.service import Identity

POPO = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
INITIAL_AUTH_CONFIG = {"ENABLE_SIGNUP": True, "DEFAULT_USER_ROLE": "pending"}
PASSWORD = "correct horse battery staple"


class Commits(list[tuple[str, int]]):
    """What the projectors would have been kicked with: ``(context, position)`` per commit."""

    def __call__(self, context: str, position: int) -> None:
        self.append((context, position))


def sign_up(identity: Identity, email: str, password: str = PASSWORD, **more: Any) -> UUID:
    user_id = uuid.uuid4()
    identity.sign_up(SignUp(user_id=user_id, email=email, password=password, name=email.split("@")[0],
                            **more))
    return user_id


def founding_admin(identity: Identity, email: str, **more: Any) -> UUID:
    """The first account, who then opens sign-up (founding closes it) so that others may join."""
    user_id = sign_up(identity, email, **more)
    identity.change_auth_config(ChangeAuthConfig(changes={"ENABLE_SIGNUP": True}))
    return user_id


def topics(context: Any) -> list[str]:
    """``Aggregate.Event`` for every event in the context's log, oldest first."""
    notifications = context.recorder.select_notifications(start=1, limit=1000)
    return [n.topic.rpartition(":")[2] for n in notifications]
