"""The local Postgres and Redis the integration and end-to-end tests use; started if they are down."""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from tests.waiting import wait_for

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def _redis_test_url(base: str, worker: str) -> str:
    """``base`` for a serial run; under pytest-xdist, worker ``gwN`` takes the Nth database after it,
    since each worker's deployments flush theirs."""
    if not worker.startswith("gw"):
        return base
    prefix, _, number = base.rpartition("/")
    return f"{prefix}/{int(number or 0) + int(worker[2:])}"


REDIS_TEST_URL = _redis_test_url(os.environ.get("ANNALS_TEST_REDIS_URL", "redis://127.0.0.1:6379/9"),
                                 os.environ.get("PYTEST_XDIST_WORKER", ""))
"""Flushed by the tests: concurrent runs on one machine each name a database of their own (and,
on two workers, the one after it too)."""
DATABASE_CONNECTIONS = 32
"""Each test process's budget of connections to Postgres (``ANNALS_DATABASE_CONNECTIONS``): the
in-process server and a two-process deployment a worker holds at once stay under its share of
``MAX_CONNECTIONS``."""
IDLE_CONNECTIONS = 0
"""Each test process's event stores open their connections when needed
(``ANNALS_DATABASE_IDLE_CONNECTIONS``): kept open, two per context, the servers that two workers
hold at once would sit on some 25 idle connections each."""
WORKERS = 2
"""pytest-xdist workers ``make test`` runs, one per core, when Postgres has room for their connections."""
MAX_CONNECTIONS = 300
"""Postgres's ``max_connections`` two workers need: each may hold an in-process server and a
two-process deployment at once, every one up to its budget, so 100 (the default) is too few."""
_CLUSTER = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -n1) main"
_START = {
    5432: f"{_CLUSTER} start",
    6379: ("redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no "
           "--dir /tmp --logfile /tmp/annals-test-redis.log"),
}


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def ensure_running(port: int) -> None:
    if listening(port):
        return
    subprocess.run(_START[port], shell=True, check=False, capture_output=True)
    wait_for(lambda: listening(port), timeout=30, what=f"a server on 127.0.0.1:{port}")


def workers() -> int:
    """How many workers the whole suite may run on: ``WORKERS`` once Postgres allows
    ``MAX_CONNECTIONS`` (raised, and the cluster restarted, as the harness starts it), else none
    (one process, as when the setting may not be changed here)."""
    ensure_running(5432)
    if _max_connections() < MAX_CONNECTIONS:
        try:
            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f"ALTER SYSTEM SET max_connections = {MAX_CONNECTIONS}")
        except psycopg.Error:
            return 0
        subprocess.run(f"{_CLUSTER} restart", shell=True, check=False, capture_output=True)
        wait_for(lambda: _max_connections() > 0, timeout=30, what="Postgres to restart")
    return WORKERS if _max_connections() >= MAX_CONNECTIONS else 0


def _max_connections() -> int:
    """Postgres's ``max_connections``; 0 while it does not answer."""
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=2) as conn:
            row = conn.execute("SHOW max_connections").fetchone()
    except psycopg.OperationalError:
        return 0
    return int(row[0]) if row else 0


@contextmanager
def fresh_database(template: str | None = None) -> Iterator[str]:
    """A new Postgres database for one test session, dropped afterwards: empty, or a copy of
    ``template`` (a database no one is connected to)."""
    ensure_running(5432)
    name = f"annals_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_name(url: str) -> str:
    return url.rpartition("/")[2]


def empty_tables(url: str) -> None:
    """Every table emptied and every sequence restarted, the schema left: a database as good as new
    for code that creates its tables if they do not exist, and cheaper to copy than to build."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")]
        if tables:
            conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        for (sequence,) in conn.execute(
                "SELECT format('%I.%I', sequence_schema, sequence_name) FROM information_schema.sequences").fetchall():
            conn.execute("SELECT setval(%s::regclass, 1, false)", (sequence,))


def closed_to_connections(name: str) -> None:
    """No one connected to database ``name``, and no one let in (as template0): a copy of it fails
    while anyone is connected, and a pool's late reconnect would do."""
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))


if __name__ == "__main__":
    print(workers())  # read by ``make test``
