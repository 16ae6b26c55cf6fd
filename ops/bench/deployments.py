"""The servers a benchmark measures: Annals on either store (and its unsealed twins), Open WebUI
0.12.4 from its own venv, and the fake upstream of the tests, each started on 127.0.0.1 and stopped
when the benchmark's ``ExitStack`` closes (also on Ctrl-C and SIGTERM). Open WebUI is never copied
here: it is run from its own venv.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import redis

from infrastructure.connection_budget import ConnectionBudget
from infrastructure.wiring.write_side import CONTEXTS
from tests.e2e.server import ANNALS_MODULE, AnnalsProcess
from tests.services import ensure_running, free_port, fresh_database
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

EMBEDDED, POSTGRES, OPEN_WEBUI = "annals-embedded", "annals-postgres", "open-webui"
UNSEALED = {f"{target}-unsealed": target for target in (EMBEDDED, POSTGRES)}
"""Annals storing events unsealed (``ops.bench.unsealed``): what sealing costs, measured beside it."""
TARGETS = (EMBEDDED, POSTGRES, OPEN_WEBUI, *UNSEALED)
ANNALS = (EMBEDDED, POSTGRES)
OPEN_WEBUI_BIN = Path(os.environ.get("OPEN_WEBUI_BIN", "/work/ref/owui/bin/open-webui"))
POSTGRES_CONNECTIONS = 80
"""What the benchmarks' Postgres deployments share (two processes each) of the server's 100."""
BENCH_REDIS, BENCH_REDIS_DB = "redis://127.0.0.1:6379", 12

class OpenWebUIProcess:
    """Open WebUI 0.12.4 from its own venv, offline, with a throwaway data directory."""

    def __init__(self, data_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._data_dir = data_dir
        self._extra_env = extra_env or {}
        self._process: subprocess.Popen[bytes] | None = None

    def spawn(self) -> OpenWebUIProcess:
        env = {**os.environ, "OFFLINE_MODE": "true", "DATA_DIR": str(self._data_dir),
               "WEBUI_SECRET_KEY": "bench-secret", "HF_HUB_OFFLINE": "1", **self._extra_env}
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        log = open(self._data_dir / "open-webui.log", "ab")  # closed with the process
        command = [str(OPEN_WEBUI_BIN), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self._process = subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=self._data_dir,
                                         start_new_session=True)
        return self

    def wait_healthy(self) -> None:
        wait_for(self._healthy, timeout=180, what=f"open-webui on port {self.port}", interval=0.5)

    def _healthy(self) -> bool:
        assert self._process is not None
        if self._process.poll() is not None:
            raise RuntimeError(f"open-webui exited early; see {self._data_dir / 'open-webui.log'}")
        try:
            return httpx.get(f"{self.base_url}/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        """Its own process group: the server and anything it spawned, nothing else."""
        if self._process is None or self._process.poll() is not None:
            return
        os.killpg(self._process.pid, signal.SIGTERM)
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(timeout=10)

Server = AnnalsProcess | OpenWebUIProcess

def start_servers(stack: contextlib.ExitStack, targets: Sequence[str], workdir: Path,
                  env: dict[str, str] | None = None) -> dict[str, Server]:
    """Open WebUI is spawned first (it takes longest to boot); Annals starts while it loads. ``env``
    goes to every server (Open WebUI's variable names: an upstream, say)."""
    servers: dict[str, Server] = {}
    owui = None
    if OPEN_WEBUI in targets:
        owui = OpenWebUIProcess(_subdir(workdir, OPEN_WEBUI), env).spawn()
        stack.callback(owui.stop)
    on_postgres = [t for t in targets if _store_of(t) == POSTGRES]
    connections = {"ANNALS_DATABASE_CONNECTIONS": str(_connection_share(len(on_postgres)))} if on_postgres else {}
    for number, target in enumerate(t for t in targets if t != OPEN_WEBUI):
        store = _store_of(target)
        module = "ops.bench.unsealed" if target in UNSEALED else ANNALS_MODULE
        stores = (postgres(stack), bench_redis(BENCH_REDIS_DB + number)) if store == POSTGRES else ()
        servers[target] = _start_annals(
            stack, {**annals_env(_subdir(workdir, target), *stores), **connections, **(env or {})},
            worker=store == POSTGRES, module=module)
    if owui is not None:
        owui.wait_healthy()
        servers[OPEN_WEBUI] = owui
    return {t: servers[t] for t in targets}


def _connection_share(deployments: int) -> int:
    """Each Postgres deployment's share of ``POSTGRES_CONNECTIONS`` (two processes each), never
    under the floor a process needs."""
    return min(40, max(ConnectionBudget.least(len(CONTEXTS)), POSTGRES_CONNECTIONS // (2 * deployments)))


def annals_env(data_dir: Path, database_url: str | None = None, redis_url: str | None = None) -> dict[str, str]:
    env = {"ANNALS_DATA_DIR": str(data_dir), "WEBUI_SECRET_KEY": "bench-secret"}
    if database_url:
        env |= {"DATABASE_URL": database_url, "REDIS_URL": redis_url or f"{BENCH_REDIS}/{BENCH_REDIS_DB}"}
    return env

def postgres(stack: contextlib.ExitStack) -> str:
    """A fresh database, dropped at the end."""
    return stack.enter_context(fresh_database())

def bench_redis(db: int = BENCH_REDIS_DB) -> str:
    """An emptied Redis database of the benchmarks' own: one per deployment, since two sharing
    one would hear each other's announcements and jobs."""
    ensure_running(6379)
    url = f"{BENCH_REDIS}/{db}"
    redis.Redis.from_url(url).flushdb()
    return url

def _store_of(target: str) -> str:
    """The store an Annals target runs on (an unsealed twin's is its sealed target's)."""
    return UNSEALED.get(target, target)

def _start_annals(stack: contextlib.ExitStack, env: dict[str, str], *, worker: bool,
                  module: str = ANNALS_MODULE) -> AnnalsProcess:
    process = AnnalsProcess(env, Path(env["ANNALS_DATA_DIR"]), module)
    stack.callback(process.stop)
    return process.start(worker=worker)

def _subdir(workdir: Path, name: str) -> Path:
    path = workdir / name
    path.mkdir(parents=True, exist_ok=True)
    return path

def workdir(stack: contextlib.ExitStack, keep: bool = False) -> Path:
    """Data directories and server logs; removed at the end unless asked to keep them or a
    benchmark failed (then its logs are worth reading)."""
    return stack.enter_context(_scratch(keep))

@contextlib.contextmanager
def _scratch(keep: bool) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="annals-bench-"))
    try:
        yield path
    except BaseException:
        print(f"benchmark failed; servers' data and logs kept in {path}", file=sys.stderr)
        raise
    if keep:
        print(f"data and logs kept in {path}")
    else:
        shutil.rmtree(path, ignore_errors=True)

def stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so every server started so far is stopped."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

def upstream(stack: contextlib.ExitStack, workdir: Path, *models: str) -> dict[str, str]:
    """The fake OpenAI-compatible upstream of the tests (tests/upstream), listing ``models`` (their names
    say how they behave: ``echo@ttft=0.04``), and the environment that points a server at it."""
    process = UpstreamProcess(_subdir(workdir, "upstream"), *(a for m in models for a in ("--model", m))).start()
    stack.callback(process.stop)
    return {"OPENAI_API_BASE_URLS": process.openai_url, "OPENAI_API_KEYS": "", "ENABLE_OPENAI_API": "true",
            "ENABLE_OLLAMA_API": "false"}

