"""A Redis server of a test's own, for tests that freeze or stop it (never the shared one)."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.services import free_port
from tests.waiting import wait_for


class PrivateRedis:
    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.url = f"redis://127.0.0.1:{port}/0"

    def freeze(self) -> None:
        """As a Redis stuck in a long command or a full disk would be: connected, but silent."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


@contextmanager
def private_redis(directory: Path) -> Iterator[PrivateRedis]:
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(directory)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = PrivateRedis(process, port)
    try:
        wait_for(lambda: _answers(server.url), timeout=10, what=f"a private redis on port {port}")
        yield server
    finally:
        server.thaw()
        process.kill()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False
