"""Views that change shape without an outage: each shape of a view is a version of its own.

A view's version is a digest of its tables' shape (tables, columns, types, indexes) and of its
``revision`` (raised when what it holds changes without its shape). Its tables are
named with it (``chats_v1a2b3c4d``) and it is tracked under ``chats@1a2b3c4d``, so a release that
changes a view's shape builds the new version beside the old one, which the processes of the
previous release go on reading and projecting. The new release's processes say they are not ready
(``/ready``) until their versions have caught up with the log: then the switch is theirs to take.
A version no process has used for ``grace`` seconds (each process that projects says every sweep
which versions it uses) is dropped, tables, tracking and faults; embedded, one process owns the
files, so the versions of an earlier start go at once.

Views kept before versions existed (their tables under the bare names, tracked under the bare view
name) are registered as an old version the first time, and go the same way.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import Column, Connection, Float, MetaData, String, Table, Text, select, update

from projections.runtime.faults import FAULTS
from projections.runtime.projector import Projector
from projections.runtime.store import SCHEMAS, TRACKING

P = TypeVar("P", bound=Projector)

VERSIONS = Table(
    "projection_versions",
    MetaData(),
    Column("key", String(200), primary_key=True),
    Column("view", String(200), nullable=False),
    Column("tables", Text, nullable=False, comment="the version's table names, as JSON: what dropping it drops"),
    Column("seen_at", Float, nullable=False, comment="when a process last said it uses this version"),
    Column("built_at", Float, comment="when the version first caught up with its log; NULL while it is built"),
)


def shape(projector: Projector) -> str:
    """Changes whenever a table, column, type or index of the view changes, or its ``revision``."""
    description = repr([(t.name, [(c.name, repr(c.type), c.primary_key, c.nullable) for c in t.columns],
                         sorted(i.name or "" for i in t.indexes)) for t in projector.all_tables()])
    if projector.revision > 1:  # (the first revision leaves the digests of earlier releases as they were)
        description += f" revision {projector.revision}"
    return hashlib.sha256(description.encode()).hexdigest()[:8]


def versioned(projector: P, metadata: MetaData) -> P:
    """The projector on the tables of its version (defined in ``metadata``), tracked as that version."""
    version = shape(projector)
    made = projector.replica(metadata, f"_v{version}")
    made.version_key = f"{projector.view}@{version}"
    return made  # type: ignore[return-value]  # replica() returns the projector's own class


def register(conn: Connection, projectors: Iterable[Projector], bare: dict[str, list[str]]) -> None:
    """Record the versions this process uses, and a view kept before versions existed (``bare``: its
    table names by view) as an old version of it, so that it is dropped in its turn."""
    now = time.time()
    kept = set(conn.execute(select(VERSIONS.c.key)).scalars())
    legacy = set(conn.execute(select(SCHEMAS.c.view)).scalars())
    for projector in projectors:
        if projector.tracked_as not in kept:
            conn.execute(VERSIONS.insert().values(key=projector.tracked_as, view=projector.view, seen_at=now,
                                                  tables=json.dumps([t.name for t in projector.all_tables()])))
        if projector.view in legacy and projector.view not in kept and projector.view != projector.tracked_as:
            conn.execute(VERSIONS.insert().values(key=projector.view, view=projector.view, seen_at=now,
                                                  tables=json.dumps(bare[projector.view])))
            conn.execute(SCHEMAS.delete().where(SCHEMAS.c.view == projector.view))


def in_use(conn: Connection, keys: Iterable[str]) -> None:
    """This process uses these versions (said every sweep)."""
    conn.execute(update(VERSIONS).where(VERSIONS.c.key.in_(list(keys))).values(seen_at=time.time()))


def built(conn: Connection, key: str) -> None:
    conn.execute(update(VERSIONS).where(VERSIONS.c.key == key, VERSIONS.c.built_at.is_(None))
                 .values(built_at=time.time()))


def building(conn: Connection, keys: Iterable[str]) -> list[str]:
    """Which of these versions have not caught up with their log yet."""
    return list(conn.execute(select(VERSIONS.c.key).where(VERSIONS.c.key.in_(list(keys)),
                                                          VERSIONS.c.built_at.is_(None))).scalars())


@dataclasses.dataclass(frozen=True)
class Dropped:
    key: str
    tables: tuple[str, ...]


def drop_unused(conn: Connection, current: Iterable[str], grace: float) -> list[Dropped]:
    """Drop the versions other than ``current`` that no process has used for ``grace`` seconds."""
    keep = set(current)
    stale = conn.execute(select(VERSIONS.c.key, VERSIONS.c.tables).where(
        VERSIONS.c.seen_at <= time.time() - grace)).all()
    dropped = []
    for key, tables in stale:
        if key in keep:
            continue
        names = tuple(json.loads(tables))
        for name in names:
            Table(name, MetaData()).drop(conn, checkfirst=True)
        conn.execute(TRACKING.delete().where(TRACKING.c.view == key))
        conn.execute(FAULTS.delete().where(FAULTS.c.view == key))
        conn.execute(VERSIONS.delete().where(VERSIONS.c.key == key))
        dropped.append(Dropped(key, names))
    return dropped
