from __future__ import annotations

import asyncio

from infrastructure.logging import configure_logging
from infrastructure.settings import Settings
from ops.worker import work


def run_worker(settings: Settings) -> int:
    configure_logging(settings)
    asyncio.run(work(settings))
    return 0
