"""The arq worker: runs projectors when kicked, when Postgres NOTIFYs, and every few seconds."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import psycopg
import structlog
from arq import cron
from arq.connections import RedisSettings

from infrastructure.bootstrap import Container, build_container
from infrastructure.kicks import CATCH_UP_JOB
from infrastructure.settings import Settings

log = structlog.get_logger()
CATCH_UP_EVERY_SECONDS = {0, 10, 20, 30, 40, 50}


async def catch_up(ctx: dict[str, Any], context: str) -> None:
    container: Container = ctx["container"]
    started = time.perf_counter()
    await asyncio.to_thread(container.runner.catch_up_context, context)
    log.info("job", job=CATCH_UP_JOB, job_id=ctx.get("job_id"), try_=ctx.get("job_try"), context=context,
             duration_ms=round((time.perf_counter() - started) * 1000, 2))


async def catch_up_everything(ctx: dict[str, Any]) -> None:
    """The safety net: a kick or a NOTIFY can be lost; this cannot."""
    await asyncio.to_thread(ctx["container"].runner.catch_up_all)


async def _listen(container: Container, database_url: str) -> None:
    """LISTEN on every context's events channel; each NOTIFY catches that context up."""
    channels = {app.recorder.channel_name: name for name, app in container.contexts.items()}  # type: ignore[attr-defined]
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
                for channel in channels:
                    await conn.execute(f'LISTEN "{channel}"')
                async for notify in conn.notifies():
                    await asyncio.to_thread(container.runner.catch_up_context, channels[notify.channel])
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("listen.failed")
            await asyncio.sleep(1)


def worker_settings(settings: Settings) -> dict[str, Any]:
    if not settings.redis_url:
        raise SystemExit("annals worker needs REDIS_URL (embedded mode projects in the API process)")

    async def on_startup(ctx: dict[str, Any]) -> None:
        ctx["container"] = await asyncio.to_thread(build_container, settings, "worker")
        await asyncio.to_thread(ctx["container"].runner.catch_up_all)
        if settings.database_url:
            ctx["listener"] = asyncio.create_task(_listen(ctx["container"], settings.database_url))

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        if "listener" in ctx:
            ctx["listener"].cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ctx["listener"]
        if "container" in ctx:
            await asyncio.to_thread(ctx["container"].close)

    return {
        "functions": [catch_up],
        "cron_jobs": [cron(catch_up_everything, second=CATCH_UP_EVERY_SECONDS, run_at_startup=False)],
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "poll_delay": 0.05,
        "keep_result": 0,
        "max_jobs": 4,
    }
