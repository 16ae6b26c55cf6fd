"""Sign-in throttling (SECURITY.md): too many failures for one account, or from one address,
and further attempts get 429 with Retry-After until the window passes. A success clears the
account's count. ``X-Forwarded-For`` counts only when the peer is a configured proxy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from litestar import Request
from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_429_TOO_MANY_REQUESTS

from domain.identity.errors import InvalidCredentialsError
from infrastructure.attempts import AttemptCounter
from interfaces.http.addresses import ClientAddresses

T = TypeVar("T")
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 30


class SignInThrottle:
    def __init__(self, attempts: AttemptCounter, window_seconds: int, addresses: ClientAddresses) -> None:
        self._attempts = attempts
        self._window = window_seconds
        self._addresses = addresses

    def guard(self, request: Request[Any, Any, Any], email: str, sign_in: Callable[[], T]) -> T:
        keys = {f"signin:account:{email.strip().lower()}": ACCOUNT_FAILURES,
                f"signin:address:{self._addresses.of(request)}": ADDRESS_FAILURES}
        if any(self._attempts.count(key) >= limit for key, limit in keys.items()):
            raise HTTPException(status_code=HTTP_429_TOO_MANY_REQUESTS,
                                detail="Too many failed sign-ins. Wait a while, then try again.",
                                headers={"Retry-After": str(self._window)})
        try:
            result = sign_in()
        except InvalidCredentialsError:
            for key in keys:
                self._attempts.add(key)
            raise
        self._attempts.clear(next(iter(keys)))
        return result
