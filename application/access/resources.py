"""What the authorisation service is asked about: who (``Principal``), doing what (``Action``), to
what (``Resource``); what the views hold of that resource (``Holding``); and its answer (``Decision``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from domain.grants import Grant

MEMBER_ROLES = frozenset({"user", "admin"})


class Kind(StrEnum):
    CHAT = "chat"
    SHARE = "share"
    """A chat's shared link, by the chat's id: who may read the snapshot it shows."""
    FILE = "file"
    FOLDER = "folder"
    KNOWLEDGE = "knowledge"
    MODEL = "model"
    GROUP = "group"


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    DELETE = "delete"
    SHARE = "share"
    """Change who else may read or write it."""


@dataclass(frozen=True, slots=True)
class Resource:
    kind: Kind
    id: str


@dataclass(frozen=True, slots=True)
class Principal:
    """Who asks: ``user_id`` None is nobody signed in; ``role`` is theirs (``pending`` included);
    ``permissions`` those in force for them (the members' defaults with their groups' over them)."""

    user_id: str | None = None
    role: str | None = None
    group_ids: frozenset[str] = frozenset()
    permissions: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def acting(cls, user_id: str, is_admin: bool, group_ids: frozenset[str] = frozenset()) -> Principal:
        """The member a command names as its actor (their route let only members through)."""
        return cls(user_id, "admin" if is_admin else "user", group_ids)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_member(self) -> bool:
        """A verified account: pending people and nobody may act on nothing of anyone's."""
        return self.user_id is not None and self.role in MEMBER_ROLES


ANONYMOUS = Principal()


@dataclass(frozen=True, slots=True)
class Holding:
    """What decides access to one resource: its owner, the grants on it, and (of a group) its members."""

    owner_id: str
    grants: Sequence[Grant] = ()
    member_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Decision:
    """``exists`` False: there is no such resource (answered as its absence, never as a refusal)."""

    allowed: bool
    reason: str
    exists: bool = True
    permission: str | None = None
    """The permission in force that is off, when that is what refuses."""
