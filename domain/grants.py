"""Access grants, Open WebUI's ``access_grants``: who besides the owner may read (or change) a
thing. A grant names a principal and a permission: a person (``user`` and their id), a group,
every signed-in person (``user`` ``*``), or anyone at all, signed in or not (``anyone`` ``*``,
which only ever reads)."""

from __future__ import annotations

from collections.abc import Iterable

READ, WRITE = "read", "write"
USER, GROUP, ANYONE = "user", "group", "anyone"
EVERYONE = "*"
"""The principal id of every signed-in person (with ``user``) or of anyone (with ``anyone``)."""
MAX_PRINCIPAL_ID = 255
Grant = dict[str, str]


class InvalidGrantError(ValueError):
    def __init__(self, grant: object, principals: tuple[str, ...], permissions: tuple[str, ...]) -> None:
        anyone = " (anyone only as * and read)" if ANYONE in principals else ""
        super().__init__(f"an access grant needs principal_type {' or '.join(principals)}, a principal_id and "
                         f"permission {' or '.join(permissions)}{anyone}; got {grant!r}")
        self.grant = grant


def normalised(grants: list[Grant], *, principals: tuple[str, ...] = (USER, GROUP),
               permissions: tuple[str, ...] = (READ, WRITE)) -> list[Grant]:
    """Checked, without duplicates, in a stable order; only the three fields are kept (the app
    sends back the ids it was shown)."""
    seen: dict[tuple[str, str, str], Grant] = {}
    for grant in grants:
        if not isinstance(grant, dict):
            raise InvalidGrantError(grant, principals, permissions)
        kind, principal, permission = (grant.get(k) for k in ("principal_type", "principal_id", "permission"))
        if kind not in principals or permission not in permissions or not isinstance(principal, str) \
                or not principal or len(principal) > MAX_PRINCIPAL_ID \
                or (kind == ANYONE and (principal, permission) != (EVERYONE, READ)):
            raise InvalidGrantError(grant, principals, permissions)
        seen[(kind, principal, permission)] = {"principal_type": kind, "principal_id": principal,
                                               "permission": permission}
    return [seen[k] for k in sorted(seen)]


def without_group(grants: list[Grant], group_id: str) -> list[Grant]:
    """The grants but those to a group (one that is gone: Open WebUI deletes its grants with it)."""
    return [g for g in grants if (g["principal_type"], g["principal_id"]) != (GROUP, group_id)]


def allows(grants: Iterable[Grant], user_id: str | None, permission: str, group_ids: Iterable[str] = ()) -> bool:
    """Whether a grant lets ``user_id`` (None: someone not signed in) do ``permission``: one to
    them, to a group of theirs, to every signed-in person, or to anyone."""
    groups = set(group_ids)
    return any(g["permission"] == permission and (
        (g["principal_type"] == ANYONE)
        or (user_id is not None and g["principal_type"] == USER and g["principal_id"] in (user_id, EVERYONE))
        or (user_id is not None and g["principal_type"] == GROUP and g["principal_id"] in groups))
        for g in grants)
