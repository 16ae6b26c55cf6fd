"""How a chat message names the files it carries: the items of its ``files`` list, as Open WebUI's
app writes them once an upload is answered. Never the message's text: a file id typed or pasted
there is not an attachment."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from uuid import UUID

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def file_id_of(item: Any) -> UUID | None:
    """The app names an uploaded file by ``id`` (and ``url``, the id again, or older ``/api/v1/files/{id}/content``)."""
    if not isinstance(item, dict):
        return None
    for value in (item.get("id"), item.get("url")):
        if isinstance(value, str) and (found := _UUID.search(value)):
            return UUID(found.group(0))
    return None


def files_carried(messages: Iterable[Any]) -> set[UUID]:
    """The files attached to any of ``messages`` (message documents, whatever their role)."""
    return {file_id for message in messages if isinstance(message, dict)
            for item in _listed(message.get("files")) if (file_id := file_id_of(item)) is not None}


def _listed(files: Any) -> list[Any]:
    return files if isinstance(files, list) else []
