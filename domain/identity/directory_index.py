"""Who holds an entry of the workspace's LDAP directory, and the rule a directory sign-in keeps first."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.identity.errors import IdentityError


class DirectoryPasswordMissingError(IdentityError):
    """An LDAP simple bind with an empty password is an unauthenticated bind, which servers answer
    as a success (RFC 4513 5.1.2): taken as a sign-in, it would let anyone in as anyone."""

    def __init__(self) -> None:
        super().__init__("signing in through the directory needs a password")


def check_directory_password(password: str) -> None:
    if not password:
        raise DirectoryPasswordMissingError()


def normalise_dn(dn: str) -> str:
    """DNs compare without case and without spaces around their separators."""
    return ",".join("=".join(part.strip() for part in rdn.split("=", 1)) for rdn in dn.split(",")).lower()


class DirectoryIndex(Aggregate):
    """Whose account a directory entry (its DN) is. Its id derives from the DN, so two first
    sign-ins of one entry at once collide on version 1, and one account comes of them."""

    @staticmethod
    def id_for(dn: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:ldap:{normalise_dn(dn)}")

    class Claimed(Aggregate.Created):
        user_id: UUID

    @event(Claimed)
    def __init__(self, *, id: UUID, user_id: UUID) -> None:
        self.user_id = user_id

    class Reclaimed(Aggregate.Event):
        user_id: UUID

    @event(Reclaimed)
    def reclaim(self, user_id: UUID) -> None:
        """The entry's account was deleted: its next sign-in makes it a new one."""
        self.user_id = user_id
