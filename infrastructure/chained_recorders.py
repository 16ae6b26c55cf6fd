"""eventsourcing's recorders, writing each event's link of the log's hash chain in the transaction
that stores the event (``domain/audit/log_chain.py``), on both stores.

Inserts are serialised already (Postgres: the library's EXCLUSIVE lock on the events table;
SQLite: its one writer), so the chain's head read in the insert's transaction is the link before
the new events'. A log kept before the chain existed is chained from its start when the recorder
first meets it (``create_table``), under the same serialisation.

A verifier reads the log and its chain in one pass (``select_chained``): each event beside its
link, as stored bytes, in large pages, never decoded through the library.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent as LibraryEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from domain.audit.log_chain import GENESIS, ChainedEvent, Checkpoint, Link, StoredEvent, chained

BACKFILL_PAGE = 5000
READ_PAGE = 20_000
CHAIN_SUFFIX = "_chain"
CHECKPOINTS_SUFFIX = "_checkpoints"


def _stored(positions: Sequence[int], events: Sequence[LibraryEvent]) -> list[StoredEvent]:
    return [StoredEvent(position, e.originator_id, e.originator_version, e.topic, bytes(e.state))
            for position, e in zip(positions, events, strict=True)]


def _links(head: Any, events: list[StoredEvent]) -> list[Link]:
    """The events' links after ``head`` (the chain's last row, or None for an empty chain)."""
    previous = bytes(head[0] if isinstance(head, tuple) else head["hash"]) if head else GENESIS
    return list(chained(previous, events))


def _hex_aggregates(rows: Iterable[Any]) -> Iterator[ChainedEvent]:
    """SQLite keeps a UUID as its 32 hex digits; the chain hashes its 16 bytes."""
    fromhex = bytes.fromhex
    for position, aggregate, version, topic, state, stored in rows:
        try:
            hashed = fromhex(aggregate)
        except (TypeError, ValueError):  # not as the library writes it: hashed as found, it disagrees
            hashed = _odd_aggregate(aggregate)
        yield position, hashed, version, topic, state, stored


def _odd_aggregate(aggregate: Any) -> bytes:
    try:
        return UUID(aggregate).bytes
    except (AttributeError, TypeError, ValueError):
        return repr(aggregate).encode()


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events") -> None:
        self.chain_table_name = events_table_name + CHAIN_SUFFIX  # before the library asks for the tables
        self.checkpoints_table_name = events_table_name + CHECKPOINTS_SUFFIX
        super().__init__(datastore, events_table_name)
        aggregate = "e.originator_id" if datastore.originator_id_type == "uuid" else "CAST(e.originator_id AS BLOB)"
        self._select_chained = (
            f"SELECT e.rowid, {aggregate}, CAST(e.originator_version AS INTEGER), "
            "CAST(coalesce(e.topic, '') AS BLOB), CAST(coalesce(e.state, x'') AS BLOB), c.hash "
            f"FROM {events_table_name} e LEFT JOIN {self.chain_table_name} c ON c.position = e.rowid "
            "WHERE e.rowid > ? AND e.rowid <= ? ORDER BY e.rowid LIMIT ?")
        self._first_unmatched_link = (
            f"SELECT c.position FROM {self.chain_table_name} c WHERE c.position <= ? AND NOT EXISTS "
            f"(SELECT 1 FROM {events_table_name} e WHERE e.rowid = c.position) ORDER BY c.position LIMIT 1")

    def construct_create_table_statements(self) -> list[str]:
        chain = (f"CREATE TABLE IF NOT EXISTS {self.chain_table_name} "
                 "(position INTEGER PRIMARY KEY, hash BLOB NOT NULL)")
        checkpoints = (f"CREATE TABLE IF NOT EXISTS {self.checkpoints_table_name} "
                       "(position INTEGER PRIMARY KEY, hash BLOB NOT NULL, signed_at REAL NOT NULL, "
                       "signature BLOB NOT NULL)")
        return [*super().construct_create_table_statements(), chain, checkpoints]

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"SELECT MAX(position) FROM {self.chain_table_name}")
            chained_to = c.fetchone()[0] or 0
            c.execute(f"SELECT rowid, originator_id, originator_version, topic, state FROM {self.events_table_name} "
                      "WHERE rowid > ? ORDER BY rowid", (chained_to,))
            unchained = [StoredEvent(row[0], UUID(row[1]), row[2], row[3], bytes(row[4])) for row in c.fetchall()]
            self._chain(c, unchained)

    def _insert_events(self, c: Any, stored_events: Sequence[LibraryEvent], **kwargs: Any) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        assert positions is not None
        self._chain(c, _stored(positions, stored_events))
        return positions

    def _chain(self, c: Any, events: list[StoredEvent]) -> None:
        c.execute(f"SELECT hash FROM {self.chain_table_name} ORDER BY position DESC LIMIT 1")
        head = c.fetchone()
        if events:
            c.executemany(f"INSERT INTO {self.chain_table_name} (position, hash) VALUES (?, ?)", _links(head, events))

    def select_chained(self, stop: int) -> Generator[ChainedEvent, None, None]:
        """The log's events up to position ``stop``, each beside its link (``ChainedEvent``)."""
        after = 0
        while True:
            with self.datastore.transaction(commit=False) as c:
                plain = c.sqlite_cursor  # tuples: the library's sqlite3.Row rows would cost a third of the pass
                plain.row_factory = None
                rows = plain.execute(self._select_chained, (after, stop, READ_PAGE)).fetchall()
            if not rows:
                return
            after = rows[-1][0]
            yield from (_hex_aggregates(rows) if self.datastore.originator_id_type == "uuid" else rows)

    def first_unmatched_link(self, stop: int) -> int | None:
        """The first position up to ``stop`` where the chain holds a link and the log no event."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(self._first_unmatched_link, (stop,))
            row = c.fetchone()
            return row[0] if row else None

    def chain_head(self) -> Link | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT position, hash FROM {self.chain_table_name} ORDER BY position DESC LIMIT 1")
            row = c.fetchone()
            return Link(row[0], bytes(row[1])) if row else None

    def link_at(self, position: int) -> bytes | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT hash FROM {self.chain_table_name} WHERE position = ?", (position,))
            row = c.fetchone()
            return bytes(row[0]) if row else None

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"INSERT OR IGNORE INTO {self.checkpoints_table_name} (position, hash, signed_at, signature) "
                      "VALUES (?, ?, ?, ?)", tuple(checkpoint))

    def select_checkpoints(self) -> list[Checkpoint]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT position, hash, signed_at, signature FROM {self.checkpoints_table_name} "
                      "ORDER BY position")
            return [Checkpoint(row[0], bytes(row[1]), row[2], bytes(row[3])) for row in c.fetchall()]


class _ChainHeadQuery:
    """The chain's head, asked for in the insert's pipeline (see ``_insert_stored_events``)."""

    cursor: Any = None


class ChainedPostgresApplicationRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        chain = Identifier(events_table_name + CHAIN_SUFFIX)
        checkpoints = Identifier(events_table_name + CHECKPOINTS_SUFFIX)
        schema, events = Identifier(datastore.schema), Identifier(events_table_name)
        self.sql_create_statements.append(SQL(
            "CREATE TABLE IF NOT EXISTS {0}.{1} (position bigint PRIMARY KEY, hash bytea NOT NULL)"
        ).format(schema, chain))
        self.sql_create_statements.append(SQL(
            "CREATE TABLE IF NOT EXISTS {0}.{1} (position bigint PRIMARY KEY, hash bytea NOT NULL, "
            "signed_at double precision NOT NULL, signature bytea NOT NULL)").format(schema, checkpoints))
        self._head_link = SQL("SELECT position, hash FROM {0}.{1} ORDER BY position DESC LIMIT 1").format(
            schema, chain)
        self._link_at = SQL("SELECT hash FROM {0}.{1} WHERE position = %s").format(schema, chain)
        self._add_checkpoint = SQL("INSERT INTO {0}.{1} (position, hash, signed_at, signature) "
                                   "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING").format(schema, checkpoints)
        self._select_checkpoints = SQL("SELECT position, hash, signed_at, signature FROM {0}.{1} "
                                       "ORDER BY position").format(schema, checkpoints)
        self._chain_head = SQL("SELECT hash FROM {0}.{1} ORDER BY position DESC LIMIT 1").format(schema, chain)
        self._chained_to = SQL("SELECT MAX(position) AS max FROM {0}.{1}").format(schema, chain)
        self._add_links = SQL("INSERT INTO {0}.{1} (position, hash) SELECT * FROM unnest(%s::bigint[], %s::bytea[])"
                              ).format(schema, chain)
        self._unchained = SQL("SELECT notification_id, originator_id, originator_version, topic, state "
                              "FROM {0}.{1} WHERE notification_id > %s ORDER BY notification_id LIMIT %s").format(
            schema, events)
        aggregate = SQL("uuid_send(e.originator_id)" if datastore.originator_id_type == "uuid"
                        else "convert_to(e.originator_id, 'UTF8')")
        self._select_chained = SQL(
            "SELECT e.notification_id, {0}, e.originator_version, convert_to(coalesce(e.topic, ''), 'UTF8'), "
            "coalesce(e.state, ''::bytea), c.hash FROM {1}.{2} e LEFT JOIN {1}.{3} c ON c.position = e.notification_id "
            "WHERE e.notification_id <= %s ORDER BY e.notification_id").format(aggregate, schema, events, chain)
        self._first_unmatched_link = SQL(
            "SELECT c.position FROM {0}.{1} c WHERE c.position <= %s AND NOT EXISTS "
            "(SELECT 1 FROM {0}.{2} e WHERE e.notification_id = c.position) ORDER BY c.position LIMIT 1").format(
            schema, chain, events)

    def create_table(self) -> None:
        super().create_table()
        while self._backfill_page():
            pass

    def _backfill_page(self) -> bool:
        """Chain a page of events kept before the chain existed; False once there are none."""
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            curs.execute(self._chained_to)
            row = curs.fetchone()
            chained_to = (row["max"] if row else None) or 0
            curs.execute(self._unchained, (chained_to, BACKFILL_PAGE))
            events = [StoredEvent(r["notification_id"], r["originator_id"], r["originator_version"], r["topic"],
                                  bytes(r["state"])) for r in curs.fetchall()]
            curs.execute(self._chain_head)  # under the lock, as for an insert
            self._chain(curs, curs.fetchone(), events)
        return bool(events)

    def insert_events(self, stored_events: Sequence[LibraryEvent], **kwargs: Any) -> Sequence[int] | None:
        return super().insert_events(stored_events, chain_head=_ChainHeadQuery(), **kwargs)

    def _insert_stored_events(self, curs: Any, stored_events: Sequence[LibraryEvent], **kwargs: Any) -> None:
        # The library locks the table, inserts, and then syncs its pipeline; asking for the chain's
        # head in that pipeline, after the insert, reads it under the lock without a round trip
        # of its own. Never prepared: when the insert fails (a lost race), the rest of the pipeline
        # is skipped, and psycopg took a statement it meant to prepare there as prepared; every
        # later insert on that connection then failed with "prepared statement ... does not exist".
        chain_head: _ChainHeadQuery = kwargs.pop("chain_head")
        super()._insert_stored_events(curs, stored_events, **kwargs)
        chain_head.cursor = curs.connection.cursor()
        chain_head.cursor.execute(self._chain_head, prepare=False)

    def _fetch_ids_after_insert_events(self, curs: Any, stored_events: Sequence[LibraryEvent],
                                       **kwargs: Any) -> Sequence[int] | None:
        chain_head: _ChainHeadQuery = kwargs.pop("chain_head")
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert positions is not None
        with chain_head.cursor as head:
            self._chain(curs, head.fetchone(), _stored(positions, stored_events))
        return positions

    def _chain(self, curs: Any, head: Any, events: list[StoredEvent]) -> None:
        # One statement for all the links: ten INSERTs for a commit of ten events cost more than
        # the round trip saved above.
        if events:
            links = _links(head, events)
            curs.execute(self._add_links, ([link.position for link in links], [link.hash for link in links]))

    def select_chained(self, stop: int) -> Generator[ChainedEvent, None, None]:
        """The log's events up to position ``stop``, each beside its link (``ChainedEvent``), read
        through a server-side cursor in one snapshot."""
        with (self.datastore.get_connection() as conn, conn.transaction(),
              conn.cursor("annals_chained_log", binary=True, row_factory=tuple_row) as curs):
            curs.execute(self._select_chained, (stop,))
            while rows := curs.fetchmany(READ_PAGE):
                yield from rows

    def first_unmatched_link(self, stop: int) -> int | None:
        """The first position up to ``stop`` where the chain holds a link and the log no event."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._first_unmatched_link, (stop,))
            row = curs.fetchone()
            return row["position"] if row else None

    def chain_head(self) -> Link | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._head_link)
            row = curs.fetchone()
            return Link(row["position"], bytes(row["hash"])) if row else None

    def link_at(self, position: int) -> bytes | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._link_at, (position,))
            row = curs.fetchone()
            return bytes(row["hash"]) if row else None

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._add_checkpoint, tuple(checkpoint))

    def select_checkpoints(self) -> list[Checkpoint]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_checkpoints)
            return [Checkpoint(r["position"], bytes(r["hash"]), r["signed_at"], bytes(r["signature"]))
                    for r in curs.fetchall()]
