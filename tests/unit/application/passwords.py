"""A PasswordHasher that costs nothing: hashing is an external boundary (argon2 takes ~0.1 s)."""

from __future__ import annotations


class CheapPasswords:
    """``scheme:password``; a hash made under an older scheme needs rehashing, as argon2's would
    after its parameters change."""

    def __init__(self, scheme: str = "v1") -> None:
        self.scheme = scheme
        self.verified = 0
        """How many passwords were checked (each costs ~0.1 s with argon2)."""

    def hash(self, password: str) -> str:
        return f"{self.scheme}:{password}"

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return password_hash.partition(":")[2] == password

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash.partition(":")[0] != self.scheme
