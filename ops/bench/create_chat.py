"""(b) Create-chat throughput with 8 concurrent clients, and command-to-visible latency.

Throughput: 8 threads, each with its own connection (all signed in as the server's admin), POST
/api/v1/chats/new with a two-message chat as the SPA creates it, as fast as answers come back.
Command-to-visible: the same 8 clients each send POST /chats/new and then GET /api/v1/chats/{id}
until it answers 200 (retrying at once, bounded); the latency runs from sending the POST to that 200.
Targets take turns in rounds (rotating who goes first) so that noise falls on all of them alike.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting

CLIENTS = 8
ROUNDS = 3
PER_CLIENT = {"throughput": 25, "visible": 10}
VISIBLE_DEADLINE_SECONDS = 10.0
BUDGET_SECONDS = 200


def new_chat_body(n: int) -> bytes:
    """What the SPA's first save of a conversation looks like: a question and its answer."""
    document = callers.ChatDocument(2, seed=n, title="New Chat")
    chat = document.chat() | {"id": "", "tags": [], "timestamp": int(time.time() * 1000)}
    return callers.encode({"chat": chat})


class Run:
    """One phase on one target: per-request latencies and the wall time the 8 clients took."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.attempts: list[int] = []
        self.errors: dict[int, int] = {}
        self.wall = 0.0
        self._lock = threading.Lock()

    def add(self, latency: float, attempts: int = 1) -> None:
        with self._lock:
            self.latencies.append(latency)
            self.attempts.append(attempts)

    def failed(self, status: int) -> None:
        """A non-200 answer (503: the server was busy), or 0: never became visible in time."""
        with self._lock:
            self.errors[status] = self.errors.get(status, 0) + 1


def _create(http: httpx.Client, body: bytes, run: Run) -> None:
    started = time.perf_counter()
    response = http.post("/api/v1/chats/new", content=body)
    if response.status_code != 200:
        run.failed(response.status_code)
        return
    run.add(time.perf_counter() - started)


def _create_then_read(http: httpx.Client, body: bytes, run: Run) -> None:
    started = time.perf_counter()
    response = http.post("/api/v1/chats/new", content=body)
    if response.status_code != 200:
        run.failed(response.status_code)
        return
    chat_id, attempts = response.json()["id"], 0
    while time.perf_counter() - started < VISIBLE_DEADLINE_SECONDS:
        attempts += 1
        if http.get(f"/api/v1/chats/{chat_id}").status_code == 200:
            run.add(time.perf_counter() - started, attempts)
            return
    run.failed(0)


Step = Callable[[httpx.Client, bytes, Run], None]


def _phase(clients: list[httpx.Client], step: Step, per_client: int, run: Run) -> None:
    bodies = [[new_chat_body(c * 1000 + i) for i in range(per_client)] for c in range(len(clients))]
    gate = threading.Barrier(len(clients) + 1)

    def client_loop(index: int) -> None:
        gate.wait()
        for body in bodies[index]:
            step(clients[index], body, run)

    with ThreadPoolExecutor(len(clients)) as pool:
        futures = [pool.submit(client_loop, i) for i in range(len(clients))]
        gate.wait()
        started = time.perf_counter()
        for future in futures:
            future.result()
        run.wall += time.perf_counter() - started


def run(args: Any) -> dict[str, Any]:
    budget = harness.Budget(BUDGET_SECONDS)
    with contextlib.ExitStack() as stack:
        servers = deployments.start_servers(stack, args.targets, deployments.workdir(stack, args.keep))
        clients = {t: _clients(stack, s) for t, s in servers.items()}
        runs = {phase: {t: Run() for t in clients} for phase in PER_CLIENT}
        rounds = 0
        for rounds in range(1, ROUNDS + 1):
            _round(clients, runs, rounds)
            if budget.expired():
                break
    return _report(runs, rounds)


def _clients(stack: contextlib.ExitStack, server: deployments.Server) -> list[httpx.Client]:
    admin = stack.enter_context(callers.sign_up(server, "admin"))
    token = admin.headers["Authorization"].removeprefix("Bearer ")
    return [stack.enter_context(callers.client(server, token)) for _ in range(CLIENTS)]


def _round(clients: dict[str, list[httpx.Client]], runs: dict[str, dict[str, Run]], number: int) -> None:
    targets = list(clients)
    shift = number % len(targets)
    for target in targets[shift:] + targets[:shift]:
        _phase(clients[target], _create, PER_CLIENT["throughput"], runs["throughput"][target])
        _phase(clients[target], _create_then_read, PER_CLIENT["visible"], runs["visible"][target])


def _report(runs: dict[str, dict[str, Run]], rounds: int) -> dict[str, Any]:
    throughput = {t: {"requests": len(r.latencies), "errors": _errors(r), "wall_s": round(r.wall, 2),
                      "requests_per_s": round(len(r.latencies) / r.wall, 1) if r.wall else 0.0,
                      **reporting.summary_ms(r.latencies)} for t, r in runs["throughput"].items()}
    visible = {t: {"chats": len(r.latencies), "errors": _errors(r),
                   "reads_needed_max": max(r.attempts, default=0),
                   "first_read_visible": sum(a == 1 for a in r.attempts),
                   **reporting.summary_ms(r.latencies)} for t, r in runs["visible"].items()}
    owui = throughput.get(deployments.OPEN_WEBUI, {}).get("requests_per_s")
    ratios = {f"{t}/{deployments.OPEN_WEBUI}": reporting.ratio(float(throughput[t]["requests_per_s"]), float(owui))
              for t in deployments.ANNALS if t in throughput and owui}
    rates = {t: float(f["requests_per_s"]) for t, f in throughput.items()}
    return {"benchmark": "create_chat", "environment": reporting.environment(), "clients": CLIENTS, "rounds": rounds,
            "throughput": throughput, "command_to_visible": visible, "throughput_ratios": ratios,
            "sealing_costs": reporting.sealing_costs(rates, higher_is_better=True)}


def _errors(run: Run) -> str:
    return ", ".join(f"{n}x{status or 'not visible'}" for status, n in sorted(run.errors.items())) or "0"


def show(result: dict[str, Any]) -> None:
    rows = [[t, f["requests"], f["errors"], f["requests_per_s"], f["median_ms"], f["p99_ms"],
             result["throughput_ratios"].get(f"{t}/{deployments.OPEN_WEBUI}", "")]
            for t, f in result["throughput"].items()]
    reporting.print_table(f"Create chat, {result['clients']} concurrent clients, POST /api/v1/chats/new",
                          ["target", "requests", "errors", "req/s", "p50 ms", "p99 ms", "req/s vs OWUI"], rows)
    rows = [[t, f["chats"], f["errors"], f"{f['first_read_visible']}/{f['chats']}", f["reads_needed_max"],
             f["median_ms"], f["p99_ms"]] for t, f in result["command_to_visible"].items()]
    reporting.print_table(
        "Command to visible: POST /chats/new sent -> GET /api/v1/chats/{id} answers 200 (same client)",
        ["target", "chats", "errors", "1st GET 200", "max GETs", "p50 ms", "p99 ms"], rows)
    reporting.show_sealing_costs(result.get("sealing_costs", {}))


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv)


if __name__ == "__main__":
    raise SystemExit(main())
