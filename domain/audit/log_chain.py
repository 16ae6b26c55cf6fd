"""Tamper evidence for a context's log: a hash chain over its stored events.

Each event's link is the SHA-256 of the link before it and of what is stored of the event: its
position, aggregate, version, topic and stored bytes (the bytes as stored, so that shredding a key
later never breaks the chain). The chain is written in the transaction that commits the events
(``infrastructure/chained_recorders.py``). Checking it walks the log and the chain side by side and
names the first position where they disagree: an event changed, removed, swapped or slipped in, or
a link changed, all show there (a link changed with its event shows at the next link, or at the
signed checkpoint it passes: ``Checkpoint``).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple
from uuid import UUID

GENESIS = bytes(32)
"""What the first event's link follows."""


class StoredEvent(NamedTuple):
    position: int
    originator_id: UUID | str
    version: int
    topic: str
    state: bytes


class Link(NamedTuple):
    position: int
    hash: bytes


class Disagreement(NamedTuple):
    position: int
    reason: str


def link(previous: bytes, event: StoredEvent) -> bytes:
    aggregate = event.originator_id.bytes if isinstance(event.originator_id, UUID) else event.originator_id.encode()
    topic = event.topic.encode()
    digest = hashlib.sha256(previous)
    digest.update(struct.pack(">QQIII", event.position, event.version, len(aggregate), len(topic), len(event.state)))
    digest.update(aggregate)
    digest.update(topic)
    digest.update(event.state)
    return digest.digest()


def chained(previous: bytes, events: Iterable[StoredEvent]) -> Iterator[Link]:
    for event in events:
        previous = link(previous, event)
        yield Link(event.position, previous)


def first_disagreement(events: Iterable[StoredEvent], links: Iterable[Link],
                       checkpoints: Mapping[int, bytes] | None = None) -> Disagreement | None:
    """Walk the log and its chain in position order; None if every event has its link and every
    link its event, and the chain passes through every signed checkpoint (``checkpoints``: hash
    by position, their signatures checked already)."""
    signed = dict(checkpoints or {})
    expected = GENESIS
    event_iter, link_iter = iter(events), iter(links)
    event, stored = next(event_iter, None), next(link_iter, None)
    while event is not None or stored is not None:
        if stored is None:
            assert event is not None
            return Disagreement(event.position, "an event the chain does not hold (slipped in)")
        if event is None or stored.position < event.position:
            return Disagreement(stored.position, "the chain holds an event the log lacks (removed)")
        if event.position < stored.position:
            return Disagreement(event.position, "an event the chain does not hold (slipped in)")
        expected = link(expected, event)
        if signed.pop(event.position, expected) != expected:
            return Disagreement(event.position, "the log disagrees with a signed checkpoint")
        if expected != stored.hash:
            return Disagreement(event.position, "the event or its link was changed")
        event, stored = next(event_iter, None), next(link_iter, None)
    if signed:
        return Disagreement(min(signed), "the log lacks the position of a signed checkpoint (removed)")
    return None


class Checkpoint(NamedTuple):
    """The chain's link at a position, signed (Ed25519) with a key the database never holds."""

    position: int
    hash: bytes
    signed_at: float
    signature: bytes


def checkpoint_message(context: str, position: int, hash_: bytes, signed_at: float) -> bytes:
    """What a checkpoint's signature signs."""
    return b"annals-checkpoint\0" + context.encode() + b"\0" + struct.pack(">Qd", position, signed_at) + hash_
