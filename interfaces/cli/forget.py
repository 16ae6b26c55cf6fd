"""``annals forget USER_ID``: the person's account deleted, their keys destroyed and every copy of
their texts dropped, as ``POST /api/v1/users/{id}/forget`` does, then waited for here.
``annals keys rewrap``: every person's key wrapped again by the key file's current key."""

from __future__ import annotations

import sys
import uuid

from application.identity.commands import ForgetPerson
from domain.identity.errors import IdentityError
from infrastructure.bootstrap import build_container
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings

OPERATOR = uuid.UUID(int=0)
"""Who acts from the command line: the operator, not an account."""


def forget(settings: Settings, user_id: str) -> int:
    try:
        person = uuid.UUID(user_id)
    except ValueError:
        print(f"annals: {user_id!r} is not a user id", file=sys.stderr)
        return 2
    configure_logging(settings)
    container = build_container(settings, "cli")
    try:
        container.identity.forget_person(ForgetPerson(actor_id=OPERATOR, user_id=person))
        container.runner.catch_up_all()  # the forgetting reaction runs here, in this process
    except IdentityError as refused:
        print(f"annals: not forgotten: {refused}", file=sys.stderr)
        return 1
    finally:
        container.close()
    print(f"{person}: forgotten (account deleted, keys destroyed, copies dropped)")
    return 0


def rewrap_keys(settings: Settings) -> int:
    configure_logging(settings)
    container = build_container(settings, "cli")
    try:
        count = container.person_keys.rewrap()
    finally:
        container.close()
    print(f"{count} keys wrapped again by the key file's current key")
    return 0
