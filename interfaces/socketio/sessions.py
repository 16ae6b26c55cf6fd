"""The signed-in Socket.IO connections of this process, and how their tokens are re-checked."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.exceptions import NotAuthorizedException

from infrastructure.container import Container
from interfaces.http.auth import Gate, SessionUser, authenticate

VERIFIED_ROLES = ("user", "admin")


@dataclass(frozen=True)
class Who:
    user_id: str
    token: str


class LocalSessions:
    """sid → who signed it in. Anonymous connections (no token yet, or one that failed) are absent."""

    def __init__(self) -> None:
        self._who: dict[str, Who] = {}
        self._by_user: dict[str, set[str]] = {}

    def add(self, sid: str, who: Who) -> None:
        self.remove(sid)
        self._who[sid] = who
        self._by_user.setdefault(who.user_id, set()).add(sid)

    def remove(self, sid: str) -> Who | None:
        who = self._who.pop(sid, None)
        if who is not None:
            sids = self._by_user[who.user_id]
            sids.discard(sid)
            if not sids:
                del self._by_user[who.user_id]
        return who

    def get(self, sid: str) -> Who | None:
        return self._who.get(sid)

    def sids_of(self, user_id: str) -> list[str]:
        return list(self._by_user.get(user_id, ()))

    def users(self) -> list[str]:
        return list(self._by_user)


def verified_user(container: Container, token: str | None) -> SessionUser | None:
    """The token's user as of now, if the token still holds and the account may use the app
    (pending accounts may not: Open WebUI's ``get_verified_user_by_token``)."""
    try:
        user = authenticate(Gate(container.sessions, container.standings, container.tokens), token)
    except NotAuthorizedException:
        return None
    return user if user.role in VERIFIED_ROLES else None


def valid_tokens(container: Container, tokens: set[str]) -> set[str]:
    return {token for token in tokens if verified_user(container, token) is not None}
