"""The account behind a session or an API key, asked on every request: kept per session (or key)
while the identity log stands still, and asked again of the users view once it moved.

Every change that may refuse a session or a key (signing out, a new password, a new role, a deleted
account, a key deleted or replaced) is an identity event, so it moves the log's position; the view
is caught up with that position before it is asked, so a refusal holds at once, in every process. An HTTP request reads
the positions once as it begins, on the event loop (``application.log_positions``), and then
finds its caller's account here without a worker thread or a query while the log stands still.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from projections.users.queries import UserQueries

KEPT_SESSIONS = 10_000


class SessionUsers:
    def __init__(self, queries: UserQueries, position: Callable[[], int], caught_up: Callable[[int], None],
                 kept: int = KEPT_SESSIONS) -> None:
        self._queries = queries
        self._position = position
        self._caught_up = caught_up
        self._kept = kept
        self._lock = threading.Lock()
        self._as_of = -1
        self._accounts: dict[Hashable, dict[str, Any] | None] = {}

    def held(self, user_id: str, session_id: str, as_of: int) -> dict[str, Any] | None | NotHeld:
        """The account as kept for the log at ``as_of`` or later, without asking anything."""
        return self._held(("session", user_id, session_id), as_of)

    def get(self, user_id: str, session_id: str) -> dict[str, Any] | None:
        """The account, or None if the account or the session is gone."""
        return self._get(("session", user_id, session_id),
                         lambda: self._queries.get_session_user(user_id, session_id))

    def held_key_user(self, key_digest: str, as_of: int) -> dict[str, Any] | None | NotHeld:
        return self._held(("api key", key_digest), as_of)

    def key_user(self, key_digest: str) -> dict[str, Any] | None:
        """The account whose API key in force has this digest, or None."""
        return self._get(("api key", key_digest), lambda: self._queries.get_key_user(key_digest))

    def _held(self, key: Hashable, as_of: int) -> dict[str, Any] | None | NotHeld:
        with self._lock:
            if as_of <= self._as_of and key in self._accounts:
                return self._accounts[key]
        return NOT_HELD

    def _get(self, key: Hashable, ask: Callable[[], dict[str, Any] | None]) -> dict[str, Any] | None:
        position = self._position()
        account = self._held(key, position)
        if not isinstance(account, NotHeld):
            return account
        self._caught_up(position)
        account = ask()
        with self._lock:
            # The view has seen at least the newest position kept: what it says now is that new.
            if position > self._as_of:
                self._as_of, self._accounts = position, {}
            if len(self._accounts) >= self._kept:
                self._accounts.clear()
            self._accounts[key] = account
        return account


class NotHeld:
    """Nothing kept for that session at that position (None is an account that is gone)."""


NOT_HELD = NotHeld()
