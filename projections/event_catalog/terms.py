"""What the console's free-text search finds an event by, besides its type and ids: the values of
its public fields (``domain/privacy/personal_fields.py``: ids, kinds, roles, statuses, methods and
digests), as ``name:value`` words. Never a personal text: those are sealed in the store,
erased with their key, and a copy here would outlive the erasure; so a refusal's path and reason,
which a request brought, are not searchable, while its kind, method and status are."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.privacy.personal_fields import is_public_field, public_fields_of

LIBRARY_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})
MOST_LISTED = 20
"""A list of ids longer than this (a deletion of hundreds of messages) is left out whole."""
MOST_CHARACTERS = 2000


def search_terms(event: Any) -> str | None:
    """``kind:permission status:403 message_id:…``, lower-cased; None when the event has none."""
    own = public_fields_of(type(event))
    words = [f"{name}:{value}".lower() for name, field in sorted(vars(event).items())
             if name not in LIBRARY_FIELDS and (name in own or is_public_field(name))
             for value in _scalars(field)]
    return " ".join(words)[:MOST_CHARACTERS] or None


def _scalars(value: Any) -> list[str]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, str | int | UUID):
        return [str(value)] if str(value) else []
    if isinstance(value, list | tuple) and len(value) <= MOST_LISTED:
        return [str(v) for v in value if isinstance(v, str | UUID) and str(v)]
    return []
