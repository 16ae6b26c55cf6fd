from __future__ import annotations

from arq.worker import run_worker as run_arq_worker

from infrastructure.logging import configure_logging
from infrastructure.settings import Settings
from ops.worker import worker_settings


def run_worker(settings: Settings) -> int:
    configure_logging(settings)
    run_arq_worker(worker_settings(settings))  # type: ignore[arg-type]
    return 0
