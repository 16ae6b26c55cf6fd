"""Runs projectors: one transaction per page of events, tracking advanced in the same transaction."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import NamedTuple

import structlog
from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import Connection, MetaData

from application.reactions import Reaction
from projections.runtime.faults import FAULTS, faults, is_transient, record_fault
from projections.runtime.projector import Change, Projector
from projections.runtime.reactions import InBackground, ReactionRunner
from projections.runtime.reading import PageReading
from projections.runtime.store import (
    SCHEMAS,
    TRACKING,
    ViewStore,
    track,
    tracked_position,
)
from projections.runtime.versions import VERSIONS, building, built, drop_unused, in_use, register

Publisher = Callable[[list[Change]], None]
log = structlog.get_logger()


WATCH_INTERVAL = 0.002
"""Seconds between looks at a view's position while another process projects it (a thread of
this process that projects it wakes the waiters itself)."""


PAGE_SECONDS = 0.1
"""The longest a page holds its view's lock (and, on SQLite, the views' only write lock): pages of
a hundred ordinary events take about that long."""


class Page(NamedTuple):
    position: int
    changes: list[Change]
    caught_up: bool
    """The page reached the end of the log (it ended neither full nor early)."""


class ViewBehindError(Exception):
    """A view did not reach a position within the read-your-writes timeout."""

    def __init__(self, view: str, position: int) -> None:
        super().__init__(f"view {view} has not reached position {position} yet")
        self.view = view
        self.position = position


class ProjectionRunner:
    """Keeps every view caught up with its context's log.

    Safe to run in any number of threads and processes at once: a page is applied under the view's
    lock after re-reading its tracking position, so an event is applied exactly once per view.
    Changes are published only after the page commits.
    """

    def __init__(
        self,
        store: ViewStore,
        sources: Mapping[str, Application],
        projectors: Sequence[Projector],
        publish: Publisher,
        page_size: int = 1000,
        wait_timeout: float = 10.0,
        version_grace: float = 0.0,
    ) -> None:
        self.store = store
        self.sources = sources
        self.projectors = {p.view: p for p in projectors}
        self._publish = publish
        self._page_size = page_size
        self._wait_timeout = wait_timeout
        self.reactions: dict[str, ReactionRunner] = {}
        self.stopping = threading.Event()
        """Set as the process stops: background work postpones what it has not finished."""
        self._reached: dict[str, int] = {}
        """How far this process has carried each view: a waiter that finds its position there needs
        no database at all."""
        self._progress = threading.Condition()
        self._known_built: set[str] = set()
        self._version_grace = version_grace
        self._applying = {p.tracked_as: threading.Lock() for p in self.projectors.values()}
        """This process's turn at each view: taken before the database is asked for the view's lock,
        so the process's other threads wait on it and are woken when it is let go, instead of
        queueing in the database (SQLite's wait for its write lock sleeps between tries, up to
        100 ms at a time, which under fifty concurrent replies cost each turn seconds)."""

    def create_tables(self) -> None:
        """Create the tables of each view's version that are missing, beside any other version's,
        and register the versions (``versions.py``): nothing is dropped here. Indexes a version's
        tables lack are added too: versions made before their tables had them (every index was
        left to unsuffixed tables then) would otherwise scan a whole table per lookup forever."""
        with self.store.writer.begin() as conn:
            for table in (TRACKING, SCHEMAS, FAULTS, VERSIONS):
                table.create(conn, checkfirst=True)
            for projector in self.projectors.values():
                self.store.lock_view(conn, projector.tracked_as)
                for table in projector.all_tables():
                    table.create(conn, checkfirst=True)
                    for index in table.indexes:
                        index.create(conn, checkfirst=True)
            register(conn, self.projectors.values(), bare={
                view: [t.name for t in p.replica(MetaData(), "").all_tables()] for view, p in self.projectors.items()})

    def versions_in_use(self) -> None:
        """Say that this process uses its views' versions (every sweep), and drop the versions no
        process has used for ``grace`` seconds."""
        keys = [p.tracked_as for p in self.projectors.values()]
        with self.store.writer.begin() as conn:
            in_use(conn, keys)
            for version in drop_unused(conn, keys, self._version_grace):
                log.info("view_version.dropped", key=version.key, tables=list(version.tables))

    def building(self) -> list[str]:
        """The views whose version has not caught up with its log since it was created."""
        with self.store.reader.connect() as conn:
            keys = set(building(conn, (p.tracked_as for p in self.projectors.values())))
        return [view for view, p in self.projectors.items() if p.tracked_as in keys]

    def views_of(self, context: str) -> list[str]:
        return [view for view, p in self.projectors.items() if p.context == context]

    def position(self, view: str) -> int:
        return self._position(self.projectors[view].tracked_as)

    def _position(self, key: str) -> int:
        with self.store.reader.connect() as conn:
            return tracked_position(conn, key)

    def faults(self) -> list[dict[str, object]]:
        """Events the views (their versions in use here) and the reactions could not apply, oldest
        first per view."""
        views = {p.tracked_as: view for view, p in self.projectors.items()} | {name: name for name in self.reactions}
        with self.store.reader.connect() as conn:
            return [{**fault, "view": views[fault["view"]]} for fault in faults(conn) if fault["view"] in views]

    def catch_up(self, view: str) -> int:
        """Apply pages until the view has seen the whole log; return the position reached."""
        projector = self.projectors[view]
        reached = self.replay(projector, projector.tracked_as)
        self._built(projector.tracked_as)
        return reached

    def _built(self, key: str) -> None:
        """The version has caught up once: it may serve (``building``)."""
        if key not in self._known_built:
            with self.store.writer.begin() as conn:
                built(conn, key)
            self._known_built.add(key)

    def replay(
        self, projector: Projector, name: str, *, on_page: Callable[[int], None] | None = None,
        publish: bool = True,
    ) -> int:
        """Drive ``projector`` to the end of its log, tracked under ``name``."""
        while True:
            with self._applying_here(name):
                page = self._apply_page(projector, name)
            assert page is not None  # a waiting lock is always taken
            if page.changes and publish:
                self._announce(page.changes)
            if on_page:
                on_page(page.position)
            if page.caught_up:
                return page.position

    def add_reaction(self, reaction: Reaction, *, in_background: bool = False) -> None:
        """Run after the context's views each time they are caught up (reactions.py)."""
        running = InBackground if in_background else ReactionRunner
        self.reactions[reaction.name] = running(self.store, self.sources[reaction.context], reaction)

    def close(self, timeout: float = 10.0) -> None:
        """Stops the reactions working in the background (they postpone their work on ``stopping``)."""
        self.stopping.set()
        for reaction in self.reactions.values():
            if isinstance(reaction, InBackground):
                reaction.join(timeout)

    def catch_up_context(self, context: str) -> None:
        """Each view of the context, then its reactions; a process that is stopping leaves between
        two of them (each view's pages are committed as they are applied: the next process goes on)."""
        for view in self.views_of(context):
            if self.stopping.is_set():
                return
            self.catch_up(view)
        for reaction in self.reactions.values():
            if self.stopping.is_set():
                return
            if reaction.reaction.context == context:
                reaction.run()

    def catch_up_all(self) -> None:
        for context in dict.fromkeys(p.context for p in self.projectors.values()):
            self.catch_up_context(context)

    def wait(self, context: str, position: int | None, views: Iterable[str] | None = None) -> None:
        """Read-your-writes: return once ``views`` (default: all of the context's) include ``position``.

        The caller catches a view up itself when nobody else is at it. When someone is, queueing
        for the lock would only serialise the callers: the holder carries every committed event
        along, so the caller watches the view's position instead, and takes over if the holder
        stopped short of it. Raises ``ViewBehindError`` after the read-your-writes timeout.
        """
        if position is None:
            return
        for view in views or self.views_of(context):
            self._wait_for(view, position)

    def _wait_for(self, view: str, position: int) -> None:
        """Gives up only when the view stops moving: a holder that is still working through a long
        backlog (one command may append thousands of events) is waited for, not abandoned."""
        deadline, seen = time.monotonic() + self._wait_timeout, -1
        key = self.projectors[view].tracked_as
        applying = self._applying[key]
        while not self._carried(key, position):
            if not applying.acquire(blocking=False):
                self._watch_our_holder(key, position)
                continue
            try:
                if self._try_catch_up(view):
                    return
            finally:
                self._let_go(key)
            with self._progress:  # another process has the view: look at its position now and then
                self._progress.wait_for(lambda: self._carried(key, position), timeout=WATCH_INTERVAL)
            reached = max(self._reached.get(key, 0), self._position(key))
            if reached >= position:
                return
            if reached > seen:
                deadline, seen = time.monotonic() + self._wait_timeout, reached
            elif time.monotonic() > deadline:
                raise ViewBehindError(view, position)

    @contextmanager
    def _applying_here(self, name: str) -> Iterator[None]:
        """This process's turn at the view, waited for (a rebuild's staging view has no turns)."""
        if name not in self._applying:
            yield
            return
        self._applying[name].acquire()
        try:
            yield
        finally:
            self._let_go(name)

    def _let_go(self, view: str) -> None:
        self._applying[view].release()
        with self._progress:
            self._progress.notify_all()

    def _watch_our_holder(self, view: str, position: int) -> None:
        """Another thread of this process is applying the view: it wakes us when it has carried it
        on or let go, so we neither queue in the database nor poll it."""
        applying = self._applying[view]
        with self._progress:
            self._progress.wait_for(lambda: self._carried(view, position) or not applying.locked(),
                                    timeout=self._wait_timeout)

    def _carried(self, view: str, position: int) -> bool:
        return self._reached.get(view, 0) >= position

    def _reach(self, view: str, position: int) -> None:
        with self._progress:
            self._reached[view] = max(self._reached.get(view, 0), position)
            self._progress.notify_all()

    def _try_catch_up(self, view: str) -> bool:
        """Catch up if the view's lock is free; False as soon as another process holds it."""
        projector = self.projectors[view]
        while True:
            page = self._apply_page(projector, projector.tracked_as, wait_for_lock=False)
            if page is None:
                return False
            if page.changes:
                self._announce(page.changes)
            if page.caught_up:
                self._built(projector.tracked_as)
                return True

    def _announce(self, changes: list[Change]) -> None:
        """The page is committed: a fan-out that fails now must not fail whoever projected it (a
        request whose command is committed too, or a job that would apply the page again)."""
        try:
            self._publish(changes)
        except Exception:
            log.exception("fanout.failed", changes=len(changes))

    def _apply_page(self, projector: Projector, name: str, wait_for_lock: bool = True) -> Page | None:
        """Called on this process's turn at the view (``_applying``). A page applies in one
        transaction; if an event in it cannot be applied, the page runs again an event at a time,
        and that event becomes a fault of the view instead of stopping it (faults.py)."""
        try:
            return self._page(projector, name, wait_for_lock, careful=False)
        except Exception as error:
            if is_transient(error):
                raise
            log.warning("projection.page_failed", view=name, error=repr(error))
            return self._page(projector, name, wait_for_lock, careful=True)

    def _page(self, projector: Projector, name: str, wait_for_lock: bool, careful: bool) -> Page | None:
        """Ends early, committing what it applied, once it has held the view's lock for
        ``PAGE_SECONDS``: one huge command (a chat of thousands of long messages) then costs
        everyone else's projections a short wait at a time, not one long one."""
        source, started = self.sources[projector.context], time.monotonic()
        changes: list[Change] = []
        with self.store.writer.begin() as conn:
            if wait_for_lock:
                self.store.lock_view(conn, name)
            elif not self.store.try_lock_view(conn, name):
                return None
            position = reached = tracked_position(conn, name)
            reading, caught_up = PageReading(source, position, self._page_size, careful), False
            for notification, event in reading:
                if careful:
                    changes.extend(self._apply_or_record(projector, name, source, notification, conn))
                else:
                    changes.extend(projector.apply(event, conn, notification.id))
                reached = notification.id
                if time.monotonic() - started > PAGE_SECONDS:
                    break
            else:
                caught_up = reading.ended
            if reached != position:
                track(conn, name, reached)
        self._reach(name, reached)
        return Page(reached, changes, caught_up=caught_up)

    def _apply_or_record(self, projector: Projector, name: str, source: Application,
                         notification: Notification, conn: Connection) -> list[Change]:
        try:
            with conn.begin_nested():
                event = source.mapper.to_domain_event(notification)
                return list(projector.apply(event, conn, notification.id))
        except Exception as error:
            if is_transient(error):
                raise
            log.error("projection.fault", view=name, position=notification.id, topic=notification.topic,
                      aggregate_id=str(notification.originator_id), error=repr(error))
            record_fault(conn, name, notification.id, notification.topic, str(notification.originator_id),
                         error)
            return []
