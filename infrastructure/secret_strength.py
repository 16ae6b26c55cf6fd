"""Whether a secret is strong enough to sign tokens and seal keys with.

A secret typed by a person (a word, a short phrase, a repeated pattern) can be guessed offline from
a single token: production refuses one (``Settings.from_environ``), as it refuses none at all.
"""

from __future__ import annotations

import itertools

MIN_BYTES = 32
MIN_DISTINCT_CHARACTERS = 8
"""A random hex secret of 32 characters uses 14 of its 16 on average (fewer than 8: not once in a
million tries); a person's pattern, a few."""
HOW_TO_MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


def weakness(secret: str) -> str | None:
    """Why ``secret`` is too weak, or None."""
    size = len(secret.encode())
    if size < MIN_BYTES:
        return f"it is {size} bytes long, and at least {MIN_BYTES} are needed"
    distinct = len(set(secret))
    if distinct < MIN_DISTINCT_CHARACTERS:
        return f"it uses only {distinct} different characters"
    if _repeats_itself(secret):
        return "it repeats a shorter sequence"
    if _mostly_runs(secret):
        return "it is mostly runs of neighbouring characters (abcd..., 1234...)"
    return None


def _repeats_itself(secret: str) -> bool:
    return any(secret[period:] == secret[:-period] for period in range(1, len(secret) // 2 + 1))


def _mostly_runs(secret: str) -> bool:
    steps = [ord(b) - ord(a) for a, b in itertools.pairwise(secret)]
    return sum(abs(step) == 1 for step in steps) * 2 >= len(steps)
