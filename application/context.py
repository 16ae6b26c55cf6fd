"""The base of every bounded context: an eventsourcing Application that commits once per command."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Protocol, TypeVar

import structlog
from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent, Recording
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import ApplicationRecorder, EventStore, IntegrityError, JSONTranscoder, Mapper
from eventsourcing.utils import Environment

from application.event_log import PageDecodingEventStore, drop_snapshots_before, last_position
from application.log_positions import LogPosition, advance_request_position, depend_on
from application.snapshots import NoKeyForSnapshotError, SnapshotStore, SnapshotTranscoder

log = structlog.get_logger()
T = TypeVar("T")
CommitListener = Callable[[str, int], None]

CONFLICT_RETRIES = 4
TURN_STRIPES = 64


class ConflictError(Exception):
    """Concurrent writers kept changing the same aggregates; the command gave up."""

    def __init__(self, context: str) -> None:
        super().__init__(f"{context}: too many concurrent changes, try again")
        self.context = context


class EventSealing(Protocol):
    """Seals the personal texts of every event as it is stored, under its person's data key
    (``infrastructure/sealing.py``); without one (unit tests on in-memory logs) events are stored as
    the library stores them."""

    def mapper(self, context: Application) -> Mapper[Any]: ...

    def attach(self, mapper: Mapper[Any], recorder: ApplicationRecorder) -> None: ...

    def snapshot_mapper(self, mapper: Mapper[Any], transcoder: SnapshotTranscoder) -> Mapper[Any]:
        """Seals snapshots under the keys ``mapper`` seals their aggregates' events with."""

    def save_over(self, mapper: Mapper[Any]) -> None:
        """A save is over, stored or failed: the keys it made and did not store are forgotten."""


class BoundedContext(Application):
    """One context's event store. ``env`` comes from our settings, never from ``os.environ``.

    After every commit the listener hears ``(context name, last position)``: that is how the
    projectors get kicked, outside the write transaction.
    """

    def __init__(self, env: Mapping[str, str], on_commit: CommitListener, sealing: EventSealing | None = None) -> None:
        self._on_commit = on_commit
        self._sealing = sealing
        self._turns = tuple(threading.RLock() for _ in range(TURN_STRIPES))
        super().__init__(dict(env))

    def construct_mapper(self) -> Mapper[Any]:
        return super().construct_mapper() if self._sealing is None else self._sealing.mapper(self)

    def construct_event_store(self) -> EventStore[Any]:
        return PageDecodingEventStore(mapper=self.mapper, recorder=self.recorder)

    def construct_recorder(self) -> ApplicationRecorder:
        recorder = super().construct_recorder()
        if self._sealing is not None:
            self._sealing.attach(self.mapper, recorder)
        return recorder

    def construct_snapshot_store(self) -> EventStore[Any]:
        transcoder = self.construct_transcoder()
        assert isinstance(transcoder, JSONTranscoder)
        snapshots = SnapshotTranscoder(transcoder)
        mapper = Mapper(snapshots) if self._sealing is None else self._sealing.snapshot_mapper(self.mapper, snapshots)
        return SnapshotStore(mapper=mapper, recorder=self.factory.aggregate_recorder(purpose="snapshots"))

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        """The library's own adds ``IS_SNAPSHOTTING_ENABLED`` for ``snapshotting_intervals`` (and reads
        ``os.environ``); without it no context had a snapshot store, and none was ever taken."""
        snapshotting = {"IS_SNAPSHOTTING_ENABLED": "y"} if type(self).snapshotting_intervals else {}
        return Environment(name, {**type(self).env, **snapshotting, **(env or {})})

    @property
    def position(self) -> int:
        return last_position(self)

    def as_before(self) -> LogPosition:
        """The position a command done before answers with (a retry with its idempotency key): the
        log as it stands, which holds the first try's commit; the request reads up to there."""
        position = LogPosition(self.name, self.position)
        depend_on(self.name, position)
        return position

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[Any]]:
        try:
            return super().save(*objs, **kwargs)
        finally:
            if self._sealing is not None:
                self._sealing.save_over(self.mapper)

    def commit(self, *aggregates: Aggregate | None) -> LogPosition | None:
        """Save once; return the log position of the last new event, or None if nothing changed."""
        recordings = self.save(*aggregates)
        if not recordings:
            return None
        position = LogPosition(self.name, recordings[-1].notification.id)
        advance_request_position(self.name, position)
        self._kick(position)
        return position

    def _take_snapshots(self, processing_event: ProcessingEvent[Any]) -> None:
        """Called by ``save()`` after the commit. A snapshot only speeds up loading: failing to take
        one (the database gone a moment later) must not fail a command already committed.

        One per aggregate and save, at the last interval it crossed: the library takes one at each,
        and each replays the events since the one before (a chat of 2,000 messages created at once
        would have replayed them all again, for snapshots the next instant made stale). Only the
        newest is kept: each holds the whole state, so keeping all would grow with the square of a
        chat's length (2.2 MB of them for 2,000 messages)."""
        if self.snapshots is None:
            return
        for aggregate_id, version in _snapshots_due(processing_event, self.snapshotting_intervals).items():
            try:
                self.take_snapshot(aggregate_id, version=version)
                drop_snapshots_before(self.snapshots.recorder, aggregate_id, version)
            except NoKeyForSnapshotError:
                log.info("snapshot.skipped", context=self.name, version=version)
            except Exception:
                log.exception("snapshot.failed", context=self.name, version=version)

    def _kick(self, position: int) -> None:
        """The command is committed whatever happens here: a kick that fails is logged, never
        reported as the command failing (its client would retry it, and do it twice)."""
        try:
            self._on_commit(self.name, position)
        except Exception:
            log.exception("kick.failed", context=self.name, position=position)

    def retrying(self, command: Callable[[], T], turn: Hashable | None = None) -> T:
        """Run a load-decide-commit command again when a concurrent writer got there first.

        Commands that name the same ``turn`` (the aggregate they change) take turns within this
        process: left to race, the writer that had just committed was always first to load again,
        and a second writer on a busy chat lost every retry. Across processes, retries remain.
        """
        with self._turn(turn):
            for _ in range(CONFLICT_RETRIES):
                try:
                    return command()
                except IntegrityError:
                    continue
        raise ConflictError(self.name)

    def _turn(self, turn: Hashable | None) -> AbstractContextManager[Any]:
        # Re-entrant, so a command that runs another command on the same aggregate cannot deadlock.
        return nullcontext() if turn is None else self._turns[hash(turn) % TURN_STRIPES]

    def find(self, aggregate_id: Any) -> Aggregate | None:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None


def _snapshots_due(processing_event: ProcessingEvent[Any], intervals: Mapping[type, int]) -> dict[Any, int]:
    """Each saved aggregate's last new version that is a multiple of its type's interval."""
    due: dict[Any, int] = {}
    for saved in processing_event.events:
        interval = intervals.get(type(processing_event.aggregates.get(saved.originator_id)))
        if interval and saved.originator_version % interval == 0:
            due[saved.originator_id] = saved.originator_version
    return due
