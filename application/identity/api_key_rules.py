"""The workspace's API-key settings, asked on every request made with a key: kept for the identity
log's position, and read again from the workspace only once the log moved (an admin's change is an
identity event, so it holds from the next request on, in every process)."""

from __future__ import annotations

import threading

from application.identity.service import Identity
from domain.identity.api_keys import ApiKeyRules


class CurrentApiKeyRules:
    def __init__(self, identity: Identity) -> None:
        self._identity = identity
        self._lock = threading.Lock()
        self._kept: tuple[int, ApiKeyRules] | None = None

    def held(self, as_of: int) -> ApiKeyRules | None:
        """The rules kept for the log at ``as_of`` or later, without a query; None if none are."""
        kept = self._kept
        return kept[1] if kept is not None and kept[0] >= as_of else None

    def __call__(self, as_of: int | None = None) -> ApiKeyRules:
        """From a worker thread: the rules as of ``as_of`` (default: the log as it stands)."""
        position = self._identity.position if as_of is None else as_of
        rules = self.held(position)
        if rules is None:
            rules = ApiKeyRules.of(self._identity.auth_config())
            with self._lock:
                if self._kept is None or position > self._kept[0]:
                    self._kept = (position, rules)
        return rules
