"""(d) Rebuild: events per second of ``annals rebuild`` after a workload of ~20k events.

The workload goes through the HTTP API (4 concurrent clients per store): 125 chats, each created with
157 messages, then grown by 3 whole-chat updates of one message each, tagged once and pinned once
(163 events per chat, 20,375 in all). The servers are then stopped and ``annals rebuild`` runs against the same
store: it replays every view from position 0 into fresh tables, compares them with the live ones and
swaps. Its per-view lines ("N events in S s (R/s), equal") are parsed. Each store is rebuilt
twice, the stores taking turns, so that noise falls on both alike (once, if a second round would
overrun the time limit). Open WebUI has no equivalent.
"""

from __future__ import annotations

import contextlib
import functools
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting
from tests.e2e.server import AnnalsProcess

CHATS = 125
CREATED_WITH = 157
UPDATES = 3
LOADERS = 4
REPEATS = 2
EVENTS_PER_CHAT = 1 + CREATED_WITH + UPDATES + 2  # created, its messages, the updates, tagged, pinned
REBUILD_TIMEOUT_SECONDS = 180
BUDGET_SECONDS = 280
_LINE = re.compile(r"^(\S+): (\d+) events in ([\d.]+)s \(([\d,]+)/s\), (.+)$")


def _grow_chat(http: httpx.Client, seed: int) -> None:
    document = callers.ChatDocument(CREATED_WITH, seed=seed, title=f"Chat {seed}")
    chat_id = callers.create_chat(http, document)
    for _ in range(UPDATES):
        document.append()
        callers.post_json(http, f"/api/v1/chats/{chat_id}", document.body())
    callers.busy_retrying(lambda: http.post(f"/api/v1/chats/{chat_id}/tags", json={"name": f"topic {seed % 7}"}))
    callers.busy_retrying(lambda: http.post(f"/api/v1/chats/{chat_id}/pin"))


def _load(server: deployments.Server) -> dict[str, Any]:
    started = time.perf_counter()
    with callers.sign_up(server, "admin") as admin:
        token = admin.headers["Authorization"].removeprefix("Bearer ")
        clients = [callers.client(server, token) for _ in range(LOADERS)]
        with ThreadPoolExecutor(LOADERS) as pool:
            list(pool.map(lambda n: _grow_chat(clients[n % LOADERS], n), range(CHATS)))
        for http in clients:
            http.close()
        events, _ = _count_all(admin)
    return {"chats": CHATS, "chat_events": events, "expected_chat_events": CHATS * EVENTS_PER_CHAT,
            "load_seconds": round(time.perf_counter() - started, 1)}


def _count_all(admin: httpx.Client) -> tuple[int, int]:
    count, after = 0, 0
    while True:
        params: dict[str, str | int] = {"context": "chats", "after": after, "limit": 1000}
        page = callers.busy_retrying(functools.partial(admin.get, "/api/v1/events", params=params)).json()
        events = page["events"]
        count += len(events)
        after = events[-1]["position"] if events else after
        if page["next_after"] is None:
            return count, after


def _rebuild(env: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "interfaces.cli.main", "rebuild"], env=env, text=True,
                          capture_output=True, check=False, timeout=REBUILD_TIMEOUT_SECONDS)
    wall = time.perf_counter() - started
    views = {}
    for line in done.stdout.splitlines():
        match = _LINE.match(line.strip())
        if match:
            name, events, seconds, rate, verdict = match.groups()
            views[name] = {"events": int(events), "seconds": float(seconds),
                           "events_per_s": int(rate.replace(",", "")), "verdict": verdict}
    if done.returncode != 0 or not views:
        raise RuntimeError(f"annals rebuild exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return {"wall_seconds": round(wall, 2), "views": views}


def run(args: Any) -> dict[str, Any]:
    targets = [t for t in args.targets if t in deployments.ANNALS]
    budget = harness.Budget(BUDGET_SECONDS)
    with contextlib.ExitStack() as stack:
        servers = deployments.start_servers(stack, targets, deployments.workdir(stack, args.keep))
        with ThreadPoolExecutor(len(servers)) as pool:
            loads = dict(zip(servers, pool.map(_load, servers.values()), strict=True))
        envs = {t: s.env for t, s in servers.items() if isinstance(s, AnnalsProcess)}
        for server in servers.values():
            server.stop()
        runs: dict[str, list[dict[str, Any]]] = {t: [] for t in targets}
        for repeat in range(REPEATS):
            longest = max((r["wall_seconds"] for rs in runs.values() for r in rs), default=0.0)
            if repeat and budget.left() < longest * len(targets):
                break  # another round would overrun the time limit
            for target in targets[repeat % len(targets):] + targets[:repeat % len(targets)]:
                runs[target].append(_rebuild(envs[target]))
    return {"benchmark": "rebuild", "environment": reporting.environment(), "workload": loads, "runs": runs,
            "best_events_per_s": {t: {v: max(r["views"][v]["events_per_s"] for r in rs) for v in rs[0]["views"]}
                                  for t, rs in runs.items()}}


def show(result: dict[str, Any]) -> None:
    rows = [[t, w["chats"], w["chat_events"], w["expected_chat_events"], w["load_seconds"]]
            for t, w in result["workload"].items()]
    reporting.print_table("Workload loaded through the HTTP API (a 503 after a commit, resent, adds a chat)",
                          ["target", "chats", "chat events", "expected", "load s"], rows)
    rows = [[t, i + 1, view, v["events"], v["seconds"], v["events_per_s"], v["verdict"], r["wall_seconds"]]
            for t, rs in result["runs"].items() for i, r in enumerate(rs) for view, v in r["views"].items()]
    reporting.print_table("annals rebuild (per view, as the CLI prints it)",
                          ["target", "run", "view", "events", "seconds", "events/s", "verdict", "CLI wall s"], rows)
    best = result["best_events_per_s"]
    if set(deployments.ANNALS) <= set(best):
        for view in (v for v, rate in best[deployments.EMBEDDED].items() if rate):
            print(f"{view}: best postgres/embedded events/s = "
                  f"{reporting.ratio(best[deployments.POSTGRES][view], best[deployments.EMBEDDED][view])}")


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv)


if __name__ == "__main__":
    raise SystemExit(main())
