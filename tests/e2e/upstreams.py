"""Annals servers wired to fake upstream processes: OPENAI_API_BASE_URLS points at real servers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.e2e.server import AnnalsProcess
from tests.services import REDIS_TEST_URL, ensure_running, free_port, fresh_database
from tests.upstream.process import UpstreamProcess

UPSTREAM_KEY = "sk-fake-upstream-key-0123456789"
QUICK = {"AIOHTTP_CLIENT_TIMEOUT_MODEL_LIST": "1", "AIOHTTP_CLIENT_TIMEOUT": "2", "MODELS_CACHE_TTL": "1"}
"""A silent upstream is given up on after 1 s when listing, 2 s when answering."""


def dead_url() -> str:
    """A port nobody listens on."""
    return f"http://127.0.0.1:{free_port()}/v1"


@contextmanager
def annals(store: str, data_dir: Path, env: dict[str, str]) -> Iterator[AnnalsProcess]:
    """Embedded (SQLite, projectors in-process), or Postgres + Redis with a separate worker."""
    if store == "embedded":
        process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), **env}, data_dir).start()
        try:
            yield process
        finally:
            process.stop()
        return
    ensure_running(6379)
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    with fresh_database() as database_url:
        process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
                                 "REDIS_URL": REDIS_TEST_URL, "WEBUI_SECRET_KEY": "test-secret-key-for-e2e", **env},
                                data_dir).start(worker=True)
        try:
            yield process
        finally:
            process.stop()


@contextmanager
def keyed_upstream(log_dir: Path, *args: str) -> Iterator[UpstreamProcess]:
    """A fake upstream that refuses any request without ``UPSTREAM_KEY``."""
    process = UpstreamProcess(log_dir, "--key", UPSTREAM_KEY, *args).start()
    try:
        yield process
    finally:
        process.stop()


@contextmanager
def fake_models(log_dir: Path, *models: str) -> Iterator[UpstreamProcess]:
    """A fake upstream that serves ``models`` to anyone."""
    process = UpstreamProcess(log_dir, *(f"--model={model}" for model in models)).start()
    try:
        yield process
    finally:
        process.stop()


@contextmanager
def open_annals(store: str, data_dir: Path, upstream: UpstreamProcess) -> Iterator[AnnalsProcess]:
    """``annals`` with every model of ``upstream`` open to everyone (members chat with them), quick to give up."""
    env = {"OPENAI_API_BASE_URLS": upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true", **QUICK}
    with annals(store, data_dir, env) as process:
        yield process
