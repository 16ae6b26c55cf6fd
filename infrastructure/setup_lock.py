"""Processes starting together (API replicas, workers) create tables one at a time.

``CREATE TABLE IF NOT EXISTS`` is not safe against a concurrent twin on Postgres (both pass the
check, one fails on the catalog's unique index), so set-up runs under a session advisory lock.
SQLite needs nothing: its DDL is serialised by the database's write lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from infrastructure.settings import Settings

SETUP_LOCK_KEY = 7_302_744_125  # any constant shared by every Annals process


@contextmanager
def setup_lock(settings: Settings) -> Iterator[None]:
    if settings.database_url is None:
        yield
        return
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (SETUP_LOCK_KEY,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (SETUP_LOCK_KEY,))
