"""Random single tamperings of the chats log with direct SQL, as someone holding the database would
make them, each on a fresh copy of the log, and where ``annals verify`` must find each: the fuzzing
behind tests/integration/test_log_tampering.py and ops/bench/tamper.py.

Where a tampering must be found follows from the chain's design (``domain/audit/log_chain.py``):
an event changed, swapped or slipped in shows at its position; an event changed or removed together
with its link, recomputed as the editor would, shows at the next link, or at a signed checkpoint.
Two tamperings no chain can find are never drawn: the last event changed or removed with its link
after the last checkpoint (only the next checkpoint covers it).
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple
from uuid import UUID

import psycopg

from application.audit.verification import verify_log
from application.event_log import sqlite_log_file
from domain.audit.log_chain import (
    AGAINST_CHECKPOINT,
    CHANGED,
    CHECKPOINT_MISSING,
    FORGED_CHECKPOINT,
    GENESIS,
    REMOVED,
    SLIPPED_IN,
    Disagreement,
    StoredEvent,
    link,
)
from infrastructure.container import Container

KINDS = ("state byte", "aggregate", "version", "topic", "removed", "swapped", "appended", "inserted",
         "relinked", "link copied", "removed with link", "forged checkpoint")


class Shape(NamedTuple):
    """The untouched log: its positions and those of its signed checkpoints."""

    positions: tuple[int, ...]
    checkpoints: tuple[int, ...]

    def after(self, position: int) -> int | None:
        return next((p for p in self.positions if p > position), None)


class Tampering(NamedTuple):
    kind: str
    position: int
    other: int
    """The other event of a swap or the link copied; for the rest, a seed for the bytes changed."""
    expected: Disagreement


def tamperings(shape: Shape, count: int, seed: int) -> list[Tampering]:
    rng, drawn = random.Random(seed), list[Tampering]()
    while len(drawn) < count:
        kind = rng.choice(KINDS)
        position = rng.choice(shape.checkpoints if kind == "forged checkpoint" else shape.positions)
        if kind == "appended":
            position = shape.positions[-1] + 1
        other = rng.randrange(2**32)
        if kind == "link copied":
            other = rng.choice([p for p in shape.positions if p != position])
        if kind == "swapped":  # mostly neighbours, as a reordering would be
            index = shape.positions.index(position)
            other = rng.choice([p for p in shape.positions[max(0, index - 3):index + 4] if p != position])
        if kind == "swapped":
            position, other = min(position, other), max(position, other)
        if (expected := _expected(shape, kind, position)) is not None:
            drawn.append(Tampering(kind, position, other, expected))
    return drawn


def _expected(shape: Shape, kind: str, position: int) -> Disagreement | None:
    """Where verify must find it; None for what a chain cannot find."""
    def changed(at: int | None) -> Disagreement | None:
        return None if at is None else Disagreement(at, AGAINST_CHECKPOINT if at in shape.checkpoints else CHANGED)

    if kind == "removed":
        return Disagreement(position, REMOVED)
    if kind == "appended":
        return Disagreement(position, SLIPPED_IN)
    if kind == "forged checkpoint":
        return Disagreement(position, FORGED_CHECKPOINT)
    if kind == "relinked":
        return changed(position if position in shape.checkpoints else shape.after(position))
    if kind == "removed with link":
        if (after := shape.after(position)) is None:
            return Disagreement(position, CHECKPOINT_MISSING) if position in shape.checkpoints else None
        return changed(after)
    return changed(position)


class TamperableLog:
    """The chats log of a container, with SQL of one's own, and its untouched copy to go back to."""

    def __init__(self, container: Container, sql: Callable[..., list[tuple[Any, ...]]], postgres: bool) -> None:
        self.container, self.sql, self.postgres = container, sql, postgres
        self.events = "chats_events" if postgres else "stored_events"
        self.chain, self.checkpoints = self.events + "_chain", self.events + "_checkpoints"
        self.position = "notification_id" if postgres else "rowid"
        self._columns = "originator_id, originator_version, topic, state"

    def shape(self) -> Shape:
        positions = [row[0] for row in self.sql(f"SELECT {self.position} FROM {self.events} ORDER BY 1")]
        signed = [row[0] for row in self.sql(f"SELECT position FROM {self.checkpoints} ORDER BY 1")]
        return Shape(tuple(positions), tuple(signed))

    def keep_copy(self) -> None:
        for table in (self.chain, self.checkpoints):
            self.sql(f"CREATE TABLE pristine_{table} AS SELECT * FROM {table}")
        self.sql(f"CREATE TABLE pristine_{self.events} AS SELECT {self.position} AS position, {self._columns} "
                 f"FROM {self.events}")

    def restore(self) -> None:
        for table in (self.events, self.chain, self.checkpoints):
            self.sql(f"DELETE FROM {table}")
        for table in (self.chain, self.checkpoints):
            self.sql(f"INSERT INTO {table} SELECT * FROM pristine_{table}")
        self.sql(f"INSERT INTO {self.events} ({self.position}, {self._columns}) "
                 f"SELECT position, {self._columns} FROM pristine_{self.events}")

    def found(self) -> Disagreement | None:
        verdict = verify_log("Chats", self.container.contexts["Chats"], self.container.audit_key)
        return None if verdict.intact else Disagreement(verdict.first_disagreement or 0, verdict.reason or "")

    def tamper(self, t: Tampering) -> None:
        getattr(self, "_" + t.kind.replace(" ", "_"))(t.position, t.other, random.Random(t.other))

    def _state_byte(self, p: int, _: int, rng: random.Random) -> None:
        self._set(p, "state", _flipped(self._event(p).state, rng))

    def _aggregate(self, p: int, *_: Any) -> None:
        self._set(p, "originator_id", uuid.uuid4() if self.postgres else uuid.uuid4().hex)

    def _version(self, p: int, *_: Any) -> None:
        self._set(p, "originator_version", self._event(p).version + 1000)

    def _topic(self, p: int, *_: Any) -> None:
        topic = self._event(p).topic
        self._set(p, "topic", topic[:-1] + ("x" if topic[-1] != "x" else "y"))

    def _removed(self, p: int, *_: Any) -> None:
        self.sql(f"DELETE FROM {self.events} WHERE {self.position} = ?", (p,))

    def _swapped(self, p: int, other: int, _: random.Random) -> None:
        self._move(p, -1)
        self._move(other, p)
        self._move(-1, other)

    def _appended(self, p: int, other: int, rng: random.Random) -> None:
        self._inserted(p, other, rng)  # after the last event: nothing moves up

    def _inserted(self, p: int, _: int, rng: random.Random) -> None:
        """A forged event at ``p``, those from there on moved up one (as unique positions must)."""
        model = self._event(rng.choice(self.shape().positions))
        self.sql(f"UPDATE {self.events} SET {self.position} = -{self.position} - 1 WHERE {self.position} >= ?", (p,))
        self.sql(f"UPDATE {self.events} SET {self.position} = -{self.position} WHERE {self.position} < 0")
        aggregate = uuid.uuid4()
        self.sql(f"INSERT INTO {self.events} ({self.position}, {self._columns}) VALUES (?, ?, ?, ?, ?)",
                 (p, aggregate if self.postgres else aggregate.hex, 1, model.topic, model.state))

    def _relinked(self, p: int, other: int, rng: random.Random) -> None:
        """The event changed and its link recomputed, as an editor who knows the chain would."""
        self._state_byte(p, other, rng)
        relinked = link(self._link_before(p), self._event(p))
        self.sql(f"UPDATE {self.chain} SET hash = ? WHERE position = ?", (relinked, p))

    def _link_copied(self, p: int, other: int, rng: random.Random) -> None:
        self._state_byte(p, other, rng)
        self.sql(f"UPDATE {self.chain} SET hash = (SELECT hash FROM {self.chain} WHERE position = ?) "
                 "WHERE position = ?", (other, p))

    def _removed_with_link(self, p: int, *_: Any) -> None:
        self._removed(p)
        self.sql(f"DELETE FROM {self.chain} WHERE position = ?", (p,))

    def _forged_checkpoint(self, p: int, _: int, rng: random.Random) -> None:
        column = rng.choice(["hash", "signature"])
        (value,) = self.sql(f"SELECT {column} FROM {self.checkpoints} WHERE position = ?", (p,))[0]
        self.sql(f"UPDATE {self.checkpoints} SET {column} = ? WHERE position = ?", (_flipped(bytes(value), rng), p))

    def _event(self, position: int) -> StoredEvent:
        aggregate, version, topic, state = self.sql(
            f"SELECT {self._columns} FROM {self.events} WHERE {self.position} = ?", (position,))[0]
        return StoredEvent(position, UUID(str(aggregate)), version, topic, bytes(state))

    def _link_before(self, position: int) -> bytes:
        rows = self.sql(f"SELECT hash FROM {self.chain} WHERE position < ? ORDER BY position DESC LIMIT 1", (position,))
        return bytes(rows[0][0]) if rows else GENESIS

    def _set(self, position: int, column: str, value: Any) -> None:
        self.sql(f"UPDATE {self.events} SET {column} = ? WHERE {self.position} = ?", (value, position))

    def _move(self, source: int, target: int) -> None:
        self.sql(f"UPDATE {self.events} SET {self.position} = ? WHERE {self.position} = ?", (target, source))


def _flipped(value: bytes, rng: random.Random) -> bytes:
    index = rng.randrange(len(value))
    return value[:index] + bytes([value[index] ^ rng.randrange(1, 256)]) + value[index + 1:]


@contextmanager
def chats_log(container: Container) -> Iterator[TamperableLog]:
    """The chats log with SQL of one's own (autocommit), its untouched copy kept."""
    database_url = container.settings.database_url
    if database_url is None:
        with sqlite3.connect(sqlite_log_file(container.contexts["Chats"]), isolation_level=None) as conn:
            log = TamperableLog(container, lambda sql, params=(): conn.execute(sql, params).fetchall(), False)
            log.keep_copy()
            yield log
        return
    with psycopg.connect(database_url, autocommit=True) as pg:
        log = TamperableLog(container, lambda sql, params=(): _rows(pg.execute(sql.replace("?", "%s"), params)), True)
        log.keep_copy()
        yield log


def _rows(cursor: psycopg.Cursor[Any]) -> list[tuple[Any, ...]]:
    return cursor.fetchall() if cursor.description else []


class Outcome(NamedTuple):
    tampering: Tampering
    found: Disagreement | None

    @property
    def at_its_position(self) -> bool:
        return self.found == self.tampering.expected


def try_each(log: TamperableLog, drawn: Sequence[Tampering]) -> list[Outcome]:
    """Each tampering on a fresh copy of the log: what verify found."""
    outcomes = []
    for tampering in drawn:
        log.restore()
        log.tamper(tampering)
        outcomes.append(Outcome(tampering, log.found()))
    log.restore()
    return outcomes
