"""Access grants as Open WebUI answers them (``AccessGrantModel``), for every view that shows them."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, uuid5


def grant_rows(resource_type: str, resource_id: str, grants: list[dict[str, str]],
               created_at: int) -> list[dict[str, Any]]:
    """Each grant with the resource it is on; ids derive from what they grant, so replays agree."""
    return [{"id": str(uuid5(NAMESPACE_URL, f"annals:grant:{resource_type}:{resource_id}:{g['principal_type']}:"
                                            f"{g['principal_id']}:{g['permission']}")),
             "resource_type": resource_type, "resource_id": resource_id, **g, "created_at": created_at}
            for g in grants]
