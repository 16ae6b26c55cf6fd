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
SLIPPED_IN = "an event the chain does not hold (slipped in)"
REMOVED = "the chain holds an event the log lacks (removed)"
CHANGED = "the event or its link was changed"
AGAINST_CHECKPOINT = "the log disagrees with a signed checkpoint"
CHECKPOINT_MISSING = "the log lacks the position of a signed checkpoint (removed)"
FORGED_CHECKPOINT = "a checkpoint whose signature does not hold (forged)"

_header = struct.Struct(">QQIII").pack
ChainedEvent = tuple[int, bytes, int, bytes, bytes, bytes | None]
"""An event as stored beside its link, as a verifier reads both in one pass: position, the
aggregate's id as hashed (``aggregate_bytes``), version, topic (UTF-8), stored bytes, and the
chain's hash at that position (None where the chain has none)."""


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


class Walked(NamedTuple):
    events: int
    """Events read, up to and including the one where the log and its chain disagree."""
    disagreement: Disagreement | None


def aggregate_bytes(originator_id: UUID | str) -> bytes:
    return originator_id.bytes if isinstance(originator_id, UUID) else originator_id.encode()


def link(previous: bytes, event: StoredEvent) -> bytes:
    aggregate, topic, state = aggregate_bytes(event.originator_id), event.topic.encode(), event.state
    return hashlib.sha256(b"".join((previous, _header(event.position, event.version, len(aggregate), len(topic),
                                                      len(state)), aggregate, topic, state))).digest()


def chained(previous: bytes, events: Iterable[StoredEvent]) -> Iterator[Link]:
    for event in events:
        previous = link(previous, event)
        yield Link(event.position, previous)


def first_disagreement(events: Iterable[StoredEvent], links: Iterable[Link],
                       checkpoints: Mapping[int, bytes] | None = None) -> Disagreement | None:
    """Walk the log and its chain in position order; None if every event has its link and every
    link its event, and the chain passes through every signed checkpoint (``checkpoints``: hash
    by position, their signatures checked already)."""
    held = {stored.position: stored.hash for stored in links}
    rows = [(e.position, aggregate_bytes(e.originator_id), e.version, e.topic.encode(), e.state,
             held.pop(e.position, None)) for e in events]
    return first_disagreement_in(rows, checkpoints or {}, min(held, default=None)).disagreement


def first_disagreement_in(rows: Iterable[ChainedEvent], checkpoints: Mapping[int, bytes],
                          first_unmatched_link: int | None) -> Walked:
    """``first_disagreement`` over the log's events each beside its link, in position order, and
    the first position where the chain holds a link and the log no event. The one pass a
    verifier makes: per event a SHA-256 and a few comparisons, nothing decoded."""
    signed, expected, walked = dict(checkpoints), GENESIS, 0
    removed = first_unmatched_link if first_unmatched_link is not None else float("inf")
    sha256, join, header = hashlib.sha256, b"".join, _header
    for walked, (position, aggregate, version, topic, state, stored) in enumerate(rows, 1):
        if position > removed:
            return Walked(walked, Disagreement(int(removed), REMOVED))
        if stored is None:
            return Walked(walked, Disagreement(position, SLIPPED_IN))
        expected = sha256(join((expected, header(position, version, len(aggregate), len(topic), len(state)),
                                aggregate, topic, state))).digest()
        if expected != stored or position in signed:
            if signed.pop(position, expected) != expected:
                return Walked(walked, Disagreement(position, AGAINST_CHECKPOINT))
            if expected != stored:
                return Walked(walked, Disagreement(position, CHANGED))
    if first_unmatched_link is not None:
        return Walked(walked, Disagreement(first_unmatched_link, REMOVED))
    if signed:
        return Walked(walked, Disagreement(min(signed), CHECKPOINT_MISSING))
    return Walked(walked, None)


class Checkpoint(NamedTuple):
    """The chain's link at a position, signed (Ed25519) with a key the database never holds."""

    position: int
    hash: bytes
    signed_at: float
    signature: bytes


def checkpoint_message(context: str, position: int, hash_: bytes, signed_at: float) -> bytes:
    """What a checkpoint's signature signs."""
    return b"annals-checkpoint\0" + context.encode() + b"\0" + struct.pack(">Qd", position, signed_at) + hash_
