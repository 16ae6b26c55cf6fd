"""What every benchmark shares: the servers under test, signed-in clients, chat documents shaped as the
SPA sends them, percentiles, the printed table and the JSON file.

Everything runs on 127.0.0.1. Servers are started per benchmark and stopped when its ``ExitStack``
closes (also on Ctrl-C and SIGTERM). Open WebUI is never copied here: it is run from its own venv.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import math
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import msgspec
import redis

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
PASSWORD = "bench-password-not-secret"
TIMEOUT = httpx.Timeout(120.0, connect=10.0)
encode = msgspec.json.Encoder().encode


# --- servers ------------------------------------------------------------------------------------

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
    connections = {"ANNALS_DATABASE_CONNECTIONS": str(min(40, POSTGRES_CONNECTIONS // (2 * len(on_postgres))))
                   } if on_postgres else {}
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


# --- clients ------------------------------------------------------------------------------------

def sign_up(server: Server, name: str) -> httpx.Client:
    """A client carrying a fresh account's token; on a fresh server the first one is the admin."""
    body = {"name": name, "email": f"{name}-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    response = httpx.post(f"{server.base_url}/api/v1/auths/signup", json=body, timeout=TIMEOUT)
    response.raise_for_status()
    return client(server, response.json()["token"])


def open_sign_up(admin: httpx.Client) -> None:
    """The first account closes sign-up behind it (as Open WebUI does); its admin opens it again,
    as in the Authentication settings, for a benchmark's other people."""
    config = admin.get("/api/v1/auths/admin/config")
    config.raise_for_status()
    admin.post("/api/v1/auths/admin/config", json={**config.json(), "ENABLE_SIGNUP": True}).raise_for_status()


def upstream(stack: contextlib.ExitStack, workdir: Path, *models: str) -> dict[str, str]:
    """The fake OpenAI-compatible upstream of the tests (tests/upstream), listing ``models`` (their names
    say how they behave: ``echo@ttft=0.04``), and the environment that points a server at it."""
    process = UpstreamProcess(_subdir(workdir, "upstream"), *(a for m in models for a in ("--model", m))).start()
    stack.callback(process.stop)
    return {"OPENAI_API_BASE_URLS": process.openai_url, "OPENAI_API_KEYS": "", "ENABLE_OPENAI_API": "true",
            "ENABLE_OLLAMA_API": "false"}


def client(server: Server, token: str) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, timeout=TIMEOUT,
                        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def post_json(http: httpx.Client, path: str, body: bytes) -> httpx.Response:
    return busy_retrying(lambda: http.post(path, content=body))


class _Answered(msgspec.Struct):
    id: str


def answered_id(response: httpx.Response) -> str:
    """The ``id`` of an answer that repeats the whole chat: read without decoding the rest, as a
    browser's JSON.parse would take a millisecond where Python's json takes ten at 1000 messages,
    and that is the client's time, not the server's."""
    return msgspec.json.decode(response.content, type=_Answered).id


def busy_retrying(send: Callable[[], httpx.Response], attempts: int = 20) -> httpx.Response:
    """Sends until the answer is not 503 (Annals says "busy" when Postgres refuses connections: the
    local Postgres is shared with test runs), waiting as long as Retry-After asks."""
    for _ in range(attempts):
        response = send()
        if response.status_code != 503:
            break
        time.sleep(float(response.headers.get("Retry-After", "1")))
    response.raise_for_status()
    return response


def count_new_events(http: httpx.Client, chat_id: str, after: int) -> tuple[int, int]:
    """Events of one chat after a log position, through the admin API: (how many, last position)."""
    count, last = 0, after
    while True:
        params: dict[str, str | int] = {"context": "chats", "aggregate_id": chat_id, "after": last, "limit": 1000}
        page = busy_retrying(functools.partial(http.get, "/api/v1/events", params=params)).json()
        count += len(page["events"])
        last = page["events"][-1]["position"] if page["events"] else last
        if page["next_after"] is None:
            return count, last


# --- chat documents -----------------------------------------------------------------------------

_WORDS = ("event", "log", "append", "only", "replay", "projection", "aggregate", "chat", "message", "model",
          "answer", "question", "latency", "table", "index", "commit", "snapshot", "stream", "user",
          "assistant", "history", "branch")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


class ChatDocument:
    """A linear conversation as Open WebUI's SPA holds it: a message tree plus its linear list."""

    def __init__(self, messages: int, seed: int = 7, title: str = "Benchmark chat") -> None:
        self._rng = random.Random(seed)
        self.title = title
        self.tree: dict[str, dict[str, Any]] = {}
        self.linear: list[dict[str, Any]] = []
        for _ in range(messages):
            self.append()

    def append(self) -> dict[str, Any]:
        """A new message under the current one: user and assistant take turns."""
        parent = self.linear[-1] if self.linear else None
        assistant = len(self.linear) % 2 == 1
        message: dict[str, Any] = {"id": str(uuid.uuid4()), "parentId": parent["id"] if parent else None,
                                   "childrenIds": [], "role": "assistant" if assistant else "user",
                                   "content": _text(self._rng, 150 if assistant else 20),
                                   "timestamp": 1_760_000_000 + len(self.linear)}
        if assistant:
            message |= {"model": "llama3.2:3b", "modelName": "llama3.2:3b", "modelIdx": 0, "done": True,
                        "usage": {"prompt_tokens": 512, "completion_tokens": 200, "total_tokens": 712}}
        else:
            message["models"] = ["llama3.2:3b"]
        if parent:
            parent["childrenIds"].append(message["id"])
        self.tree[message["id"]] = message
        self.linear.append(message)
        return message

    def chat(self) -> dict[str, Any]:
        """What the SPA's saveChatHandler sends (models, params, history, messages, files), plus the
        title, so the body is the whole chat."""
        current = self.linear[-1]["id"] if self.linear else None
        return {"title": self.title, "models": ["llama3.2:3b"], "params": {}, "files": [],
                "history": {"messages": self.tree, "currentId": current}, "messages": self.linear}

    def body(self) -> bytes:
        return encode({"chat": self.chat()})


def create_chat(http: httpx.Client, document: ChatDocument) -> str:
    return answered_id(post_json(http, "/api/v1/chats/new", document.body()))


# --- figures ------------------------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float | int]:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "median_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2), "min_ms": round(min(ms), 2) if ms else math.nan,
            "max_ms": round(max(ms), 2) if ms else math.nan}


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 3) if denominator else math.nan


SEALING_COSTS_AT_MOST = 1.10
"""Issue 11: sealing may cost at most 10% on a chat turn and on create-chat throughput."""


def sealing_costs(measures: dict[str, float], *, higher_is_better: bool) -> dict[str, float]:
    """Per store measured both ways, what sealing costs: 1.08 means 8% (fewer requests per
    second, or longer turns) against the same code storing events unsealed."""
    costs = {}
    for unsealed, sealed in UNSEALED.items():
        if unsealed in measures and sealed in measures:
            better, worse = (unsealed, sealed) if higher_is_better else (sealed, unsealed)
            costs[sealed] = ratio(measures[better], measures[worse])
    return costs


def show_sealing_costs(costs: dict[str, float]) -> None:
    for store, cost in costs.items():
        verdict = "MET" if cost <= SEALING_COSTS_AT_MOST else "NOT MET"
        print(f"sealing costs {store} {cost:.3f}x its unsealed twin (<= {SEALING_COSTS_AT_MOST}: {verdict})")


def print_table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    rows_list = [list(row) for row in rows]
    cells = [[_cell(v) for v in row] for row in rows_list]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for raw, row in zip(rows_list, cells, strict=True):
        print("  ".join(v.rjust(w) if isinstance(r, int | float) else v.ljust(w)
                        for r, v, w in zip(raw, row, widths, strict=True)))
    sys.stdout.flush()


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:,.2f}"
    return str(value)


def environment() -> dict[str, Any]:
    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "loadavg_at_start": os.getloadavg(), "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def write_json(path: str | None, result: dict[str, Any]) -> None:
    if path:
        Path(path).write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"\nwrote {path}")


# --- command line -------------------------------------------------------------------------------

def arguments(description: str | None, argv: Sequence[str] | None = None,
              extra: Any = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", help="write the figures as JSON to this path")
    parser.add_argument("--targets", default=",".join(TARGETS),
                        help=f"comma-separated subset of {', '.join(TARGETS)}")
    parser.add_argument("--keep", action="store_true", help="keep the data directories and logs")
    if extra:
        extra(parser)
    args = parser.parse_args(argv)
    args.targets = [t for t in args.targets.split(",") if t]
    unknown = set(args.targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    return args


class Budget:
    """A benchmark's time limit: loops stop early, and say so, instead of running on."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def expired(self) -> bool:
        return time.monotonic() > self.deadline

    def left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())


def bench_main(doc: str | None, run: Callable[[argparse.Namespace], dict[str, Any]],
               show: Callable[[dict[str, Any]], None], argv: Sequence[str] | None = None,
               extra: Callable[[argparse.ArgumentParser], object] | None = None) -> int:
    """Every benchmark's entry point: parse (``extra`` adds a benchmark's own options), run, print,
    write the JSON."""
    stop_on_sigterm()
    args = arguments((doc or "").splitlines()[0], argv, extra)
    result = run(args)
    show(result)
    write_json(args.out, result)
    return 0
