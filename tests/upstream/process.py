"""The fake upstream as a real process, started and waited for (never slept for)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.services import free_port
from tests.waiting import wait_for


class UpstreamProcess:
    def __init__(self, log_dir: Path, *args: str) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.openai_url = f"{self.base_url}/v1"
        self._log = log_dir / f"upstream-{self.port}.log"
        self._args = args
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> UpstreamProcess:
        command = [sys.executable, "-m", "tests.upstream", "--port", str(self.port), *self._args]
        with open(self._log, "ab") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=log)
        wait_for(self._healthy, timeout=30, what=f"the fake upstream on port {self.port}")
        return self

    def _healthy(self) -> bool:
        assert self._process is not None
        if self._process.poll() is not None:
            raise RuntimeError(f"the fake upstream exited early:\n{self._log.read_text()[-3000:]}")
        try:
            return httpx.get(f"{self.base_url}/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def requests(self) -> list[dict[str, Any]]:
        """The chat requests it received, oldest first: ``{"headers": ..., "body": ...}``."""
        return httpx.get(f"{self.base_url}/fake/requests", timeout=5).json()

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
