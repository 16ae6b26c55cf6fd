"""Reading one's own writes, declared once per route and waited for in one place.

A route names the views its answer reads, by projector class (``opt=reads(ChatViews)``): the views
that must show its writes before it answers, so that a 2xx means the next request sees them too.
Each declared view is caught up to what the request's own commands wrote in its context, or, for
figures over the whole log (``reads(UsageLedger, as_of_request=True)``), to where the log stood
when the request began. That happens in one of two places, whichever comes first: a query's
``connect`` (the queries of every view connect through a ``SettledReader``), or the answer leaving
(``settle_request``, the application's ``after_request``). A view is waited for once per new write;
with nothing written, nothing waits. Code outside a request (sockets, reactions) names the view and
the position it needs: ``settle(runner, ChatReads, position)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Connection, Dialect, Engine

from application.log_positions import LogPosition, request_position, request_writes
from projections.runtime.projector import Projector

READS = "reads"


class Reads(NamedTuple):
    projectors: tuple[type[Projector], ...]
    as_of_request: bool
    """Also everything committed before the request began, not only its own writes."""


def reads(*projectors: type[Projector], as_of_request: bool = False) -> dict[str, Reads]:
    """A route's ``opt``: the views its answer reads (none: ``reads()``)."""
    return {READS: Reads(projectors, as_of_request)}


def declared_reads(opt: Mapping[str, Any]) -> Reads | None:
    return opt.get(READS)


class Waiter(Protocol):
    def wait(self, context: str, position: int | None, views: tuple[str, ...] | None = None) -> None: ...


def settle(runner: Waiter, projector: type[Projector], position: int | None) -> None:
    """Return once ``projector``'s view includes ``position`` of its context's log (None: nothing).
    A command's ``LogPosition`` names its log: one of another context's is a mistake, refused."""
    if isinstance(position, LogPosition) and position.context != projector.context:
        raise ValueError(f"{projector.__name__} reads the {projector.context} log, not the {position.context} log")
    runner.wait(projector.context, position, (projector.view,))


class _Settling:
    """One request's declared reads, and how far each view was already waited for."""

    def __init__(self, declared: Reads, runner: Waiter) -> None:
        self.declared = declared
        self.runner = runner
        self.settled: dict[str, int] = {}

    def settle(self) -> None:
        for projector, target in self.behind():
            settle(self.runner, projector, target)
            self.settled[projector.view] = target

    def behind(self) -> list[tuple[type[Projector], int]]:
        written = request_writes()
        behind = []
        for projector in self.declared.projectors:
            target = written.get(projector.context, 0)
            if self.declared.as_of_request:
                target = max(target, request_position(projector.context) or 0)
            if target > self.settled.get(projector.view, 0):
                behind.append((projector, target))
        return behind


_SETTLING: ContextVar[_Settling | None] = ContextVar("settling", default=None)


def settling_for_request(declared: Reads | None, runner: Waiter) -> None:
    """Called as a request begins, in its own task, with what its route declared."""
    _SETTLING.set(None if declared is None else _Settling(declared, runner))


def request_unsettled() -> bool:
    """Whether a declared view of the current request is yet to be waited for (a cheap look)."""
    settling = _SETTLING.get()
    return settling is not None and bool(settling.behind())


def settle_request() -> None:
    """Wait for what remains of the current request's declared views, before it answers."""
    settling = _SETTLING.get()
    if settling is not None:
        settling.settle()


class SettledReader:
    """The read-model engine as the queries see it: its ``connect`` settles the current request's
    declared views first. The projection runtime keeps the plain engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def dialect(self) -> Dialect:
        return self._engine.dialect

    def connect(self) -> Connection:
        settle_request()
        return self._engine.connect()
