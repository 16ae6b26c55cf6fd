"""The chained recorders, also keeping each aggregate's data key (``resource_keys``) in a table
beside the events: a key made while sealing an event is stored in that event's transaction, so no
event is ever stored without the key that opens it, and no key outlives a failed insert.

``<events>_keys``: resource id (an aggregate, or one of its messages: ``domain.privacy.subjects``),
the aggregate it belongs to, the person whose key wraps it, the wrapped key (NULL once destroyed)
and, for a deleted resource, when its key is to be destroyed. Scheduling an aggregate's erasure
schedules its messages' too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.sql import SQL, Identifier

from domain.privacy.subjects import holder_of, part_of
from infrastructure.chained_recorders import ChainedPostgresApplicationRecorder, ChainedSQLiteApplicationRecorder

if TYPE_CHECKING:
    from infrastructure.resource_keys import NewKey

KEYS_SUFFIX = "_keys"
SQLITE_VARIABLES = 500
"""Keys asked for in one SQLite statement (it allows 32,766 variables; a page is far fewer)."""


class KeyLedger(Protocol):
    """Told what became of the keys an insert brought (``ResourceKeys``)."""

    def committed(self, keys: list[NewKey]) -> None: ...

    def abandoned(self, keys: list[NewKey]) -> None: ...


class _NoLedger:
    def committed(self, keys: list[NewKey]) -> None:
        pass

    def abandoned(self, keys: list[NewKey]) -> None:
        pass


def _new_keys(stored_events: Sequence[StoredEvent]) -> list[NewKey]:
    keys = {key.resource_id: key for e in stored_events for key in getattr(e, "new_keys", ())}
    return list(keys.values())


def _rows(keys: list[NewKey]) -> list[tuple[str, str, str, str, bytes]]:
    return [(k.resource_id, holder_of(k.resource_id), part_of(k.resource_id), k.person_id, k.wrapped) for k in keys]


def _inserted(ledger: KeyLedger, stored_events: Sequence[StoredEvent], insert: Any) -> Sequence[int] | None:
    keys = _new_keys(stored_events)
    try:
        positions = insert()
    except BaseException:
        ledger.abandoned(keys)
        raise
    ledger.committed(keys)
    return positions


class KeyedSQLiteApplicationRecorder(ChainedSQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events") -> None:
        self.keys_table_name = events_table_name + KEYS_SUFFIX  # before the library asks for the tables
        self.key_ledger: KeyLedger = _NoLedger()
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        keys = (f"CREATE TABLE IF NOT EXISTS {self.keys_table_name} (resource_id TEXT PRIMARY KEY, "
                "holder_id TEXT NOT NULL, part_id TEXT NOT NULL, person_id TEXT NOT NULL, wrapped BLOB, "
                "erase_after REAL)")
        indexes = [f"CREATE INDEX IF NOT EXISTS {self.keys_table_name}_{column} ON {self.keys_table_name} ({column})"
                   for column in ("holder_id", "part_id")]
        return [*super().construct_create_table_statements(), keys, *indexes]

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        insert = super().insert_events
        return _inserted(self.key_ledger, stored_events, lambda: insert(stored_events, **kwargs))

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if keys := _new_keys(stored_events):
            c.executemany(f"INSERT OR IGNORE INTO {self.keys_table_name} "
                          "(resource_id, holder_id, part_id, person_id, wrapped) VALUES (?, ?, ?, ?, ?)", _rows(keys))
        return super()._insert_events(c, stored_events, **kwargs)

    def select_resource_key(self, resource_id: str) -> tuple[str, bytes | None] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT person_id, wrapped FROM {self.keys_table_name} WHERE resource_id = ?", (resource_id,))
            row = c.fetchone()
        return None if row is None else (row[0], None if row[1] is None else bytes(row[1]))

    def select_resource_keys(self, resource_ids: Sequence[str]) -> dict[str, tuple[str, bytes | None]]:
        found: dict[str, tuple[str, bytes | None]] = {}
        with self.datastore.transaction(commit=False) as c:
            for start in range(0, len(resource_ids), SQLITE_VARIABLES):
                batch = resource_ids[start:start + SQLITE_VARIABLES]
                c.execute(f"SELECT resource_id, person_id, wrapped FROM {self.keys_table_name} "
                          f"WHERE resource_id IN ({', '.join('?' * len(batch))})", batch)
                found |= {row[0]: (row[1], None if row[2] is None else bytes(row[2])) for row in c.fetchall()}
        return found

    def schedule_erasure(self, resource_ids: Sequence[str], after: float) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.executemany(f"UPDATE {self.keys_table_name} SET erase_after = ? WHERE (resource_id = ? OR holder_id = ? "
                          "OR part_id = ?) AND wrapped IS NOT NULL AND (erase_after IS NULL OR erase_after > ?)",
                          [(after, r, r, r, after) for r in resource_ids])

    def erasures_due(self, now: float) -> list[tuple[str, str]]:
        """(resource id, person id) of each key whose erasure is due."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT resource_id, person_id FROM {self.keys_table_name} "
                      "WHERE erase_after <= ? AND wrapped IS NOT NULL", (now,))
            return [(row[0], row[1]) for row in c.fetchall()]

    def destroy_resource_keys(self, resource_ids: Sequence[str]) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute("PRAGMA secure_delete = ON")  # the old bytes are overwritten, not left in free pages
            c.executemany(f"UPDATE {self.keys_table_name} SET wrapped = NULL WHERE resource_id = ?",
                          [(resource_id,) for resource_id in resource_ids])


class KeyedPostgresApplicationRecorder(ChainedPostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.key_ledger: KeyLedger = _NoLedger()
        keys, schema = Identifier(events_table_name + KEYS_SUFFIX), Identifier(datastore.schema)
        self.sql_create_statements.append(SQL(
            "CREATE TABLE IF NOT EXISTS {0}.{1} (resource_id text PRIMARY KEY, holder_id text NOT NULL, "
            "part_id text NOT NULL, person_id text NOT NULL, wrapped bytea, erase_after double precision)").format(
            schema, keys))
        for column in ("holder_id", "part_id"):
            self.sql_create_statements.append(SQL("CREATE INDEX IF NOT EXISTS {0} ON {1}.{2} ({3})").format(
                Identifier(f"{events_table_name}{KEYS_SUFFIX}_{column}"), schema, keys, Identifier(column)))
        self._add_keys = SQL("INSERT INTO {0}.{1} (resource_id, holder_id, part_id, person_id, wrapped) "
                             "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING").format(schema, keys)
        self._select_key = SQL("SELECT person_id, wrapped FROM {0}.{1} WHERE resource_id = %s").format(schema, keys)
        self._select_keys = SQL("SELECT resource_id, person_id, wrapped FROM {0}.{1} WHERE resource_id = ANY(%s)"
                                ).format(schema, keys)
        self._schedule = SQL("UPDATE {0}.{1} SET erase_after = %s WHERE (resource_id = %s OR holder_id = %s "
                             "OR part_id = %s) AND wrapped IS NOT NULL AND (erase_after IS NULL OR erase_after > %s)"
                             ).format(schema, keys)
        self._due = SQL("SELECT resource_id, person_id FROM {0}.{1} WHERE erase_after <= %s "
                        "AND wrapped IS NOT NULL").format(schema, keys)
        self._destroy = SQL("UPDATE {0}.{1} SET wrapped = NULL WHERE resource_id = %s").format(schema, keys)

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        insert = super().insert_events
        return _inserted(self.key_ledger, stored_events, lambda: insert(stored_events, **kwargs))

    def _insert_events(self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        if keys := _new_keys(stored_events):
            curs.executemany(self._add_keys, _rows(keys))
        super()._insert_events(curs, stored_events, **kwargs)

    def select_resource_key(self, resource_id: str) -> tuple[str, bytes | None] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_key, (resource_id,))
            row = curs.fetchone()
        return None if row is None else (row["person_id"], None if row["wrapped"] is None else bytes(row["wrapped"]))

    def select_resource_keys(self, resource_ids: Sequence[str]) -> dict[str, tuple[str, bytes | None]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_keys, (list(resource_ids),))
            return {row["resource_id"]: (row["person_id"], None if row["wrapped"] is None else bytes(row["wrapped"]))
                    for row in curs.fetchall()}

    def schedule_erasure(self, resource_ids: Sequence[str], after: float) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(self._schedule, [(after, r, r, r, after) for r in resource_ids])

    def erasures_due(self, now: float) -> list[tuple[str, str]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._due, (now,))
            return [(row["resource_id"], row["person_id"]) for row in curs.fetchall()]

    def destroy_resource_keys(self, resource_ids: Sequence[str]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(self._destroy, [(resource_id,) for resource_id in resource_ids])
