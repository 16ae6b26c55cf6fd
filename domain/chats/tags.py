"""How chats' tags are named: Open WebUI's ids, and the one name no tag may have."""

from __future__ import annotations

UNTAGGED = "none"
"""Reserved: ``tag:none`` searches for chats without tags, so no tag may be called that."""


def tag_id(name: str) -> str:
    """Open WebUI's tag ids: the name, lower-cased, with spaces as underscores."""
    return name.strip().replace(" ", "_").lower()
