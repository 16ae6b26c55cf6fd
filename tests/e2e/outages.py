"""Redis and Postgres servers of a test's own, to take away and bring back (never the shared ones)."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.services import free_port, listening
from tests.waiting import wait_for


def _pg_bin() -> Path:
    """Where initdb and pg_ctl are: on PATH, or in Debian's versioned directory."""
    found = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))), None)
    if found is None:
        raise RuntimeError("no initdb: install Postgres's server binaries to run the Postgres fault tests")
    return Path(found).parent


class PrivateRedis:
    """A redis-server on a free port: killed, frozen (SIGSTOP) and restarted on that same port."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._directory = directory
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> PrivateRedis:
        self._process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self._directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: listening(self.port), timeout=15, what=f"redis on port {self.port}")
        return self

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=15)
            self._process = None

    def freeze(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)


@contextmanager
def private_redis(directory: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(directory).start()
    try:
        yield server
    finally:
        server.kill()


class PrivatePostgres:
    """A Postgres cluster of its own in a temporary directory (initdb, pg_ctl), run as the
    ``postgres`` system user when the tests run as root (Postgres refuses to run as root)."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._data = directory / "pgdata"
        self._log = directory / "postgres.log"
        self._directory = directory

    def create(self) -> PrivatePostgres:
        if os.geteuid() == 0:
            shutil.chown(self._directory, "postgres")
        self._run(str(_pg_bin() / "initdb"), "-D", str(self._data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        return self

    def start(self) -> None:
        self._run(str(_pg_bin() / "pg_ctl"), "-D", str(self._data), "-l", str(self._log), "-w", "-o",
                  f"-p {self.port} -h 127.0.0.1 -k {self._directory} -c fsync=off", "start")

    def stop(self) -> None:
        """Immediate: connections are cut, as when the server goes away."""
        self._run(str(_pg_bin() / "pg_ctl"), "-D", str(self._data), "-m", "immediate", "-w", "stop", check=False)

    def _run(self, *command: str, check: bool = True) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=check, capture_output=True, cwd=self._directory)


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """In a directory of its own under /tmp: pytest's are closed to the ``postgres`` user."""
    directory = Path(tempfile.mkdtemp(prefix="annals-pg-"))
    server = PrivatePostgres(directory).create()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def deployment_env(data_dir: Path, database_url: str, redis_url: str) -> dict[str, str]:
    """What ``annals serve`` and ``annals worker`` are given on Postgres and Redis."""
    return {"ANNALS_DATA_DIR": str(data_dir), "DATABASE_URL": database_url, "REDIS_URL": redis_url,
            "WEBUI_SECRET_KEY": "test-secret-key-for-faults"}


def timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response | None, float]:
    """The answer (None if the request failed or timed out) and how long it took."""
    started = time.monotonic()
    try:
        return call(), time.monotonic() - started
    except httpx.HTTPError:
        return None, time.monotonic() - started


def status_of(response: Any) -> int | None:
    return None if response is None else response.status_code
