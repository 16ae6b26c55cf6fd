"""(a) Whole-chat update: the SPA resends the whole chat plus one new message after every turn.

For chats of N = 10, 100, 1000, 5000 messages, each update appends one message and POSTs the whole
document to /api/v1/chats/{id}. Targets take turns within each round (rotating who goes first), so
noise on the shared disk and CPU falls on all of them alike. On Annals, the admin event API counts
the chat's events after every update: an update should append exactly one event.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting

SIZES = (10, 100, 1000, 5000)
ROUNDS = {10: 40, 100: 40, 1000: 40, 5000: 8}
WARMUP = {10: 2, 100: 2, 1000: 2, 5000: 1}
MIN_ROUNDS = 3
BUDGET_SECONDS = 240
TARGET_RATIO_AT_1000 = 1 / 3


class Subject:
    """One target's chat at one size: the client's copy of the document and the event tally."""

    def __init__(self, target: str, http: httpx.Client, size: int) -> None:
        self.target, self.http = target, http
        self.document = callers.ChatDocument(size, seed=size)
        self.chat_id = callers.create_chat(http, self.document)
        self.samples: list[float] = []
        self.events_per_update: list[int] = []
        self.events_before = self.last_position = self.busy = 0
        if target in deployments.ANNALS:
            self.events_before, self.last_position = callers.count_new_events(http, self.chat_id, 0)

    def update(self, measured: bool) -> None:
        self.document.append()
        body = self.document.body()
        path = f"/api/v1/chats/{self.chat_id}"
        started = time.perf_counter()
        response = self.http.post(path, content=body)
        elapsed = time.perf_counter() - started
        if response.status_code == 503:
            self.busy += 1  # not a sample: resent untimed, so the chat stays as the client has it
            callers.post_json(self.http, path, body)
        else:
            response.raise_for_status()
            if measured:
                self.samples.append(elapsed)
        if self.target in deployments.ANNALS:
            new, self.last_position = callers.count_new_events(self.http, self.chat_id, self.last_position)
            self.events_per_update.append(new)


def run(args: Any) -> dict[str, Any]:
    budget = harness.Budget(BUDGET_SECONDS)
    with contextlib.ExitStack() as stack:
        servers = deployments.start_servers(stack, args.targets, deployments.workdir(stack, args.keep))
        clients = {t: stack.enter_context(callers.sign_up(s, "admin")) for t, s in servers.items()}
        started = time.monotonic()
        results = [_measure_size(clients, size, budget) for size in args.sizes]
        seconds = round(time.monotonic() - started, 1)
    return _report(results, seconds)


def _measure_size(clients: dict[str, httpx.Client], size: int, budget: harness.Budget) -> dict[str, Any]:
    subjects = [Subject(t, http, size) for t, http in clients.items()]
    body_kib = round(len(subjects[0].document.body()) / 1024, 1)
    for round_ in range(WARMUP.get(size, 1) + ROUNDS.get(size, 20)):
        measured = round_ >= WARMUP.get(size, 1)
        if measured and round_ - WARMUP.get(size, 1) >= MIN_ROUNDS and budget.expired():
            break
        shift = round_ % len(subjects)
        for subject in subjects[shift:] + subjects[:shift]:
            subject.update(measured)
    return {"messages": size, "body_kib": body_kib, "targets": {s.target: _figures(s) for s in subjects}}


def _figures(subject: Subject) -> dict[str, Any]:
    figures: dict[str, Any] = {**reporting.summary_ms(subject.samples), "busy_503": subject.busy}
    if subject.target in deployments.ANNALS:
        counts = subject.events_per_update
        figures["events"] = {"before": subject.events_before, "after": subject.events_before + sum(counts),
                             "updates": len(counts), "per_update": sorted(set(counts)),
                             "exactly_one_each": all(n == 1 for n in counts)}
    return figures


def _report(results: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    ratios = {}
    for size in results:
        owui = size["targets"].get(deployments.OPEN_WEBUI, {}).get("median_ms")
        for target in deployments.ANNALS:
            if owui and target in size["targets"]:
                ratios[f"{target}/{deployments.OPEN_WEBUI}@{size['messages']}"] = reporting.ratio(
                    size["targets"][target]["median_ms"], owui)
    verdicts = {k: v <= TARGET_RATIO_AT_1000 for k, v in ratios.items() if k.endswith("@1000")}
    return {"benchmark": "chat_update", "environment": reporting.environment(), "measure_seconds": seconds,
            "sizes": results, "median_ratios": ratios,
            "target": {"ratio_at_1000_at_most": round(TARGET_RATIO_AT_1000, 3), "met": verdicts}}


def show(result: dict[str, Any]) -> None:
    rows = []
    for size in result["sizes"]:
        for target, f in size["targets"].items():
            key = f"{target}/{deployments.OPEN_WEBUI}@{size['messages']}"
            rows.append([size["messages"], f"{size['body_kib']:,}", target, f["n"], f["busy_503"], f["median_ms"],
                         f["p95_ms"], result["median_ratios"].get(key, "")])
    reporting.print_table("Whole-chat update, POST /api/v1/chats/{id} (whole chat + 1 message), ms",
                          ["messages", "body KiB", "target", "n", "503s", "median", "p95", "median vs OWUI"], rows)
    rows = [[size["messages"], t, f["events"]["before"], f["events"]["after"], f["events"]["updates"],
             ",".join(map(str, f["events"]["per_update"])), "yes" if f["events"]["exactly_one_each"] else "NO"]
            for size in result["sizes"] for t, f in size["targets"].items() if "events" in f]
    reporting.print_table("Events appended per update (admin event API, context=chats, aggregate_id=chat)",
                          ["messages", "target", "before", "after", "updates", "per update", "exactly one"], rows)
    for key, met in result["target"]["met"].items():
        print(f"target at 1000 messages, {key} = {result['median_ratios'][key]} "
              f"(<= {result['target']['ratio_at_1000_at_most']}): {'MET' if met else 'MISSED'}")


def _options(parser: Any) -> None:
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=list(SIZES),
                        help=f"comma-separated chat sizes in messages (default {','.join(map(str, SIZES))})")


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv, _options)


if __name__ == "__main__":
    raise SystemExit(main())
