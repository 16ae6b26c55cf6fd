"""eventsourcing's settings for each bounded context, derived from ours."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from infrastructure.settings import Settings

AGGREGATE_CACHE_SIZE = "2000"
DATABASE_CONNECT_TIMEOUT = 5
"""Seconds anything waits for a connection to Postgres before it gives up (and the request is a 503)."""


def event_store_env(settings: Settings, context: str) -> dict[str, str]:
    env = {"AGGREGATE_CACHE_MAXSIZE": AGGREGATE_CACHE_SIZE, "AGGREGATE_CACHE_FASTFORWARD": "y"}
    if settings.database_url is None:
        path = Path(settings.data_dir) / f"events-{context.lower()}.sqlite3"
        return {**env, "PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": "30"}
    url = urlsplit(settings.database_url)
    return {
        **env,
        # Never POSTGRES_ENABLE_DB_FUNCTIONS: its insert skips the table lock, and readers skip events.
        "PERSISTENCE_MODULE": "infrastructure.postgres_store:FailFastPostgresFactory",
        "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_POOL_SIZE": "2",  # psycopg_pool opens this many at start, per context and process
        "POSTGRES_MAX_OVERFLOW": "18",
        "POSTGRES_LOCK_TIMEOUT": "10",
        # How long one of the library's tries waits for a pooled connection (its default: 30 s, and
        # it tries ten times); stale connections are found before use, not by a request.
        "POSTGRES_CONNECT_TIMEOUT": "2",
        "POSTGRES_PRE_PING": "y",
    }
