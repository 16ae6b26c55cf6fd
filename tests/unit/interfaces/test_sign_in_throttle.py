"""The sign-in throttle's rules, with the in-process counter and a clock of our own: guessing is
slowed per account and address, per address, and (for strangers) per account, while the owner,
from an address they signed in from, still gets in."""

from __future__ import annotations

import pytest

from domain.identity.errors import InvalidCredentialsError
from infrastructure.attempts import MemoryAttempts
from interfaces.http.throttle import WINDOW_SECONDS, SignInThrottle, TooManySignInsError

EMAIL = "owner@example.com"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttle(clock: Clock) -> SignInThrottle:
    return SignInThrottle(MemoryAttempts(WINDOW_SECONDS, clock))


def wrong() -> None:
    raise InvalidCredentialsError()


def right() -> str:
    return "signed in"


def fail(throttle: SignInThrottle, address: str, email: str = EMAIL) -> str:
    """What the attempt came to: ``failed`` or ``refused``."""
    try:
        throttle.guard(address, email, wrong)
    except InvalidCredentialsError:
        return "failed"
    except TooManySignInsError:
        return "refused"
    raise AssertionError("a wrong password signed in")


def test_five_failures_from_one_address_refuse_it_that_account(throttle: SignInThrottle) -> None:
    assert [fail(throttle, ATTACKER) for _ in range(6)] == ["failed"] * 5 + ["refused"]
    with pytest.raises(TooManySignInsError):
        throttle.guard(ATTACKER, EMAIL, right)


def test_a_refusal_says_how_long_to_wait(throttle: SignInThrottle, clock: Clock) -> None:
    for _ in range(5):
        fail(throttle, ATTACKER)
    clock.now = 60
    with pytest.raises(TooManySignInsError) as refused:
        throttle.guard(ATTACKER, EMAIL, right)
    assert refused.value.headers == {"Retry-After": str(WINDOW_SECONDS - 60)}


def test_the_window_passing_lets_the_address_try_again(throttle: SignInThrottle, clock: Clock) -> None:
    for _ in range(5):
        fail(throttle, ATTACKER)
    clock.now = WINDOW_SECONDS + 1
    assert fail(throttle, ATTACKER) == "failed"


def test_the_owner_signs_in_from_their_address_while_another_guesses(throttle: SignInThrottle) -> None:
    throttle.signed_up(OWNER, EMAIL)
    for _ in range(10):
        fail(throttle, ATTACKER)
    assert throttle.guard(OWNER, EMAIL, right) == "signed in"


def test_the_owner_signs_in_while_many_addresses_guess(throttle: SignInThrottle, clock: Clock) -> None:
    throttle.guard(OWNER, EMAIL, right)
    for n in range(200):
        clock.now += 0.5
        fail(throttle, f"203.0.113.{n}")
    assert throttle.guard(OWNER, EMAIL, right) == "signed in"


def test_guesses_from_many_addresses_are_slowed_ever_more(throttle: SignInThrottle, clock: Clock) -> None:
    assert [fail(throttle, f"203.0.113.{n}") for n in range(10)] == ["failed"] * 10  # the 10th shuts the gate: 1 s
    assert fail(throttle, "203.0.113.100") == "refused"
    clock.now += 1
    assert fail(throttle, "203.0.113.101") == "failed"  # shuts it for 2 s
    clock.now += 1
    assert fail(throttle, "203.0.113.102") == "refused"
    clock.now += 1
    assert fail(throttle, "203.0.113.102") == "failed"


def test_thirty_failures_from_one_address_refuse_it_every_account(throttle: SignInThrottle) -> None:
    for n in range(30):
        fail(throttle, ATTACKER, email=f"person{n}@example.com")
    assert fail(throttle, ATTACKER, email="someone-else@example.com") == "refused"


def test_ipv6_addresses_of_one_subscriber_count_together(throttle: SignInThrottle) -> None:
    outcomes = [fail(throttle, f"2001:db8:1:2::{n:x}") for n in range(6)]
    assert outcomes[-1] == "refused"


def test_a_success_clears_that_address_failures_on_the_account(throttle: SignInThrottle) -> None:
    for _ in range(4):
        fail(throttle, OWNER)
    throttle.guard(OWNER, EMAIL, right)
    assert [fail(throttle, OWNER) for _ in range(5)] == ["failed"] * 5


def test_an_error_other_than_a_wrong_password_is_not_counted(throttle: SignInThrottle) -> None:
    def broken() -> None:
        raise ConnectionError("the store is away")

    for _ in range(10):
        with pytest.raises(ConnectionError):
            throttle.guard(OWNER, EMAIL, broken)
    assert throttle.guard(OWNER, EMAIL, right) == "signed in"


def test_the_case_of_an_email_does_not_make_a_new_account(throttle: SignInThrottle) -> None:
    for n in range(5):
        fail(throttle, ATTACKER, email=EMAIL.upper() if n % 2 else EMAIL)
    assert fail(throttle, ATTACKER, email=" Owner@Example.com ") == "refused"
