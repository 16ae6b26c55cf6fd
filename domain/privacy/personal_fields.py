"""Which of an event's texts are personal data: every text a person could have typed, unless its
field is named as public (ids, digests, roles, states). Personal texts are stored under the data
key of the person they belong to (``infrastructure/sealing_mapper.py``); public ones stay queryable.

The rule is by field name, at any depth of an event's state, so a context added later is covered
without a word: a new text field is personal until someone names it public here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from domain.audit.verification import Verification
from domain.files.file import StoredFile
from domain.identity.user import User

ERASED = "[erased]"
"""What a personal text reads as once its key is gone."""

_ID_NAME = re.compile(r"(?:^id|_ids?|[a-z0-9]Ids?)$")
"""``id``, ``chat_id``, ``childrenIds``, ``parentId``: names of ids, which nobody types."""
_PERSONAL_IDS = frozenset({"tag_id", "tag_ids"})
"""Ids made from what someone typed (a tag's id is its name, lower-cased)."""
SPLIT_VERSION = 3
"""The version of this policy that events are split by now. A sealed event names the version it was
split by, so a field made personal later still reads back from the events stored before."""
_PERSONAL_SINCE = {"model": 2, "model_id": 2, "base_model_id": 2, "model_ids": 3, "sibling_model_ids": 3}
"""Names once public, personal from a version on. A model preset's id is typed by its creator (the
app makes it from the name they gave), and chats, presets, ratings and folders repeat it, alone or
in lists (a rating's ``sibling_model_ids``, a folder's ``data.model_ids``)."""
_PUBLIC_NAMES = frozenset({
    "role", "model", "kind", "status", "text_status", "digest", "digests", "sha256", "content_type", "storage_key",
    "method", "principal_type", "permission", "timestamp", "created_at", "updated_at", "done",
    "originator_topic", "topic",
})


_WRITTEN_BY_ANNALS: dict[type, frozenset[str]] = {StoredFile.Deleted: frozenset({"reason"}),
                                                   User.ApiKeyRevoked: frozenset({"reason"}),
                                                   Verification.Recorded: frozenset({"context", "reason"})}
"""Texts of one event that Annals itself writes (why a file went, why a key stopped working, which log
a verification checked and how it disagreed), kept readable after erasure."""


def public_fields_of(event_type: type) -> frozenset[str]:
    """The event's own public fields besides those public by name."""
    return _WRITTEN_BY_ANNALS.get(event_type, frozenset())


@lru_cache(maxsize=4096)
def is_public_field(name: str, version: int = SPLIT_VERSION) -> bool:
    """Whether a field's texts, and everything below it, stay in clear (in events split by
    ``version`` of this policy)."""
    since = _PERSONAL_SINCE.get(name)
    if name in _PERSONAL_IDS or (since is not None and since <= version):
        return False
    return name in _PUBLIC_NAMES or name.endswith(("_digest", "_digests")) or _ID_NAME.search(name) is not None
