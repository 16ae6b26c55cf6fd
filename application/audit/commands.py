"""Commands of the audit context."""

from __future__ import annotations

import msgspec

from domain.audit.refusal import RefusalKind


class RecordRefusal(msgspec.Struct, frozen=True, kw_only=True):
    kind: RefusalKind
    reason: str
    method: str
    path: str
    status: int
    address: str | None = None
    user_id: str | None = None
    email: str | None = None


class RecordTokenUse(msgspec.Struct, frozen=True, kw_only=True):
    user_id: str
    session_id: str
    address: str | None
    client: str
    method: str
    path: str


class RecordDisclosure(msgspec.Struct, frozen=True, kw_only=True):
    user_id: str
    owners: list[str]
    resource: str
    path: str


class RequestUse(msgspec.Struct, frozen=True, kw_only=True):
    """A request made with a key or token: what it asked and from where, never what it carried."""

    method: str
    path: str
    address: str | None
    client: str


class RecordApiKeyUse(RequestUse, frozen=True, kw_only=True):
    user_id: str
    key_digest: str


class RecordScimTokenUse(RequestUse, frozen=True, kw_only=True):
    """A request of an identity provider with its SCIM token (``SCIM_TOKEN``'s: an empty digest)."""

    provider_id: str
    token_digest: str


class RecordVerification(msgspec.Struct, frozen=True, kw_only=True):
    """The result of checking one context's log against its chain (``verification.Verdict``)."""

    actor_id: str | None
    context: str
    events: int
    first_disagreement: int | None
    reason: str | None
