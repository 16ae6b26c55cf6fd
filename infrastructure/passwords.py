from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2Passwords:
    """argon2id with argon2-cffi's defaults (t=3, m=64 MiB, p=4); hashes are rehashed on sign-in
    when those parameters change."""

    def __init__(self, *, fast_for_tests: bool = False) -> None:
        # The fast profile exists so that a test suite can sign hundreds of people up; settings
        # read from the environment never choose it.
        self._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1) if fast_for_tests \
            else PasswordHasher()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
