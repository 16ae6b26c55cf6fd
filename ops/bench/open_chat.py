"""(c) Opening a long chat: GET /api/v1/chats/{id} of a 1000-message chat, as the SPA does on click.

The chat is created with /chats/new and then grown by a few whole-chat updates, so that Annals reads
a chat that was written in more than one command. Targets take turns (rotating who goes first).
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting

MESSAGES = 1000
UPDATES = 10
WARMUP = 3
ROUNDS = 150
MIN_ROUNDS = 20
BUDGET_SECONDS = 150


def _prepare(http: httpx.Client) -> tuple[str, int]:
    document = callers.ChatDocument(MESSAGES - UPDATES, seed=MESSAGES)
    chat_id = callers.create_chat(http, document)
    for _ in range(UPDATES):
        document.append()
        callers.post_json(http, f"/api/v1/chats/{chat_id}", document.body())
    opened = http.get(f"/api/v1/chats/{chat_id}")
    opened.raise_for_status()
    count = len(opened.json()["chat"]["history"]["messages"])
    if count != MESSAGES:
        raise RuntimeError(f"expected {MESSAGES} messages in the chat, the server has {count}")
    return chat_id, len(opened.content)


def _open(http: httpx.Client, chat_id: str) -> float | None:
    """The time to open the chat, or None if the server answered 503 (busy)."""
    started = time.perf_counter()
    response = http.get(f"/api/v1/chats/{chat_id}")
    elapsed = time.perf_counter() - started
    if response.status_code == 503:
        return None
    response.raise_for_status()
    return elapsed


def run(args: Any) -> dict[str, Any]:
    budget = harness.Budget(BUDGET_SECONDS)
    with contextlib.ExitStack() as stack:
        servers = deployments.start_servers(stack, args.targets, deployments.workdir(stack, args.keep))
        clients = {t: stack.enter_context(callers.sign_up(s, "admin")) for t, s in servers.items()}
        chats = {t: _prepare(http) for t, http in clients.items()}
        samples: dict[str, list[float]] = {t: [] for t in clients}
        busy = {t: 0 for t in clients}
        order = list(clients)
        for round_ in range(WARMUP + ROUNDS):
            if round_ - WARMUP >= MIN_ROUNDS and budget.expired():
                break
            shift = round_ % len(order)
            for target in order[shift:] + order[:shift]:
                elapsed = _open(clients[target], chats[target][0])
                if elapsed is None:
                    busy[target] += 1
                elif round_ >= WARMUP:
                    samples[target].append(elapsed)
    return _report(samples, busy, {t: size for t, (_, size) in chats.items()})


def _report(samples: dict[str, list[float]], busy: dict[str, int], sizes: dict[str, int]) -> dict[str, Any]:
    figures = {t: {"response_kib": round(sizes[t] / 1024, 1), "busy_503": busy[t], **reporting.summary_ms(s)}
               for t, s in samples.items()}
    owui = figures.get(deployments.OPEN_WEBUI)
    ratios = {}
    if owui:
        for t in deployments.ANNALS:
            if t in figures:
                versus = f"{t}/{deployments.OPEN_WEBUI}"
                ratios[f"{versus} median"] = reporting.ratio(figures[t]["median_ms"], owui["median_ms"])
                ratios[f"{versus} p99"] = reporting.ratio(figures[t]["p99_ms"], owui["p99_ms"])
    return {"benchmark": "open_chat", "environment": reporting.environment(), "messages": MESSAGES,
            "targets": figures, "ratios": ratios}


def show(result: dict[str, Any]) -> None:
    rows = [[t, f["response_kib"], f["n"], f["busy_503"], f["median_ms"], f["p99_ms"],
             result["ratios"].get(f"{t}/{deployments.OPEN_WEBUI} median", ""),
             result["ratios"].get(f"{t}/{deployments.OPEN_WEBUI} p99", "")] for t, f in result["targets"].items()]
    reporting.print_table(
        f"Open a {result['messages']}-message chat, GET /api/v1/chats/{{id}}, ms",
        ["target", "response KiB", "n", "503s", "median", "p99", "median vs OWUI", "p99 vs OWUI"], rows)


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv)


if __name__ == "__main__":
    raise SystemExit(main())
