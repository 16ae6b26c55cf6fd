"""The caller's view of the files a conversation names: the items of its person's messages, and
the files behind them that the caller may read, or that the preset in use names (those they may
not are left out, as if not there)."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from typing import Any
from uuid import UUID

import structlog

from application.files.ports import BlobMissingError
from application.files.service import Files
from application.knowledge.chat_sources import is_knowledge
from application.models.catalog import Caller
from domain.files.errors import NoSuchFileError
from domain.files.file import StoredFile
from domain.files.kinds import is_raster_image, media_type
from domain.files.references import file_id_of

log = structlog.get_logger()
_DATA_IMAGE = re.compile(r"data:(image/[a-z0-9.+-]+);base64,", re.IGNORECASE)
Message = dict[str, Any]
Item = dict[str, Any]


def readable_file(files: Files, file_id: UUID, caller: Caller) -> StoredFile:
    """The file, if the caller may read it, or the preset in use vouches for it and it exists."""
    if caller.vouches("file", file_id):
        return files.file(file_id)
    return files.readable(file_id, caller.user_id, caller.is_admin)


class ChatReader:
    def __init__(self, files: Files, caller: Caller) -> None:
        self._files, self._caller = files, caller

    def stored(self, item: Any) -> StoredFile | None:
        file_id = file_id_of(item)
        if file_id is None:
            return None
        try:
            return readable_file(self._files, file_id, self._caller)
        except NoSuchFileError:
            log.info("attachment.unreadable", file_id=str(file_id), user_id=self._caller.user_id)
            return None

    def picture(self, item: Any) -> str | None:
        """A picture as a ``data:`` URL: one the app inlined itself, or one of our files."""
        url = item.get("url") if isinstance(item, dict) else None
        if isinstance(url, str) and (inlined := _DATA_IMAGE.match(url)) and is_raster_image(inlined.group(1)):
            return url
        stored = self.stored(item)
        if stored is None or not is_raster_image(stored.content_type):
            return None
        try:
            data = self._files.content(stored)
        except BlobMissingError:
            return None
        return f"data:{media_type(stored.content_type)};base64,{base64.b64encode(data).decode('ascii')}"

    def documents(self, items: Iterable[Item]) -> list[tuple[Item, StoredFile]]:
        """The documents (not pictures) ``items`` name, each once (as first named), in order."""
        found: dict[UUID, tuple[Item, StoredFile]] = {}
        for item in items:
            if not is_picture(item) and not is_knowledge(item) and (stored := self.stored(item)) is not None:
                found.setdefault(stored.id, (item, stored))
        return [(item, stored) for item, stored in found.values() if not is_raster_image(stored.content_type)]

    def with_pictures(self, message: Message) -> Any:
        """The message's content, with its pictures as image parts after its text."""
        content = message["content"]
        pictures = [url for item in files_of(message) if is_picture(item) and (url := self.picture(item))]
        if not pictures or not isinstance(content, str):
            return content
        return [{"type": "text", "text": content},
                *({"type": "image_url", "image_url": {"url": url}} for url in pictures)]


def files_of(message: Message) -> list[Item]:
    """The items a person's message carries (an assistant's are not theirs to show)."""
    files = message.get("files") if message.get("role") == "user" else None
    return [item for item in files if isinstance(item, dict)] if isinstance(files, list) else []


def is_picture(item: Item) -> bool:
    return item.get("type") == "image" or is_raster_image(item.get("content_type"))
