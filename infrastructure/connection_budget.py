"""How many connections one process opens to Postgres, at most (``ANNALS_DATABASE_CONNECTIONS``),
and how its pools share them: each context's event store, the views, the person keys, and the one
connection that reads the logs' positions for the requests.

Postgres refuses connections past its ``max_connections`` (100 by default), and then every
process sharing it fails at once. Pools that each grow on their own (the library's default: 20 per
context) could together reach far past that under a burst; a budget per process lets an operator
size every replica to fit: processes x budget <= max_connections, less what others use.

The views take a quarter of what is left after the keys and the positions (less if the contexts
would otherwise get fewer than two each), the contexts share the rest equally. Writes to one log
are serialised by its table lock, so a context gains little from more than a few connections;
readers wait a moment for one rather than fail.
"""

from __future__ import annotations

import msgspec

POSITIONS = 1
"""The connection reading the logs' positions (``infrastructure.log_positions``)."""
KEYS = 3
"""The person keys' pool: a key is made or unwrapped in a moment, and cached."""
SMALLEST_POOL = 2
"""One connection kept open, one more for a request that comes while it is busy."""


class BudgetTooSmallError(ValueError):
    pass


class Pool(msgspec.Struct, frozen=True):
    """A pool's share: ``size`` kept open, up to ``overflow`` more opened when all are busy."""

    size: int
    overflow: int

    @classmethod
    def of(cls, share: int, *, kept: int) -> Pool:
        return cls(size=min(kept, share), overflow=share - min(kept, share))

    @property
    def most(self) -> int:
        return self.size + self.overflow


class ConnectionBudget(msgspec.Struct, frozen=True):
    events: Pool
    """Each context's event store."""
    views: Pool
    keys: Pool

    @classmethod
    def split(cls, total: int, contexts: int, idle: int = 2) -> ConnectionBudget:
        """``idle``: how many of its connections each context's event store keeps open while idle
        (its pool opens them at start); the views' and the keys' pools open theirs when needed."""
        rest = total - POSITIONS - KEYS
        views = max(SMALLEST_POOL, min(rest // 4, rest - SMALLEST_POOL * contexts))
        events = (rest - views) // contexts
        if events < SMALLEST_POOL:
            raise BudgetTooSmallError(
                f"ANNALS_DATABASE_CONNECTIONS={total} is too few for {contexts} event stores, the views, the keys "
                f"and the log positions: give each process at least {cls.least(contexts)}")
        return cls(events=Pool.of(events, kept=idle), views=Pool.of(views, kept=5), keys=Pool.of(KEYS, kept=1))

    @staticmethod
    def least(contexts: int) -> int:
        """The smallest budget a process with ``contexts`` event stores may be given."""
        return POSITIONS + KEYS + SMALLEST_POOL * (contexts + 1)

    def most(self, contexts: int) -> int:
        """What the process may open at most: never more than the budget."""
        return POSITIONS + self.keys.most + self.views.most + contexts * self.events.most
