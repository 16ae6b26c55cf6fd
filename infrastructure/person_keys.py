"""Each person's data key, wrapped by the key-encryption key, in a table of its own beside the logs
(the Postgres database, or ``keys.sqlite3`` in the data directory). Forgetting a person destroys
theirs: the row stays, emptied, so that nothing can make them a new one and no reader waits for it.

Destroyed bytes do not linger: SQLite overwrites what it deletes (``secure_delete``) and keeps no
write-ahead log; on Postgres the table is vacuumed after each destruction.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Engine, Float, LargeBinary, MetaData, String, Table, create_engine, event, select, text
from sqlalchemy.dialects import postgresql, sqlite

from infrastructure.connection_budget import Pool
from infrastructure.event_store import ALONE
from infrastructure.expiring_cache import ExpiringCache
from infrastructure.key_encryption import KEY_BYTES, KeyEncryptionKeys, UnwrapError
from infrastructure.settings import Settings
from infrastructure.views_db import HIDE_PARAMETERS, sqlalchemy_url

WORKSPACE = "workspace"
"""The holder of what belongs to no person (connections, workspace settings)."""
CACHE_SECONDS = 30.0
"""How long a process trusts a key it read: a person forgotten by another process reads as erased
here at the latest this long after (their views are purged at once, wherever they are read)."""


class Destroyed:
    """The key existed and was destroyed: what it sealed is erased."""

    def __repr__(self) -> str:
        return "DESTROYED"


DESTROYED = Destroyed()

_METADATA = MetaData()
_KEYS = Table(
    "annals_person_keys", _METADATA,
    Column("person_id", String(64), primary_key=True),
    Column("kek_id", String(16)),
    Column("wrapped", LargeBinary),
    Column("created_at", Float, nullable=False),
    Column("destroyed_at", Float),
)


class WrongKeyFileError(Exception):
    """The key-encryption keys at hand open none of this database's keys."""


class PersonKeys:
    def __init__(self, engine: Engine, keks: KeyEncryptionKeys) -> None:
        self._engine, self._keks = engine, keks
        self._cache: ExpiringCache[bytes | Destroyed] = ExpiringCache(CACHE_SECONDS, size=100_000)
        _METADATA.create_all(engine)
        self._check_key_file()

    def _check_key_file(self) -> None:
        """A process started with another deployment's key file (or none of its keys) stops here,
        saying so, rather than read every event of every context as undecodable."""
        try:
            self.key_for(WORKSPACE)
        except UnwrapError as error:
            raise WrongKeyFileError(f"the key file opens none of this database's keys ({error}): start with the "
                                    "ANNALS_KEY_FILE it was created with (or restore it from its backup)") from error

    def key_of(self, person_id: str) -> bytes | Destroyed | None:
        """The person's key; DESTROYED once forgotten; None if they never had one."""
        cached = self._cache.get(person_id)
        if cached is not None:
            return cached
        with self._engine.connect() as conn:
            row = conn.execute(select(_KEYS.c.kek_id, _KEYS.c.wrapped).where(_KEYS.c.person_id == person_id)).first()
        if row is None:
            return None
        key = DESTROYED if row.wrapped is None else self._keks.unwrap(row.kek_id, row.wrapped, person_id)
        self._cache.put(person_id, key)
        return key

    def key_for(self, person_id: str) -> bytes | Destroyed:
        """The person's key, made now if they have none (two processes at once end with the same)."""
        found = self.key_of(person_id)
        if found is not None:
            return found
        secret = os.urandom(KEY_BYTES)
        row = {"person_id": person_id, "kek_id": self._keks.current,
               "wrapped": self._keks.wrap(secret, person_id), "created_at": time.time()}
        with self._engine.begin() as conn:
            conn.execute(_insert(conn).values(**row).on_conflict_do_nothing())
        found = self.key_of(person_id)
        assert found is not None
        return found

    def destroy(self, person_id: str) -> None:
        """Idempotent; a person who never had a key gets a destroyed one, so none is made later."""
        row = {"person_id": person_id, "kek_id": None, "wrapped": None, "created_at": time.time(),
               "destroyed_at": time.time()}
        with self._engine.begin() as conn:
            statement = _insert(conn).values(**row)
            conn.execute(statement.on_conflict_do_update(
                index_elements=[_KEYS.c.person_id],
                set_={"kek_id": None, "wrapped": None, "destroyed_at": statement.excluded.destroyed_at},
                where=_KEYS.c.wrapped.is_not(None)))
        if self._engine.dialect.name == "postgresql":
            with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"VACUUM {_KEYS.name}"))
        self._cache.put(person_id, DESTROYED)

    def rewrap(self) -> int:
        """Every live key wrapped again by the current key-encryption key; how many were."""
        with self._engine.begin() as conn:
            rows = conn.execute(select(_KEYS.c.person_id, _KEYS.c.kek_id, _KEYS.c.wrapped).where(
                _KEYS.c.wrapped.is_not(None), _KEYS.c.kek_id != self._keks.current)).all()
            for row in rows:
                secret = self._keks.unwrap(row.kek_id, row.wrapped, row.person_id)
                conn.execute(_KEYS.update().where(_KEYS.c.person_id == row.person_id).values(
                    kek_id=self._keks.current, wrapped=self._keks.wrap(secret, row.person_id)))
        return len(rows)


    def dispose(self) -> None:
        self._engine.dispose()


def _insert(conn: Any) -> Any:
    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(_KEYS)


def create_person_keys(settings: Settings, keks: KeyEncryptionKeys, pool: Pool = ALONE) -> PersonKeys:
    """``pool``: the keys' share of the process's connections to Postgres."""
    if settings.database_url:
        return PersonKeys(create_engine(sqlalchemy_url(settings.database_url), pool_size=pool.size,
                                        max_overflow=pool.overflow, pool_pre_ping=True,
                                        hide_parameters=HIDE_PARAMETERS), keks)
    engine = create_engine(f"sqlite:///{Path(settings.data_dir) / 'keys.sqlite3'}",
                           connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=HIDE_PARAMETERS)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.execute("PRAGMA journal_mode=DELETE")
        dbapi_connection.execute("PRAGMA synchronous=FULL")
        dbapi_connection.execute("PRAGMA secure_delete=ON")

    return PersonKeys(engine, keks)
