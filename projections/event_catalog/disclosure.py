"""What of an event's data an admin sees in the event API.

People's content (what they wrote, their names, e-mails, pictures, settings) is redacted in the
contexts that hold it unless the admins' content policy (``ENABLE_ADMIN_CHAT_ACCESS``) allows it or
the event is the viewer's own. What stays is the structure: ids, roles, flags, sizes, counts. The
list is of what may be shown, so a field added later is redacted until someone decides otherwise.
"""

from __future__ import annotations

from typing import Any

import msgspec

REDACTED = "[redacted]"
PERSONAL_CONTEXTS = frozenset({"identity", "chats", "files", "evaluations"})
SECRET_FIELDS = frozenset({"password_hash", "key_digest"})
"""What checks a credential (a password's hash, an API key's digest): never shown, whatever the policy."""
STRUCTURE = frozenset({
    "id", "owner_id", "user_id", "actor_id", "primary_admin_id", "chat_id", "message_id", "message_ids",
    "parent_id", "new_parent", "new_current", "moved", "reply_id", "folder_id", "tag_id", "share_id",
    "session_id", "model", "model_id", "base_model_id", "role", "is_active", "enabled", "token_generation",
    "kind", "size", "content_type", "characters", "chat_version", "storage_key", "usage", "access_grants",
    "archived", "pinned", "status", "rating",
})
CONTEXT_STRUCTURE = {
    "files": frozenset({"reason"}),  # a deletion's reason is Annals' own words, never a person's
}


class Viewer(msgspec.Struct, frozen=True):
    user_id: str
    may_read_content: bool
    """The admins' content policy: when off, others' content is redacted."""


def disclosed(context: str, owner: str | None, data: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
    shown = viewer.may_read_content or not reveals_content(context, owner, viewer)
    structure = STRUCTURE | CONTEXT_STRUCTURE.get(context, frozenset())
    return {key: REDACTED if key in SECRET_FIELDS or not (shown or key in structure) else value
            for key, value in data.items()}


def reveals_content(context: str, owner: str | None, viewer: Viewer) -> bool:
    """Whether showing this event whole shows someone else's content (a read to be recorded)."""
    return context in PERSONAL_CONTEXTS and owner is not None and owner != viewer.user_id
