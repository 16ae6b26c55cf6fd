"""(h) Faults under load: what clients see while Redis, Postgres or a process is taken away.

8 writer threads create chats as fast as answers come back, each with an ``Idempotency-Key`` and
resending the same request (same key) after any failure, as a careful script would. Each phase
runs the load for ``PHASE_SECONDS`` with one fault in its middle: Redis killed, Redis frozen
(SIGSTOP), Postgres stopped (``pg_ctl -m immediate``), the worker killed (-9), the API killed (-9) and
started again; embedded, only the last. Redis and Postgres are servers of the benchmark's own.

Per phase: requests, answers by status, failed sends (refused or timed out connections), the
slowest answer (a hang shows here), p99. At the end every chat a 2xx acknowledged is looked up:
``lost`` must be 0, and ``duplicated`` (one request's chat created twice) 0.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting
from tests.e2e.outages import PrivateRedis, deployment_env, private_postgres, private_redis
from tests.e2e.server import AnnalsProcess

WRITERS = 8
PHASE_SECONDS = 12.0
FAULT_AT, FAULT_FOR = 3.0, 4.0
"""Seconds into a phase when the fault begins, and how long it lasts."""
REQUEST_TIMEOUT = 30.0


class Load:
    """The writers: what each request got, and which chats were acknowledged."""

    def __init__(self, server: AnnalsProcess, token: str) -> None:
        self._server, self._token = server, token
        self.answers: list[tuple[str, float]] = []
        self.acknowledged: set[str] = set()
        """The titles of the chats whose create was answered 200 or 202 (saved)."""
        self._lock = threading.Lock()

    def run(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        writers = [threading.Thread(target=self._write, args=(deadline,)) for _ in range(WRITERS)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()

    def _write(self, deadline: float) -> None:
        with httpx.Client(timeout=REQUEST_TIMEOUT, headers={"Authorization": f"Bearer {self._token}"}) as http:
            while time.monotonic() < deadline:
                title, key = f"load {uuid.uuid4().hex}", str(uuid.uuid4())
                while not self._created(http, title, key) and time.monotonic() < deadline + REQUEST_TIMEOUT:
                    pass  # the same request again, with the same key

    def _created(self, http: httpx.Client, title: str, key: str) -> bool:
        body = {"chat": {"title": title, "history": {"messages": {}, "currentId": None}}}
        started = time.monotonic()
        try:
            response = http.post(f"{self._server.base_url}/api/v1/chats/new", json=body,
                                 headers={"Idempotency-Key": key})
            outcome = str(response.status_code)
        except httpx.HTTPError as error:
            outcome, response = f"failed ({type(error).__name__})", None
            time.sleep(0.1)  # the server is away: do not spin
        with self._lock:
            self.answers.append((outcome, time.monotonic() - started))
            saved = response is not None and response.status_code in (200, 202)
            if saved:
                self.acknowledged.add(title)
        return saved


def _phase(name: str, server: AnnalsProcess, token: str, fault: Callable[[], object],
           recover: Callable[[], object]) -> tuple[dict[str, Any], Load]:
    load = Load(server, token)
    runner = threading.Thread(target=load.run, args=(PHASE_SECONDS,))
    runner.start()
    time.sleep(FAULT_AT)
    fault()
    time.sleep(FAULT_FOR)
    recover()
    runner.join()
    latencies = [took for _, took in load.answers]
    statuses = Counter(outcome for outcome, _ in load.answers)
    return {"phase": name, "requests": len(load.answers), "statuses": dict(statuses),
            "slowest_s": round(max(latencies, default=0.0), 2),
            "p99_ms": round(reporting.percentile(latencies, 0.99) * 1000, 1) if latencies else None}, load


def _verify(server: AnnalsProcess, token: str, acknowledged: set[str]) -> dict[str, int]:
    with httpx.Client(timeout=REQUEST_TIMEOUT, headers={"Authorization": f"Bearer {token}"}) as http:
        listed = http.get(f"{server.base_url}/api/v1/chats/").json()
    by_title = Counter(chat["title"] for chat in listed)
    return {"acknowledged": len(acknowledged), "lost": sum(1 for t in acknowledged if by_title[t] == 0),
            "duplicated": sum(1 for count in by_title.values() if count > 1)}


def _phases(server: AnnalsProcess, redis_server: PrivateRedis | None, stop_pg: Callable[[], None] | None,
            start_pg: Callable[[], None] | None) -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    nothing: Callable[[], None] = lambda: None  # noqa: E731
    phases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [("no fault", nothing, nothing)]
    if redis_server is not None and stop_pg is not None and start_pg is not None:
        phases += [("redis killed", redis_server.kill, redis_server.start),
                   ("redis frozen", redis_server.freeze, redis_server.thaw),
                   ("postgres stopped", stop_pg, start_pg),
                   ("worker killed", lambda: server.crash("worker"), lambda: server.start_again("worker"))]
    return [*phases, ("api killed", lambda: server.crash("serve"), lambda: server.start_again("serve"))]


def _run_target(target: str, workdir: Path) -> dict[str, Any]:
    workdir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if target == deployments.EMBEDDED:
            server = AnnalsProcess({"ANNALS_DATA_DIR": str(workdir)}, workdir).start()
            stack.callback(server.stop)
            phases = _phases(server, None, None, None)
        else:
            redis_server = stack.enter_context(private_redis(workdir))
            postgres = stack.enter_context(private_postgres())
            server = AnnalsProcess(deployment_env(workdir, postgres.url, redis_server.url), workdir).start(worker=True)
            stack.callback(server.stop)
            phases = _phases(server, redis_server, postgres.stop, postgres.start)
        with callers.sign_up(server, "admin") as admin:
            token = admin.headers["Authorization"].removeprefix("Bearer ")
        results: list[dict[str, Any]] = []
        acknowledged: set[str] = set()
        for name, fault, recover in phases:
            figures, load = _phase(name, server, token, fault, recover)
            results.append(figures)
            acknowledged.update(load.acknowledged)
        return {"phases": results, "writes": _verify(server, token, acknowledged)}


def run(args: Any) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        workdir = deployments.workdir(stack, args.keep)
        targets = [target for target in args.targets if target in deployments.ANNALS]
        return {target: _run_target(target, workdir / target) for target in targets}


def show(result: dict[str, Any]) -> None:
    for target, figures in result.items():
        reporting.print_table(
            f"{target}: {WRITERS} writers, faults under load",
            ["phase", "requests", "answers", "slowest s", "p99 ms"],
            [[p["phase"], p["requests"], ", ".join(f"{k}: {v}" for k, v in sorted(p["statuses"].items())),
              p["slowest_s"], p["p99_ms"]] for p in figures["phases"]])
        writes = figures["writes"]
        print(f"{target}: {writes['acknowledged']} acknowledged, {writes['lost']} lost, "
              f"{writes['duplicated']} duplicated\n")


if __name__ == "__main__":
    raise SystemExit(harness.bench_main(__doc__, run, show))
