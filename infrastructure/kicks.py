"""After a commit, the projectors get kicked: in-process in embedded mode, an arq job in production."""

from __future__ import annotations

import asyncio
import threading

import structlog
from arq import create_pool
from arq.connections import ArqRedis, RedisSettings

from projections.runtime.runner import ProjectionRunner

log = structlog.get_logger()
CATCH_UP_JOB = "catch_up"


class InProcessKicks:
    """One background thread catches up the views of whichever contexts were kicked; kicks that
    arrive while it works coalesce into one more round."""

    def __init__(self) -> None:
        self._pending: set[str] = set()
        self._wake = threading.Condition()
        self._runner: ProjectionRunner | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

    def kick(self, context: str, position: int) -> None:
        with self._wake:
            self._pending.add(context)
            self._wake.notify()

    def start(self, runner: ProjectionRunner) -> None:
        self._runner = runner
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
        while True:
            with self._wake:
                while not self._pending and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                contexts, self._pending = self._pending, set()
            for context in sorted(contexts):
                try:
                    self._runner.catch_up_context(context)
                except Exception:
                    log.exception("catch_up.failed", context=context)


class ArqKicks:
    """Enqueues ``catch_up(context)`` with a coalescing job id, from any thread, without blocking
    the command: a worker process does the projecting (the handler itself only catches up the
    views its response depends on)."""

    def __init__(self, redis_url: str) -> None:
        self._settings = RedisSettings.from_dsn(redis_url)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="arq-kicks", daemon=True)
        self._pool: ArqRedis | None = None

    def start(self, runner: ProjectionRunner) -> None:
        self._thread.start()
        self._pool = asyncio.run_coroutine_threadsafe(create_pool(self._settings), self._loop).result(10)

    def kick(self, context: str, position: int) -> None:
        if self._pool is not None:
            asyncio.run_coroutine_threadsafe(self._enqueue(context), self._loop)

    async def _enqueue(self, context: str) -> None:
        try:
            assert self._pool is not None
            await self._pool.enqueue_job(CATCH_UP_JOB, context, _job_id=f"catch-up:{context}")
        except Exception:
            log.exception("kick.failed", context=context)

    def close(self) -> None:
        if self._pool is not None:
            asyncio.run_coroutine_threadsafe(self._pool.aclose(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread.is_alive():
            self._thread.join(timeout=5)
