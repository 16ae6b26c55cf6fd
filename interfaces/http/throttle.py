"""Sign-in throttling (SECURITY.md), as mature identity servers do it: limits per account *and
address*, per address, and a progressive delay on the account, so that guessing is slow and the
owner is not locked out of their own account by someone guessing at it from elsewhere.

- One address may fail 5 times on one account per window, and 30 times across accounts.
- An account that failed 10 times in the window, from anywhere, slows down: each attempt from an
  address it has not signed in from lately shuts the gate for 1 s, then 2 s, 4 s... up to a
  minute, for every such address at once. Addresses it signed in from (the owner's) pass through.
- Every attempt is counted before the password is checked, atomically with the check against the
  limits, so concurrent guesses get no more tries than sequential ones; a success, or an error
  that says nothing about the password, takes it back. A success also clears the address's
  failures on that account.

A refused attempt gets 429 with ``Retry-After``. The address is ``ClientAddresses``' (a proxy's
``X-Forwarded-For`` counts only from ``ANNALS_TRUSTED_PROXIES``); IPv6 addresses count per /64,
what one subscriber is usually given.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv6Address, ip_address, ip_network
from typing import TypeVar

from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_429_TOO_MANY_REQUESTS

from domain.identity.email_index import normalise_email
from domain.identity.errors import InvalidCredentialsError
from infrastructure.attempts import AttemptCounter, Gate, Limit

T = TypeVar("T")
WINDOW_SECONDS = 15 * 60
PAIR_FAILURES = 5
ADDRESS_FAILURES = 30
ACCOUNT_FAILURES_BEFORE_DELAY = 10
FIRST_DELAY_SECONDS = 1.0
LONGEST_DELAY_SECONDS = 60.0
FAMILIAR_SECONDS = 30 * 86400
UNLIMITED = 2**31


class TooManySignInsError(HTTPException):
    status_code = HTTP_429_TOO_MANY_REQUESTS

    def __init__(self, wait_seconds: float) -> None:
        super().__init__(detail="Too many failed sign-ins. Wait a while, then try again.",
                         headers={"Retry-After": str(max(1, math.ceil(wait_seconds)))})


@dataclass(frozen=True)
class _Keys:
    account: str
    address: str
    pair: str
    gate: str
    familiar: str

    @classmethod
    def of(cls, address: str, email: str) -> _Keys:
        account = hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]  # no e-mails in Redis
        scope = _address_scope(address)
        return cls(account=f"signin:account:{account}", address=f"signin:address:{scope}",
                   pair=f"signin:pair:{account}:{scope}", gate=f"signin:gate:{account}",
                   familiar=f"signin:familiar:{account}:{scope}")

    def limits(self) -> list[Limit]:
        return [Limit(self.pair, PAIR_FAILURES), Limit(self.address, ADDRESS_FAILURES),
                Limit(self.account, UNLIMITED)]

    def gate_for_strangers(self) -> Gate:
        return Gate(self.gate, self.account, ACCOUNT_FAILURES_BEFORE_DELAY, FIRST_DELAY_SECONDS,
                    LONGEST_DELAY_SECONDS)


class SignInThrottle:
    def __init__(self, attempts: AttemptCounter) -> None:
        self._attempts = attempts

    def guard(self, address: str, email: str, sign_in: Callable[[], T]) -> T:
        """``sign_in()``, if this attempt is allowed (else ``TooManySignInsError``), counted as a
        failure if it raises ``InvalidCredentialsError``."""
        keys = _Keys.of(address, email)
        gate = None if self._attempts.marked(keys.familiar) else keys.gate_for_strangers()
        wait = self._attempts.admit(keys.limits(), gate)
        if wait > 0:
            raise TooManySignInsError(wait)
        try:
            result = sign_in()
        except InvalidCredentialsError:
            raise
        except BaseException:
            self._attempts.release([keys.pair, keys.address, keys.account])
            raise
        self._attempts.clear(keys.pair)
        self._attempts.release([keys.address, keys.account])
        self._attempts.mark(keys.familiar, FAMILIAR_SECONDS)
        return result

    def signed_up(self, address: str, email: str) -> None:
        """The address an account was made from is its owner's."""
        self._attempts.mark(_Keys.of(address, email).familiar, FAMILIAR_SECONDS)


def _address_scope(address: str) -> str:
    try:
        parsed = ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, IPv6Address):
        return str(parsed.ipv4_mapped or ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
