"""Checking each context's log against its hash chain (``domain/audit/log_chain.py``): what
``annals verify`` and ``GET /api/v1/audit/verify`` report."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TypeVar

import msgspec
from eventsourcing.application import Application

from application.audit.checkpoints import AuditSignature
from application.event_log import chain_head, last_position, read_checkpoints, read_links, read_log
from domain.audit.log_chain import Link, StoredEvent, checkpoint_message, first_disagreement

PAGE = 5000
T = TypeVar("T")


class Verdict(msgspec.Struct, frozen=True):
    context: str
    events: int
    """Events checked: the log as it stood when the check began."""
    first_disagreement: int | None = None
    """The first position where the log and its chain disagree; None when they agree throughout."""
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.first_disagreement is None


def verify(contexts: Mapping[str, Application], key: AuditSignature) -> list[Verdict]:
    return [verify_log(name, app, key) for name, app in contexts.items()]


def verify_log(name: str, app: Application, key: AuditSignature) -> Verdict:
    # Read in this order, each bound holds what was committed before it was read; events and links
    # committed while the check runs are left to the next one. The chain may reach past the log
    # (its last events removed): its links up to there are walked too.
    checkpoints = read_checkpoints(app)
    chained_to = (chain_head(app) or Link(0, b"")).position
    head = last_position(app)
    bound = max(head, chained_to)
    counted = [0]
    for checkpoint in checkpoints:
        if not key.valid(checkpoint_message(name, *checkpoint[:3]), checkpoint.signature):
            return Verdict(name, 0, checkpoint.position, "a checkpoint whose signature does not hold (forged)")

    def events() -> Iterator[StoredEvent]:
        for n in _pages(lambda start: read_log(app, start, PAGE, stop=head), lambda n: n.id):
            counted[0] += 1
            yield StoredEvent(n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state))

    def links() -> Iterator[Link]:
        for link in _pages(lambda start: read_links(app, start, PAGE), lambda link: link.position):
            if link.position > bound:
                return
            yield link

    found = first_disagreement(events(), links(), {c.position: c.hash for c in checkpoints})
    if found is None:
        return Verdict(name, counted[0])
    return Verdict(name, counted[0], found.position, found.reason)


def _pages(read: Callable[[int], Sequence[T]], position: Callable[[T], int]) -> Iterator[T]:
    start = 1
    while page := read(start):
        yield from page
        start = position(page[-1]) + 1
