"""Rebuild a view from position 0 into fresh tables, compare them with the live ones, then swap."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

import structlog
from sqlalchemy import JSON, Connection, MetaData, Select, Table, Text, cast, exists, select

from projections.runtime.faults import adopt_faults, clear_faults, faulted_views, faults
from projections.runtime.projector import Projector
from projections.runtime.runner import ProjectionRunner
from projections.runtime.store import forget, track, tracked_position

SUFFIX = "__rebuild"
REBUILDING = "rebuilding:"
log = structlog.get_logger()


@dataclasses.dataclass(frozen=True)
class RebuildReport:
    view: str
    position: int
    seconds: float
    differences: tuple[str, ...]
    faults: tuple[dict[str, object], ...] = ()
    """Events the replay could not apply (faults.py): the view is complete but for these."""

    @property
    def equal(self) -> bool:
        return not self.differences


def rebuild(runner: ProjectionRunner, view: str, on_page: Callable[[int], None] | None = None) -> RebuildReport:
    """One rebuild of a view at a time, whichever process asks (the replica's tables are shared)."""
    with runner.store.exclusively(REBUILDING + view):
        return _rebuild(runner, view, on_page)


def retry_faults(runner: ProjectionRunner) -> list[RebuildReport]:
    """Rebuild every view that has faults, so that each faulted event is applied again in its
    place in the log (after an upgrade that mends its projector, it applies and the fault goes).
    A view another process mended while this one waited its turn is left as it is."""
    reports = []
    for view in _faulted(runner):
        with runner.store.exclusively(REBUILDING + view):
            if view in _faulted(runner):
                reports.append(_rebuild(runner, view, None))
    return reports


def retry_faults_at_start(runner: ProjectionRunner) -> None:
    """As a process that projects starts: the faults of views whose projector was mended by an
    upgrade go without anyone asking. Logged, never raised: the process serves all the same."""
    try:
        for report in retry_faults(runner):
            log.info("faults.retried", view=report.view, position=report.position, faults=len(report.faults))
    except Exception:
        log.exception("faults.retry_failed")


def _faulted(runner: ProjectionRunner) -> list[str]:
    """The views whose version in use here has faults."""
    with runner.store.reader.connect() as conn:
        faulted = set(faulted_views(conn))
    return [view for view, projector in runner.projectors.items() if projector.tracked_as in faulted]


def _rebuild(runner: ProjectionRunner, view: str, on_page: Callable[[int], None] | None) -> RebuildReport:
    started = time.perf_counter()
    live = runner.projectors[view]
    key = live.tracked_as
    fresh = live.replica(MetaData(), SUFFIX)
    fresh_name = view + SUFFIX
    with runner.store.writer.begin() as conn:
        for table in fresh.all_tables():
            table.drop(conn, checkfirst=True)
            table.create(conn)
        forget(conn, fresh_name)
        clear_faults(conn, fresh_name)
    while True:
        runner.replay(fresh, fresh_name, on_page=on_page, publish=False)
        runner.catch_up(view)
        with runner.store.writer.begin() as conn:
            runner.store.lock_view(conn, key)
            position = tracked_position(conn, key)
            if tracked_position(conn, fresh_name) != position:
                continue  # the log moved on while we compared: replay the rest and try again
            differences = tuple(_compare(conn, live, fresh))
            _swap(conn, live, fresh)
            forget(conn, fresh_name)
            track(conn, key, position)
            adopt_faults(conn, key, fresh_name)
            met = tuple({**fault, "view": view} for fault in faults(conn, key))
        return RebuildReport(view, position, time.perf_counter() - started, differences, met)


def _compare(conn: Connection, live: Projector, fresh: Projector) -> list[str]:
    """The live tables whose rows differ from the replay's, asked of the database: rows either side
    lacks, whatever the tables' size (nothing of them is loaded here)."""
    return [fresh_table.name.removesuffix(SUFFIX)  # the table's name, whatever its version
            for live_table, fresh_table in zip(live.all_tables(), fresh.all_tables(), strict=True)
            if _lacking(conn, live_table, fresh_table) or _lacking(conn, fresh_table, live_table)]


def _lacking(conn: Connection, one: Table, other: Table) -> bool:
    """Whether ``one`` has a row ``other`` has not (JSON compared as its text: Postgres has no
    equality on ``json``)."""
    extra = _comparable(one).except_(_comparable(other)).subquery()
    return conn.execute(select(exists(select(extra)))).scalar_one()


def _comparable(table: Table) -> Select[Any]:
    return select(*(cast(column, Text) if isinstance(column.type, JSON) else column for column in table.columns))


def _swap(conn: Connection, live: Projector, fresh: Projector) -> None:
    """The replay is the truth: the live tables take its rows, in the same transaction."""
    for live_table, fresh_table in zip(live.all_tables(), fresh.all_tables(), strict=True):
        conn.execute(live_table.delete())
        conn.execute(live_table.insert().from_select(list(live_table.columns.keys()), select(fresh_table)))
        fresh_table.drop(conn)
