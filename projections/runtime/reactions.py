"""Running reactions (application/reactions.py): each reads its context's log from its tracked
position and acts, outside any view's transaction (its commands commit in other contexts, and may
wait on views themselves).

One process at a time runs a reaction: this process's threads take turns, and on Postgres a session
advisory lock keeps other processes out while one works. Its position is recorded after each event
it acted on, so a crash repeats at most that event's commands (which are idempotent).

A reaction whose work on one event takes minutes (the indexes rebuilt with a new embedding model)
runs ``InBackground``: the catch-up that finds it work starts it in a thread of its own and goes on
with the other views and reactions; the event's position is recorded only once that work is done.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import structlog
from eventsourcing.application import Application
from sqlalchemy import Connection, text

from application.event_log import read_log
from application.reactions import Postponed, Reaction
from projections.runtime.faults import is_transient, record_fault
from projections.runtime.store import ViewStore, track, tracked_position

log = structlog.get_logger()
PAGE = 500
WATCH_INTERVAL = 0.05
"""How often a reaction another process is running is looked at, by one waiting for it."""


class ReactionRunner:
    def __init__(self, store: ViewStore, source: Application, reaction: Reaction) -> None:
        self._store, self._source, self.reaction = store, source, reaction
        self._turn = threading.Lock()

    @property
    def name(self) -> str:
        return self.reaction.name

    def position(self) -> int:
        with self._store.reader.connect() as conn:
            return tracked_position(conn, self.name)

    def run(self) -> int | None:
        """Act on every event since the tracked position; None if another process is at it."""
        with self._turn, self._exclusive() as ours:
            if not ours:
                return None
            position = self.position()
            while True:
                notifications = read_log(self._source, start=position + 1, limit=PAGE)
                for notification in notifications:
                    self._act(notification)
                    position = notification.id
                if notifications:
                    self._track(position)
                if len(notifications) < PAGE:
                    return position

    def reach(self, position: int, timeout: float) -> None:
        """Return once the reaction has acted on its log up to ``position``: run here, or, while
        another process is at it, watched; ``TimeoutError`` only when it stops moving for ``timeout``
        seconds (a long backlog is waited for, not abandoned)."""
        deadline, seen = time.monotonic() + timeout, -1
        while self.run() is None and (reached := self.position()) < position:
            if reached > seen:
                deadline, seen = time.monotonic() + timeout, reached
            elif time.monotonic() > deadline:
                raise TimeoutError(f"reaction {self.name} stopped at {reached}, short of {position}")
            time.sleep(WATCH_INTERVAL)

    def _act(self, notification: Any) -> None:
        if not notification.topic.endswith(tuple(f":{t.__qualname__}" for t in self.reaction.reacts_to)):
            return
        try:
            self.reaction.react(self._source.mapper.to_domain_event(notification))
        except Exception as error:
            if is_transient(error) or isinstance(error, Postponed):
                raise
            log.error("reaction.fault", reaction=self.name, position=notification.id, error=repr(error))
            with self._store.writer.begin() as conn:
                record_fault(conn, self.name, notification.id, notification.topic, str(notification.originator_id),
                             error)
        self._track(notification.id)

    def _track(self, position: int) -> None:
        with self._store.writer.begin() as conn:
            if tracked_position(conn, self.name) < position:
                track(conn, self.name, position)

    @contextmanager
    def _exclusive(self) -> Iterator[bool]:
        engine = self._store.writer
        if engine.dialect.name != "postgresql":
            yield True  # embedded: one process, and this process's turn is held
            return
        with engine.connect() as conn:
            ours = bool(_advisory(conn, "pg_try_advisory_lock", self.name))
            try:
                yield ours
            finally:
                if ours:
                    _advisory(conn, "pg_advisory_unlock", self.name)
                conn.commit()


class InBackground(ReactionRunner):
    """``run`` starts the reaction's catch-up in a thread and returns at once (None); asked again
    while that thread works, it runs once more when done, so no kick is lost."""

    def __init__(self, store: ViewStore, source: Application, reaction: Reaction) -> None:
        super().__init__(store, source, reaction)
        self._starting = threading.Lock()
        self._worker: threading.Thread | None = None
        self._again = False

    def run(self) -> int | None:
        with self._starting:
            if self._worker is not None:
                self._again = True
                return None
            self._worker = threading.Thread(target=self._work, name=f"reaction-{self.name}", daemon=True)
            self._worker.start()
        return None

    def join(self, timeout: float) -> None:
        if worker := self._worker:
            worker.join(timeout)

    def _work(self) -> None:
        while True:
            try:
                super().run()
            except Postponed as why:
                log.info("reaction.postponed", reaction=self.name, reason=str(why))
            except Exception:
                log.exception("reaction.failed", reaction=self.name)
            with self._starting:
                if not self._again:
                    self._worker = None
                    return
                self._again = False


def _advisory(conn: Connection, function: str, name: str) -> Any:
    return conn.execute(text(f"SELECT {function}(hashtext(:name))"), {"name": f"reaction:{name}"}).scalar()
