"""Path ids: our aggregates have UUIDs, so anything else names nothing (404, like any unknown id)."""

from __future__ import annotations

import uuid

from litestar.exceptions import NotFoundException

from interfaces.http.errors import NOT_FOUND


def existing_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFoundException(NOT_FOUND) from None
