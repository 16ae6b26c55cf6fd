"""The one place that reaches into eventsourcing's recorders: a context's log read by position.

Everything else asks here. The library's recorders are public classes, but the attributes read
below (SQL statements, the SQLite file's name) are not its documented API: an upgrade that moves
them breaks this module and its contract test (tests/unit/application/test_event_log.py), nothing else.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import AggregateRecorder, EventStore, Mapper, Notification, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteApplicationRecorder
from psycopg.sql import SQL, Composable, Identifier

from domain.audit.log_chain import ChainedEvent, Checkpoint, Link


def last_position(app: Application) -> int:
    """The position of the context's last event; 0 for an empty log."""
    return app.recorder.max_notification_id() or 0


def read_log(app: Application, start: int, limit: int, stop: int | None = None) -> Sequence[Notification]:
    """Up to ``limit`` events from position ``start`` (inclusive) to ``stop`` (inclusive), in order."""
    return app.recorder.select_notifications(start=start, limit=limit, stop=stop)


@runtime_checkable
class PageMapper(Protocol):
    """A mapper that decodes a page of events better together than one by one."""

    def to_domain_events(self, stored_events: Sequence[StoredEvent]) -> list[Any]: ...


def decode_page(app: Application, notifications: Sequence[Notification]) -> list[Any]:
    """The events of a page read by ``read_log``, in order."""
    mapper = app.mapper
    if isinstance(mapper, PageMapper):
        return mapper.to_domain_events(notifications)
    return [mapper.to_domain_event(notification) for notification in notifications]


class PageDecodingEventStore(EventStore[Any]):
    """The library's event store, decoding an aggregate's events together (``decode_page``): a
    chat of many messages, loaded where its keys are not cached, opens them in one query."""

    def __init__(self, mapper: Mapper[Any], recorder: AggregateRecorder) -> None:
        super().__init__(mapper=mapper, recorder=recorder)
        self._page_mapper = mapper if isinstance(mapper, PageMapper) else None
        """Asked once: a protocol check on every aggregate load costs more than it should."""

    def get(self, originator_id: Any, *, gt: int | None = None, lte: int | None = None, desc: bool = False,
            limit: int | None = None) -> Iterator[Any]:
        stored = self.recorder.select_events(originator_id=originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        if self._page_mapper is not None:
            return iter(self._page_mapper.to_domain_events(stored))
        return map(self.mapper.to_domain_event, stored)


def aggregate_positions(app: Application, aggregate_id: UUID) -> list[tuple[int, int]]:
    """``(version, position)`` of each of an aggregate's events, oldest first (none if it never was)."""
    recorder = app.recorder
    if isinstance(recorder, PostgresApplicationRecorder):
        statement = SQL("SELECT originator_version, notification_id FROM {schema}.{table} WHERE originator_id = %s "
                        "ORDER BY originator_version").format(schema=Identifier(recorder.datastore.schema),
                                                              table=Identifier(recorder.events_table_name))
        with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement, [aggregate_id])
            return [(row["originator_version"], row["notification_id"]) for row in cursor.fetchall()]
    sqlite = _sqlite(app)
    with sqlite.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT originator_version, rowid FROM {sqlite.events_table_name} "
                       "WHERE originator_id=? ORDER BY originator_version", [aggregate_id.hex])
        return [(row[0], row[1]) for row in cursor.fetchall()]


def drop_all_snapshots(snapshots: AggregateRecorder) -> None:
    """Deletes every snapshot the store holds (an in-memory store keeps them)."""
    if isinstance(snapshots, PostgresAggregateRecorder):
        statement = SQL("DELETE FROM {schema}.{table}").format(
            schema=Identifier(snapshots.datastore.schema), table=Identifier(snapshots.events_table_name))
        with snapshots.datastore.transaction(commit=True) as cursor:
            cursor.execute(statement)
    elif isinstance(snapshots, SQLiteAggregateRecorder):
        with snapshots.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"DELETE FROM {snapshots.events_table_name}")


def drop_snapshots_before(snapshots: AggregateRecorder, aggregate_id: UUID, version: int) -> None:
    """Deletes an aggregate's snapshots older than ``version`` (an in-memory store keeps them)."""
    if isinstance(snapshots, PostgresAggregateRecorder):
        statement = SQL("DELETE FROM {schema}.{table} WHERE originator_id = %s AND originator_version < %s").format(
            schema=Identifier(snapshots.datastore.schema), table=Identifier(snapshots.events_table_name))
        with snapshots.datastore.transaction(commit=True) as cursor:
            cursor.execute(statement, [aggregate_id, version])
    elif isinstance(snapshots, SQLiteAggregateRecorder):
        with snapshots.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"DELETE FROM {snapshots.events_table_name} WHERE originator_id=? AND originator_version<?",
                           [aggregate_id.hex, version])


def read_chained_log(app: Application, stop: int) -> Generator[ChainedEvent, None, None]:
    """The log's events up to position ``stop`` (inclusive), in order, each beside its link of
    the hash chain, as stored bytes. Close the iterator if it is left before its end."""
    return _chained(app).select_chained(stop)


def first_unmatched_link(app: Application, stop: int) -> int | None:
    """The first position up to ``stop`` where the chain holds a link and the log no event."""
    return _chained(app).first_unmatched_link(stop)


def chain_head(app: Application) -> Link | None:
    """The chain's last link (None for an empty log)."""
    return _chained(app).chain_head()


def chain_link(app: Application, position: int) -> bytes | None:
    """The chain's hash at that position (None where the log holds no link)."""
    return _chained(app).link_at(position)


def add_checkpoint(app: Application, checkpoint: Checkpoint) -> None:
    _chained(app).add_checkpoint(checkpoint)


def read_checkpoints(app: Application) -> Sequence[Checkpoint]:
    """The log's signed checkpoints, in position order."""
    return _chained(app).select_checkpoints()


def _chained(app: Application) -> ChainedRecorder:
    recorder = app.recorder
    if not isinstance(recorder, ChainedRecorder):
        raise TypeError(f"{app.name} keeps its log in {type(recorder).__name__}, which keeps no chain")
    return recorder


@runtime_checkable
class ChainedRecorder(Protocol):
    """A recorder that writes the log's hash chain as it stores events (infrastructure.chained_recorders)."""

    def select_chained(self, stop: int) -> Generator[ChainedEvent, None, None]: ...

    def first_unmatched_link(self, stop: int) -> int | None: ...

    def chain_head(self) -> Link | None: ...

    def link_at(self, position: int) -> bytes | None: ...

    def add_checkpoint(self, checkpoint: Checkpoint) -> None: ...

    def select_checkpoints(self) -> Sequence[Checkpoint]: ...


def sqlite_log_file(app: Application) -> str:
    """The file holding an embedded context's log, for a connection of one's own."""
    return _sqlite(app).datastore.pool.db_name


def sqlite_last_position_query(app: Application) -> str:
    """SQL whose one row and column is the log's last position (NULL for an empty log)."""
    return _sqlite(app).select_max_notification_id_statement


def postgres_last_position_query(app: Application) -> Composable:
    """SQL whose one row and column is the log's last position (NULL for an empty log)."""
    return _postgres(app).max_notification_id_statement


def postgres_channel(app: Application) -> str:
    """The channel a Postgres log NOTIFYs on each commit (LISTEN to it to hear of new events)."""
    return _postgres(app).channel_name


def _postgres(app: Application) -> PostgresApplicationRecorder:
    recorder = app.recorder
    if not isinstance(recorder, PostgresApplicationRecorder):
        raise TypeError(f"{app.name} keeps its log in {type(recorder).__name__}, not Postgres")
    return recorder


def _sqlite(app: Application) -> SQLiteApplicationRecorder:
    recorder = app.recorder
    if not isinstance(recorder, SQLiteApplicationRecorder):
        raise TypeError(f"{app.name} keeps its log in {type(recorder).__name__}, not SQLite")
    return recorder
