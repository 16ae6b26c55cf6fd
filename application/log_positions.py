"""Where the contexts' logs stood when a request began: read once per request, without a worker
thread, so that what is kept per log position (a session's account, the models context's state)
serves the request with no further trip to the database while the log stands still.

A request gets a ``RequestPositions`` in a context variable when it begins (``within_request``);
the first code that needs the positions reads them, and the rest of the request (its tasks and
the worker threads it hands work to) sees the same ones, moved on by its own commands' commits
so that it reads its own writes. Code outside a request (the Socket.IO handlers, background
jobs) finds none, and reads the position it needs itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Protocol, Self


class LogPosition(int):
    """Where a command left its context's log: the position, which compares, counts and prints as the
    int it is, and the context whose log it is in, so that a wait for it names the right log. (Give
    ``int(position)`` to an encoder: msgspec encodes no subclass of int.)"""

    context: str

    def __new__(cls, context: str, position: int) -> Self:
        made = super().__new__(cls, position)
        made.context = context
        return made


class LogPositions(Protocol):
    async def read(self) -> Mapping[str, int]:
        """Every context's last log position (0 for an empty log), read at once."""
        ...


class RequestPositions:
    """Shared by the request's tasks: whichever reads first, reads for all of them."""

    def __init__(self, log: LogPositions) -> None:
        self._log = log
        self._positions: Mapping[str, int] | None = None
        self.committed = False
        """Whether a command of this request committed: what fails after that cannot undo it."""
        self.written: dict[str, int] = {}
        """The last position each context's log reached by this request's own commands."""

    async def read(self) -> Mapping[str, int]:
        if self._positions is None:
            self._positions = await self._log.read()
        return self._positions

    def get(self, context: str) -> int | None:
        return None if self._positions is None else self._positions.get(context)

    def advance(self, context: str, position: int) -> None:
        self.committed = True
        self.written[context] = max(position, self.written.get(context, 0))
        if self._positions is not None and position > self._positions.get(context, 0):
            self._positions = {**self._positions, context: position}


_REQUEST: ContextVar[RequestPositions | None] = ContextVar("request_positions", default=None)


def within_request(log: LogPositions) -> None:
    """Called as a request begins, in its own task, before anything else of it runs."""
    _REQUEST.set(RequestPositions(log))


async def read_request_positions() -> Mapping[str, int] | None:
    request = _REQUEST.get()
    return None if request is None else await request.read()


def advance_request_position(context: str, position: int) -> None:
    """A command of the current request committed up to ``position``: the rest of the request
    sees the log with its own writes in it."""
    request = _REQUEST.get()
    if request is not None:
        request.advance(context, position)


def request_writes() -> Mapping[str, int]:
    """Where the current request's own commands left each context's log (empty outside a request)."""
    request = _REQUEST.get()
    return {} if request is None else request.written


def depend_on(context: str, position: int) -> None:
    """The current request's answer depends on the context's log up to ``position`` (a retry answered
    as the first try was: the first try's commit is in it), as if it had written there."""
    request = _REQUEST.get()
    if request is not None:
        request.written[context] = max(position, request.written.get(context, 0))


def request_committed() -> bool:
    """Whether the current request committed something (False outside a request)."""
    request = _REQUEST.get()
    return request is not None and request.committed


def request_position(context: str) -> int | None:
    """The context's position when the current request read them; None if it did not, or outside a request."""
    request = _REQUEST.get()
    return None if request is None else request.get(context)
