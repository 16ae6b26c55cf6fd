"""Commands of sign-in from outside the password form: the LDAP directory, and a trusted proxy's header."""

from __future__ import annotations

import msgspec

from application.identity.directory import LdapServer


class SignInThroughDirectory(msgspec.Struct, frozen=True, kw_only=True):
    user_name: str
    password: str
    session_id: str
    address: str | None = None


class SignInFromHeader(msgspec.Struct, frozen=True, kw_only=True):
    """What a trusted proxy says of the person; ``group_names`` None: it says nothing of groups."""

    email: str
    name: str
    session_id: str
    group_names: list[str] | None = None
    address: str | None = None


class SetLdapEnabled(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: str
    enabled: bool


class KeepLdapServer(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: str
    server: LdapServer
