"""Token use by scripts: a person's session token presented by a client that is no browser.

Recorded once per session, address and client in an interval (``application.audit.script_uses``),
not per request: the record says that a script used the token, from where and as what client, and
the first thing it asked; the requests that follow it in the interval are its own business.
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event


class TokenUse(Aggregate):
    class Recorded(Aggregate.Created):
        user_id: str
        session_id: str
        address: str | None
        client: str
        method: str
        path: str

    @event(Recorded)
    def __init__(self, *, user_id: str, session_id: str, address: str | None, client: str, method: str,
                 path: str) -> None:
        """``client``: what the script says it is (its User-Agent)."""
        self.user_id = user_id
