"""The worker: runs projectors when kicked (arq jobs), when Postgres NOTIFYs, and every few seconds.

Only the kicks travel through Redis. The LISTEN and the periodic sweep need only the database, so
views keep up while Redis is away; the arq worker is started again, with backoff, whenever Redis
fails it, and takes the kicks again within ~2 s of Redis's return. Each of the three outlives the
database going away too.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from typing import Any

import psycopg
import structlog
from arq import func
from arq.constants import in_progress_key_prefix
from arq.worker import Worker

from application.event_log import postgres_channel
from infrastructure.bootstrap import built_when_the_database_answers
from infrastructure.container import Container
from infrastructure.event_store import DATABASE_CONNECT_TIMEOUT
from infrastructure.kicks import CATCH_UP_JOB, SWEEP_SECONDS, catch_up_job_id
from infrastructure.redis_clients import COMMAND_TIMEOUT, REDIS_DOWN, Backoff, arq_client
from infrastructure.settings import Settings
from projections.runtime.rebuild import retry_faults_at_start

log = structlog.get_logger()
CATCH_UP_TIMEOUT = 120
"""Seconds a kicked catch-up may run (a rebuilt view's first one replays its whole log)."""


async def catch_up(ctx: dict[str, Any], context: str) -> None:
    container: Container = ctx["container"]
    started = time.perf_counter()
    await asyncio.to_thread(container.runner.catch_up_context, context)
    log.info("job", job=CATCH_UP_JOB, job_id=ctx.get("job_id"), try_=ctx.get("job_try"), context=context,
             duration_ms=round((time.perf_counter() - started) * 1000, 2))


async def work(settings: Settings) -> None:
    """Until SIGTERM or SIGINT."""
    if not settings.redis_url:
        raise SystemExit("annals worker needs REDIS_URL (embedded mode projects in the API process)")
    stopping = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stopping.set)
    container = await built_when_the_database_answers(settings, "worker")
    loops = [asyncio.create_task(_sweep(container)), asyncio.create_task(_jobs(container, settings.redis_url))]
    if settings.database_url:
        loops.append(asyncio.create_task(_listen(container, settings.database_url)))
    await stopping.wait()
    container.runner.stopping.set()  # catch-ups under way in threads leave at their next view
    for loop in loops:
        loop.cancel()
    await asyncio.gather(*loops, return_exceptions=True)
    await asyncio.to_thread(container.close)


async def _sweep(container: Container) -> None:
    """Views' faults retried (an upgrade may have mended their projector), every view caught up
    now, and every ``SWEEP_SECONDS`` after: a kick or a NOTIFY can be lost, this cannot. Each
    sweep also does the container's other duties (``Container.sweep``: the views' versions in
    use, the logs' signed checkpoints)."""
    await asyncio.to_thread(retry_faults_at_start, container.runner)
    while True:
        try:
            await asyncio.to_thread(container.sweep)
            await asyncio.to_thread(container.runner.catch_up_all)
        except Exception:
            log.exception("sweep.failed")
        await asyncio.sleep(SWEEP_SECONDS)


async def _jobs(container: Container, redis_url: str) -> None:
    backoff = Backoff()

    async def on_startup(ctx: dict[str, Any]) -> None:
        backoff.reset()
        await _release_interrupted(ctx["redis"], container)

    while True:
        worker = Worker(functions=[func(catch_up, timeout=CATCH_UP_TIMEOUT)],
                        redis_pool=arq_client(redis_url), ctx={"container": container}, on_startup=on_startup,
                        handle_signals=False, poll_delay=0.05, keep_result=0, max_jobs=4)
        try:
            await worker.main()
        except REDIS_DOWN as error:
            log.warning("worker.redis_lost", error=repr(error))
        except Exception:
            log.exception("worker.jobs_failed")  # started again all the same: the kicks must go on
        finally:
            await _abandon(worker)
        await asyncio.sleep(backoff.delay())


async def _release_interrupted(redis: Any, container: Container) -> None:
    """A worker killed in the middle of a catch-up leaves its job marked in progress (for the job's
    timeout and more), and arq starts no job of that id, nor queues another, until the mark expires.
    Catching up twice at once is harmless (each view is applied under its own lock), so a worker
    that starts lifts those marks rather than wait minutes for them."""
    keys = [in_progress_key_prefix + catch_up_job_id(context) for context in container.contexts]
    await redis.delete(*keys)


async def _abandon(worker: Worker) -> None:
    """arq's own ``close`` waits for Redis; a worker that lost it is dropped as it is (a job still
    projecting in a thread finishes there, and its view's lock keeps it from clashing)."""
    for task in worker.tasks.values():
        task.cancel()
    with contextlib.suppress(*REDIS_DOWN):
        await asyncio.wait_for(worker.pool.aclose(), COMMAND_TIMEOUT)


async def _listen(container: Container, database_url: str) -> None:
    """LISTEN on every context's events channel; each NOTIFY catches that context up."""
    channels = {postgres_channel(app): name for name, app in container.contexts.items()}
    backoff = Backoff()
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(
                    database_url, autocommit=True, connect_timeout=DATABASE_CONNECT_TIMEOUT) as conn:
                for channel in channels:
                    await conn.execute(f'LISTEN "{channel}"')
                backoff.reset()
                async for notify in conn.notifies():
                    await asyncio.to_thread(container.runner.catch_up_context, channels[notify.channel])
        except psycopg.OperationalError as error:
            log.warning("listen.lost", error=repr(error))  # the database is away: the sweep carries on
        except Exception:
            log.exception("listen.failed")
        await asyncio.sleep(backoff.delay())
