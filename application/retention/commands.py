"""Commands of retention (its policy lives in the audit log, beside the records it governs)."""

from __future__ import annotations

import msgspec


class SetRetentionPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Days to keep each kind (``domain.retention.policy.KINDS``) for; a kind left out is unchanged,
    None or 0 keeps it forever."""

    actor_id: str
    days: dict[str, int | None]
