"""What a new password must be (OWASP ASVS 5.0, V6.2): long enough, not absurdly long, and not one
of the passwords every attacker tries first. Compared exactly as typed: no trimming, no case folding."""

from __future__ import annotations

from domain.identity.errors import WeakPasswordError

MIN_LENGTH = 8
MAX_LENGTH = 1024

_MOST_COMMON = frozenset([
    "123456", "123456789", "12345678", "1234567890", "12345", "1234567", "111111", "11111111", "000000", "00000000",
    "123123", "123321", "654321", "666666", "696969", "777777", "7777777", "121212", "112233", "131313", "159753",
    "987654321", "1q2w3e4r", "1qaz2wsx", "password", "password1", "password123", "passw0rd", "p@ssw0rd", "qwerty",
    "qwerty123", "qwertyuiop", "qazwsx", "123qwe", "zxcvbnm", "asdfghjkl", "asdfgh", "abc123", "abcd1234", "iloveyou",
    "letmein", "letmein1", "welcome", "welcome1", "admin", "admin123", "administrator", "changeme", "trustno1",
    "monkey", "dragon", "master", "shadow", "sunshine", "princess", "football", "baseball", "superman", "batman",
    "starwars", "freedom", "whatever", "computer", "internet", "michael", "jennifer", "jessica", "charlie", "qwerty12",
    "1234qwer", "aaaaaaaa", "q1w2e3r4", "zaq12wsx", "11223344", "iloveyou1", "football1", "baseball1", "default",
])


def check_new_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPasswordError(f"a password may have at most {MAX_LENGTH} characters")
    if password.lower() in _MOST_COMMON:
        raise WeakPasswordError("that password is among the most common ones; choose another")
