"""Commands of the identity context: frozen structs named in the imperative."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec


class SignUp(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    email: str
    password: str
    name: str
    profile_image_url: str = "/user.png"
    session_id: str | None = None
    """Given, the new account is signed in by the same commit."""
    address: str | None = None


class AddUser(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    email: str
    password: str
    name: str
    role: str
    profile_image_url: str = "/user.png"
    session_id: str | None = None
    """Given, a session is opened for the new account (Open WebUI answers with its token)."""


class SignIn(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    password: str
    session_id: str
    address: str | None = None
    """From where: the client's network address, kept in the audit trail."""


class SignOut(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    session_id: str
    address: str | None = None


class UpdateProfile(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    changes: dict[str, Any]


class ChangePassword(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    current_password: str
    new_password: str


class ChangeTimezone(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    timezone: str


class UpdateSettings(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    settings: dict[str, Any]


class ChangeStatus(msgspec.Struct, frozen=True, kw_only=True):
    """None: that part of the status stays as it is (an empty text clears it), as in Open WebUI."""

    user_id: UUID
    emoji: str | None = None
    message: str | None = None
    expires_at: int | None = None


class MergeInfo(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    changes: dict[str, Any]


class ReplaceVariables(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    variables: dict[str, str]


class UpdateUser(msgspec.Struct, frozen=True, kw_only=True):
    """An admin's edit of someone's account."""

    actor_id: UUID
    user_id: UUID
    name: str | None = None
    email: str | None = None
    profile_image_url: str | None = None
    role: str | None = None
    password: str | None = None


class RevokeSessions(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: UUID
    user_id: UUID


class DeleteUser(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: UUID
    user_id: UUID


class ForgetPerson(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: UUID
    user_id: UUID


class PlaceHold(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: UUID
    user_id: UUID
    reason: str


class LiftHold(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: UUID
    user_id: UUID


class ChangeAuthConfig(msgspec.Struct, frozen=True, kw_only=True):
    changes: dict[str, Any]


class IssueApiKey(msgspec.Struct, frozen=True, kw_only=True):
    """The person's new API key, given by its digest only: the key itself never reaches the log."""

    user_id: UUID
    key_digest: str


class RevokeApiKey(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
