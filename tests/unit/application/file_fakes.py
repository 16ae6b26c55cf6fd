"""Fakes for the files context's ports: blobs in a dict, and documents whose text is their bytes
(and whose structure is ``structure of`` them)."""

from __future__ import annotations

from application.files.extraction import Extraction
from application.files.ports import BlobMissingError, Extracted, ExtractionError

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
        self.kinds: list[str] = []

    def read(self, kind: str, data: bytes) -> Extracted:
        self.kinds.append(kind)
        if data == DAMAGED:
            raise ExtractionError(f"The file could not be read as a .{kind} document")
        return Extracted(data.decode(), structure_of(data))


def structure_of(data: bytes) -> bytes:
    return b"structure of " + data


def extraction(documents: FakeDocuments | None = None, max_characters: int = 1000) -> Extraction:
    return Extraction(documents or FakeDocuments(), max_characters=max_characters)
