"""After a commit, the projectors get kicked: in-process in embedded mode, an arq job in production."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable

import structlog
from arq.connections import ArqRedis

from infrastructure.redis_clients import COMMAND_TIMEOUT, Outage, arq_client
from projections.runtime.rebuild import retry_faults_at_start
from projections.runtime.runner import ProjectionRunner

log = structlog.get_logger()
CATCH_UP_JOB = "catch_up"
SWEEP_SECONDS = 10.0
"""The safety net: a kick can fail; every view is caught up this often all the same."""
RETRY_SECONDS = 1.0


def _nothing() -> None:
    pass


class InProcessKicks:
    """One background thread catches up the views of whichever contexts were kicked; kicks that
    arrive while it works coalesce into one more round. It starts with every context kicked: what
    was committed just before the last stop or crash, and not projected then, is projected now,
    not at the next write in its context. A context that could not be caught up (its database
    busy or away) is tried again a second later, and every context every ``SWEEP_SECONDS``, as
    the worker does on Postgres."""

    def __init__(self) -> None:
        self._pending: set[str] = set()
        self._wake = threading.Condition()
        self._runner: ProjectionRunner | None = None
        self._sweep: Callable[[], None] = _nothing
        self._thread: threading.Thread | None = None
        self._stopping = False

    def kick(self, context: str, position: int) -> None:
        with self._wake:
            self._pending.add(context)
            self._wake.notify()

    def start(self, runner: ProjectionRunner, sweep: Callable[[], None]) -> None:
        self._runner, self._sweep = runner, sweep
        self._pending.update(runner.sources)
        self._thread = threading.Thread(target=self._run, name="projection-kicks", daemon=True)
        self._thread.start()

    def close(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        assert self._runner is not None
        retry_faults_at_start(self._runner)
        self._swept()
        failed: set[str] = set()
        while True:
            with self._wake:
                if not self._pending and not self._stopping:
                    kicked = self._wake.wait(timeout=RETRY_SECONDS if failed else SWEEP_SECONDS)
                    if not kicked and not failed:
                        self._pending.update(self._runner.sources)  # the sweep
                        self._swept()
                if self._stopping:
                    return
                contexts, self._pending = self._pending | failed, set()
            failed = {context for context in sorted(contexts) if not self._caught_up(context)}

    def _swept(self) -> None:
        """The sweep's other duties (the views' versions, the logs' checkpoints): logged, never raised."""
        try:
            self._sweep()
        except Exception:
            log.exception("sweep.failed")

    def _caught_up(self, context: str) -> bool:
        assert self._runner is not None
        try:
            self._runner.catch_up_context(context)
        except Exception:
            log.exception("catch_up.failed", context=context)
            return False
        return True


class ArqKicks:
    """Enqueues ``catch_up(context)`` with a coalescing job id, from a thread of its own: the
    command that kicks never waits on Redis (a worker does the projecting; the handler itself only
    catches up the views its response depends on). A context's kicks that arrive while one is on
    its way coalesce into one more; while Redis is away they are dropped, and the worker's LISTEN
    and periodic sweep project without them."""

    def __init__(self, redis_url: str) -> None:
        self._url = redis_url
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="arq-kicks", daemon=True)
        self._pool: ArqRedis | None = None
        self._outage = Outage()
        self._sending: set[str] = set()
        self._again: set[str] = set()
        """Both touched only on the kicks' event loop."""

    def start(self, runner: ProjectionRunner, sweep: Callable[[], None]) -> None:
        self._pool = arq_client(self._url)  # connects on its first kick, not now
        self._thread.start()

    def kick(self, context: str, position: int) -> None:
        if self._pool is None:
            return
        with contextlib.suppress(RuntimeError):  # closed: the process is on its way out
            self._loop.call_soon_threadsafe(self._kick, context)

    def _kick(self, context: str) -> None:
        if context in self._sending:
            self._again.add(context)
            return
        self._sending.add(context)
        self._loop.create_task(self._send(context))

    async def _send(self, context: str) -> None:
        try:
            while True:
                self._again.discard(context)
                await self._outage.acall("kick", lambda: self._enqueue(context), None)
                if context not in self._again:
                    return
        finally:
            self._sending.discard(context)

    async def _enqueue(self, context: str) -> object:
        assert self._pool is not None
        return await self._pool.enqueue_job(CATCH_UP_JOB, context, _job_id=catch_up_job_id(context))

    def close(self) -> None:
        if self._pool is not None and self._thread.is_alive():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._pool.aclose(), self._loop).result(COMMAND_TIMEOUT)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread.is_alive():
            self._thread.join(timeout=5)


def catch_up_job_id(context: str) -> str:
    return f"catch-up:{context}"
