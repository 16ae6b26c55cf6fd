from typing import Protocol


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...


class ProfilePictures(Protocol):
    def fetch(self, url: str) -> str | None:
        """The picture at ``url`` as a ``data:`` URL, or None when it cannot be had safely."""
