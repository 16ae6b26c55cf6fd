"""What the files context needs from the outside: somewhere to keep bytes, and a reader that
extracts the text of documents (PDF, Office, HTML)."""

from __future__ import annotations

from typing import Protocol

import msgspec


class BlobStore(Protocol):
    """Bytes under keys the server chose (a file's id), never under a name a person gave."""

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key``, whole or not at all."""

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; ``BlobMissingError`` if there are none."""

    def delete(self, key: str) -> None:
        """Forget ``key``'s bytes; nothing happens if there are none."""


class Extracted(msgspec.Struct, frozen=True):
    """What is kept of a file for models to read: its text, and for a converted document its
    structure (opaque here: the reader's serialisation), which chunking follows to cut at headings
    and to know each passage's page. Both are the file's content, kept and erased together."""

    text: str
    structure: bytes | None = None


class DocumentReader(Protocol):
    """A document's text for a model to read. Slow (seconds for a long PDF) and CPU-bound: it is
    called from worker threads, never on the event loop."""

    def read(self, kind: str, data: bytes) -> Extracted:
        """The text and structure of a ``kind`` (``pdf``, ``docx``, ``pptx``, ``xlsx``, ``html``)
        document; ``ExtractionError`` saying why, for a person to read, if it cannot be had."""


class BlobMissingError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(f"no bytes are kept under {key}")
        self.key = key


class ExtractionError(Exception):
    """Why a file's text cannot be read; said to the person, not raised to the client."""
