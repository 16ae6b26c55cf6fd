"""Rebuild a view from position 0 into fresh tables, compare them with the live ones, then swap."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from sqlalchemy import Connection, MetaData, Table, select

from projections.runtime.faults import adopt_faults, clear_faults, faulted_views, faults
from projections.runtime.projector import Projector
from projections.runtime.runner import ProjectionRunner
from projections.runtime.store import forget, track, tracked_position

SUFFIX = "__rebuild"


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
    started = time.perf_counter()
    live = runner.projectors[view]
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
            runner.store.lock_view(conn, view)
            position = tracked_position(conn, view)
            if tracked_position(conn, fresh_name) != position:
                continue  # the log moved on while we compared: replay the rest and try again
            differences = tuple(_compare(conn, live, fresh))
            _swap(conn, live, fresh)
            forget(conn, fresh_name)
            track(conn, view, position)
            adopt_faults(conn, view, fresh_name)
            met = tuple(faults(conn, view))
        return RebuildReport(view, position, time.perf_counter() - started, differences, met)


def retry_faults(runner: ProjectionRunner) -> list[RebuildReport]:
    """Rebuild every view that has faults, so that each faulted event is applied again in its
    place in the log (after an upgrade that mends its projector, it applies and the fault goes)."""
    with runner.store.reader.connect() as conn:
        views = [view for view in faulted_views(conn) if view in runner.projectors]
    return [rebuild(runner, view) for view in views]


def _compare(conn: Connection, live: Projector, fresh: Projector) -> list[str]:
    differences = []
    for live_table, fresh_table in zip(live.all_tables(), fresh.all_tables(), strict=True):
        if _rows(conn, live_table) != _rows(conn, fresh_table):
            differences.append(live_table.name)
    return differences


def _rows(conn: Connection, table: Table) -> list[tuple[object, ...]]:
    return [tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key.columns))]


def _swap(conn: Connection, live: Projector, fresh: Projector) -> None:
    """The replay is the truth: the live tables take its rows, in the same transaction."""
    for live_table, fresh_table in zip(live.all_tables(), fresh.all_tables(), strict=True):
        conn.execute(live_table.delete())
        conn.execute(live_table.insert().from_select(list(live_table.columns.keys()), select(fresh_table)))
        fresh_table.drop(conn)
