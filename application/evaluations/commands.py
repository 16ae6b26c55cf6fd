"""Commands of the evaluations context."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec


class RateReply(msgspec.Struct, frozen=True, kw_only=True):
    feedback_id: UUID
    rater_id: str
    kind: str
    data: dict[str, Any]
    meta: dict[str, Any]


class RerateReply(msgspec.Struct, frozen=True, kw_only=True):
    """Whichever of ``data`` and ``meta`` is given replaces the one kept; admins may change anyone's."""

    feedback_id: UUID
    actor_id: str
    is_admin: bool = False
    data: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None


class DeleteFeedback(msgspec.Struct, frozen=True, kw_only=True):
    feedback_id: UUID
    actor_id: str
    is_admin: bool = False


class DeleteFeedbacks(msgspec.Struct, frozen=True, kw_only=True):
    """Several ratings at once: a person's own (``rater_id``), or, for an admin, anyone's (None)."""

    feedback_ids: list[UUID]
    actor_id: str
    rater_id: str | None
