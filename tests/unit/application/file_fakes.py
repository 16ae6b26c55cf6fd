"""Fakes for the files context's ports: blobs in a dict, and documents whose text is their bytes."""

from __future__ import annotations

from application.files.extraction import Extraction
from application.files.ports import BlobMissingError, ExtractionError

DAMAGED = b"%PDF damaged"


class MemoryBlobs:
    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def put(self, key: str, data: bytes) -> None:
        self.kept[key] = data

    def get(self, key: str) -> bytes:
        if key not in self.kept:
            raise BlobMissingError(key)
        return self.kept[key]

    def delete(self, key: str) -> None:
        self.kept.pop(key, None)


class FakeDocuments:
    """Reads a document's bytes as its text, except ``DAMAGED``; counts what it was asked to read."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def text(self, kind: str, data: bytes) -> str:
        self.read.append(kind)
        if data == DAMAGED:
            raise ExtractionError(f"The file could not be read as a .{kind} document")
        return data.decode()


def extraction(documents: FakeDocuments | None = None, max_characters: int = 1000) -> Extraction:
    return Extraction(documents or FakeDocuments(), max_characters=max_characters)
