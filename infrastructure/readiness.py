"""Whether this API process can serve: its database answers (every context's log and the views),
and the versions of its views have caught up with the log (a release that changed a view's shape
builds the new version beside the old one first: ``projections.runtime.versions``).

Redis is reported but never makes a process unready: it carries only kicks and fan-out, and
commands and reads go on without it.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Literal

import anyio
import msgspec
from sqlalchemy import text

from application.log_positions import LogPositions
from infrastructure.redis_clients import COMMAND_TIMEOUT, REDIS_DOWN, async_client
from projections.runtime.runner import ProjectionRunner

CHECK_SECONDS = 3.0
"""A check that takes longer has failed: a readiness probe must answer before its own timeout."""

Status = Literal["ok", "unreachable", "not used"]


class Checks(msgspec.Struct, frozen=True):
    database: Status
    redis: Status
    building: tuple[str, ...] = ()
    """Views whose new version is still catching up with the log."""

    @property
    def ready(self) -> bool:
        return self.database == "ok" and not self.building


class Readiness:
    def __init__(self, log: LogPositions, runner: ProjectionRunner, redis_url: str | None) -> None:
        self._log = log
        self._runner = runner
        self._building: tuple[str, ...] | None = None
        self._redis = async_client(redis_url) if redis_url else None

    async def check(self) -> Checks:
        database, redis = await asyncio.gather(self._database(), self._redis_status())
        return Checks(database=database, redis=redis, building=self._building or ())

    async def close(self) -> None:
        if self._redis is not None:
            with contextlib.suppress(*REDIS_DOWN):
                await asyncio.wait_for(self._redis.aclose(), COMMAND_TIMEOUT)

    async def _database(self) -> Status:
        try:
            with anyio.fail_after(CHECK_SECONDS):
                await self._log.read()
                await anyio.to_thread.run_sync(self._read_views, abandon_on_cancel=True)
        except Exception:  # noqa: BLE001 - whatever fails the check, the database is not ready
            return "unreachable"
        return "ok"

    def _read_views(self) -> None:
        """The views answer; which are still being built, until none is (a version once caught up
        stays so)."""
        if self._building == ():
            with self._runner.store.reader.connect() as conn:
                conn.execute(text("SELECT 1"))
            return
        self._building = tuple(self._runner.building())

    async def _redis_status(self) -> Status:
        if self._redis is None:
            return "not used"
        try:
            await asyncio.wait_for(self._redis.ping(), COMMAND_TIMEOUT)
        except REDIS_DOWN:
            return "unreachable"
        return "ok"
