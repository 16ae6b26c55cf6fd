"""(h) One person's huge chat against everyone else: while one person creates, then saves, a chat as
large as ANNALS_CHAT_MAX_BYTES allows (many long messages: the costliest shape), another keeps
listing chats and creating small ones. Reported: the huge saves' times and the other person's
latencies meanwhile (target: p99 under 200 ms). Annals only (Open WebUI keeps a chat as one row).
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any

import httpx
import msgspec

from ops.bench import callers, deployments, harness, reporting

BODY_BYTES = 7_500_000
MESSAGES = 300


def _huge_chat() -> dict[str, Any]:
    """The app's whole-chat document: each message twice (the tree and the list), so content is
    a little under half the body."""
    length, messages, parent = BODY_BYTES // (2 * MESSAGES) - 200, {}, None
    for i in range(MESSAGES):
        messages[f"m{i}"] = {"id": f"m{i}", "parentId": parent,
                             "childrenIds": [f"m{i + 1}"] if i + 1 < MESSAGES else [],
                             "role": "user" if i % 2 == 0 else "assistant", "content": f"{i} " + "x" * length}
        parent = f"m{i}"
    return {"chat": {"title": "Huge", "history": {"messages": messages, "currentId": parent},
                     "messages": list(messages.values())}}


def _small_chat() -> bytes:
    return msgspec.json.encode({"chat": {"title": "Small", "history": {"currentId": "q", "messages": {
        "q": {"id": "q", "parentId": None, "childrenIds": [], "role": "user", "content": "hello"}}}}})


def _others(http: httpx.Client, stop: threading.Event, reads: list[float], writes: list[float],
            statuses: list[int]) -> None:
    while not stop.is_set():
        for samples, send in ((reads, lambda: http.get("/api/v1/chats/")),
                              (writes, lambda: http.post("/api/v1/chats/new", content=_small_chat()))):
            started = time.perf_counter()
            statuses.append(send().status_code)
            samples.append(time.perf_counter() - started)


def _measure(server: deployments.Server) -> dict[str, Any]:
    with callers.sign_up(server, "admin") as big, callers.sign_up(server, "other") as other:
        document = _huge_chat()
        reads: list[float] = []
        writes: list[float] = []
        statuses: list[int] = []
        stop = threading.Event()
        others = threading.Thread(target=_others, args=(other, stop, reads, writes, statuses))
        others.start()
        started = time.perf_counter()
        created = big.post("/api/v1/chats/new", content=msgspec.json.encode(document))
        create_s = time.perf_counter() - started
        chat_id = created.json()["id"] if created.status_code == 200 else None
        save_s, save_status = None, None
        if chat_id:
            document["chat"]["history"]["messages"]["m0"]["content"] += "!"
            started = time.perf_counter()
            save_status = big.post(f"/api/v1/chats/{chat_id}", content=msgspec.json.encode(document)).status_code
            save_s = time.perf_counter() - started
        stop.set()
        others.join()
    return {"body_mb": round(len(msgspec.json.encode(document)) / 1e6, 2), "create_status": created.status_code,
            "create_s": round(create_s, 2), "save_status": save_status, "save_s": save_s and round(save_s, 2),
            "others_reads": reporting.summary_ms(reads), "others_writes": reporting.summary_ms(writes),
            "others_5xx": sum(s >= 500 for s in statuses)}


def run(args: Any) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        targets = [t for t in args.targets if t in deployments.ANNALS]
        servers = deployments.start_servers(stack, targets, deployments.workdir(stack, args.keep),
                                            {"ANNALS_CHAT_MAX_BYTES": str(args.limit)})
        figures = {target: _measure(server) for target, server in servers.items()}
    return {"benchmark": "huge_chat", "environment": reporting.environment(), "limit": args.limit, "targets": figures}


def show(result: dict[str, Any]) -> None:
    rows = [[t, f["body_mb"], f"{f['create_status']} in {f['create_s']} s", f"{f['save_status']} in {f['save_s']} s",
             f["others_reads"].get("p99_ms"), f["others_writes"].get("p99_ms"), f["others_writes"].get("max_ms"),
             f["others_5xx"]] for t, f in result["targets"].items()]
    reporting.print_table(
        f"A huge chat (limit {result['limit']} bytes) against another person's requests",
        ["target", "body MB", "create", "save", "others' reads p99 ms", "writes p99 ms", "writes max ms",
         "5xx"], rows)


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv, extra=lambda parser: parser.add_argument(
        "--limit", type=int, default=32 * 1024 * 1024, help="ANNALS_CHAT_MAX_BYTES for the servers"))


if __name__ == "__main__":
    raise SystemExit(main())
