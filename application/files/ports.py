"""What the files context needs from the outside: somewhere to keep bytes."""

from __future__ import annotations

from typing import Protocol


class BlobStore(Protocol):
    """Bytes under keys the server chose (a file's id), never under a name a person gave."""

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key``, whole or not at all."""

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; ``BlobMissingError`` if there are none."""

    def delete(self, key: str) -> None:
        """Forget ``key``'s bytes; nothing happens if there are none."""


class BlobMissingError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(f"no bytes are kept under {key}")
        self.key = key
