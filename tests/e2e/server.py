"""A real ``annals serve`` (and, on Postgres, ``annals worker``) process for end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import redis

from tests.services import DATABASE_CONNECTIONS, REDIS_TEST_URL, ensure_running, free_port, fresh_database
from tests.waiting import wait_for

ANNALS_MODULE = "interfaces.cli.main"
"""What ``annals`` runs."""


class AnnalsProcess:
    def __init__(self, env: dict[str, str], log_dir: Path, module: str = ANNALS_MODULE) -> None:
        """``module``: what ``python -m`` runs with ``annals``' arguments (a benchmark's variant)."""
        self.module = module
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        # A short grace: a test that leaves a stream or a long poll open stops in seconds, not in 15.
        self.env = {**os.environ, "ANNALS_LOG_FORMAT": "json", "ANNALS_SHUTDOWN_GRACE_SECONDS": "2", **env}
        self._log_dir = log_dir
        self._processes: list[subprocess.Popen[bytes]] = []
        self._commands: list[str] = []

    def client(self, **options: object) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, **options)  # type: ignore[arg-type]

    def start(self, *, worker: bool = False) -> AnnalsProcess:
        self._spawn("serve", "--port", str(self.port))
        if worker:
            self._spawn("worker")
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, *args: str) -> None:
        log = open(self._log_dir / f"annals-{args[0]}.log", "ab")  # closed with the process
        command = [sys.executable, "-m", self.module, *args]
        self._processes.append(subprocess.Popen(command, env=self.env, stdout=log, stderr=log))
        self._commands.append(args[0])

    def running(self) -> bool:
        """Whether every process of this server (the API, the worker) is still up."""
        return all(p.poll() is None for p in self._processes)

    def log_of(self, command: str) -> str:
        return (self._log_dir / f"annals-{command}.log").read_text()

    def crash(self, command: str) -> None:
        """Kill ``annals <command>`` (``serve``, ``worker``) as a crash would; the other goes on."""
        index = self._commands.index(command)
        self._processes[index].kill()
        self._processes[index].wait(timeout=15)
        del self._processes[index], self._commands[index]

    def start_again(self, command: str) -> None:
        """Start ``annals <command>`` anew (the API on its port, once it answers)."""
        if command == "serve":
            self._spawn("serve", "--port", str(self.port))
            self._wait_healthy()
        else:
            self._spawn(command)

    def _wait_healthy(self) -> None:
        wait_for(self._healthy, timeout=60, what=f"annals on port {self.port}")

    def _healthy(self) -> bool:
        if any(p.poll() is not None for p in self._processes):
            logs = "\n".join(path.read_text()[-3000:] for path in self._log_dir.glob("annals-*.log"))
            raise RuntimeError(f"annals exited early; its logs end with:\n{logs}")
        try:
            return httpx.get(f"{self.base_url}/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        """As a crash would: no shutdown, nothing finished or recorded on the way out."""
        for process in self._processes:
            process.kill()
            process.wait(timeout=15)

    def stop(self) -> bool:
        """Asks each process to stop (SIGTERM); kills one still up after 15 s. True if every one
        stopped by itself."""
        for process in self._processes:
            process.terminate()
        by_itself = True
        for process in self._processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                by_itself = False
        return by_itself


@contextmanager
def postgres_deployment(data_dir: Path, **more_env: str) -> Iterator[AnnalsProcess]:
    """``annals serve`` and ``annals worker`` on a fresh Postgres database and the test Redis."""
    ensure_running(6379)
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    with fresh_database() as database_url:
        env = {"ANNALS_DATA_DIR": str(data_dir), "DATABASE_URL": database_url, "REDIS_URL": REDIS_TEST_URL,
               "WEBUI_SECRET_KEY": "test-secret-key-for-e2e",
               "ANNALS_DATABASE_CONNECTIONS": str(DATABASE_CONNECTIONS), **more_env}
        process = AnnalsProcess(env, data_dir).start(worker=True)
        try:
            yield process
        finally:
            process.stop()
