"""Every use of an API key (or of a SCIM provider's token), recorded off the request's path: a use is
counted in memory as the request is admitted (no write, no thread), and what was counted is recorded
every few seconds, one
``ApiKeyUse.Recorded`` per distinct use (same person, key, method, path, address and client) with
how many times it was made. A script polling one endpoint costs the log one record an interval,
not one a request, and no request waits on the audit log.

What this trades: the uses of the last interval are lost if the process dies before recording them
(they are recorded when it stops). Beyond ``KEPT`` distinct uses in one interval, the rest of each
person's are counted together as one (method and path ``*``), so memory stays bounded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import msgspec

from application.audit.commands import RecordApiKeyUse, RequestUse

KEPT = 10_000
ANY = "*"
Use = TypeVar("Use", bound=RequestUse)


@dataclass
class Tally(Generic[Use]):
    use: Use
    uses: int
    first_at: float
    last_at: float


def any_request(use: Use) -> Use:
    """The use folded with the same key's others: what it asked, and from where, forgotten."""
    return msgspec.structs.replace(use, method=ANY, path=ANY, address=None, client="")


class UseCounts(Generic[Use]):
    def __init__(self, kept: int = KEPT, clock: Callable[[], float] = time.time) -> None:
        self._kept, self._clock = kept, clock
        self._tallies: dict[Use, Tally[Use]] = {}
        self._lock = threading.Lock()

    def count(self, use: Use) -> None:
        now = self._clock()
        with self._lock:
            if use not in self._tallies and len(self._tallies) >= self._kept:
                use = any_request(use)
            tally = self._tallies.get(use)
            if tally is None:
                self._tallies[use] = Tally(use, 1, now, now)
            else:
                tally.uses, tally.last_at = tally.uses + 1, now

    def take(self) -> list[Tally[Use]]:
        """Every use counted since the last take."""
        with self._lock:
            tallies, self._tallies = list(self._tallies.values()), {}
        return tallies


ApiKeyUses = UseCounts[RecordApiKeyUse]
