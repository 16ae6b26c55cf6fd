"""Uses of a person's API key: which key, asked what (method and path), from where and as what
client; never what the request carried.

The same use repeated within an interval (``application.audit.api_key_uses``) is one record that
counts them (``uses``, from ``first_at`` to ``last_at``, epoch seconds), so every use is accounted
for and a script polling every second leaves one record an interval, not one a request.
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event


class ApiKeyUse(Aggregate):
    class Recorded(Aggregate.Created):
        user_id: str
        key_digest: str
        method: str
        path: str
        address: str | None
        client: str
        uses: int
        first_at: float
        last_at: float

    @event(Recorded)
    def __init__(self, *, user_id: str, key_digest: str, method: str, path: str, address: str | None,
                 client: str, uses: int, first_at: float, last_at: float) -> None:
        self.user_id = user_id
