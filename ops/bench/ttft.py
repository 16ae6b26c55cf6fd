"""(g) What Annals adds to the time to first token, over calling the upstream directly.

The same streamed chat completion, asked of the fake upstream (tests/upstream, 20 ms to its first
token) directly and through ``POST /api/chat/completions`` (an API client's request: SSE back, no
Socket.IO), alternately, 200 times each after a warm-up. Time to first token = from sending the
request to reading the first content delta. Target: the difference of the medians under 5 ms.
"""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting

MODEL = "echo@ttft=0.02"
REQUESTS, WARMUP = 200, 20
TARGET_MS = 5.0
BODY = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": "How long until the first word?"}]}


def first_token_seconds(http: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    with http.stream("POST", url, json=BODY) as response:
        response.raise_for_status()
        lines = response.iter_lines()
        for line in lines:
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            choices = json.loads(line[len("data: "):]).get("choices") or [{}]
            if choices[0].get("delta", {}).get("content"):
                elapsed = time.perf_counter() - started
                for _ in lines:  # read to the end, so the connection is reused
                    pass
                return elapsed
    raise RuntimeError(f"{url} streamed no content")


def run(args: Any) -> dict[str, Any]:
    targets = [t for t in args.targets if t in deployments.ANNALS]
    results = {}
    with contextlib.ExitStack() as stack:
        workdir = deployments.workdir(stack, args.keep)
        env = deployments.upstream(stack, workdir, MODEL)
        direct_url = f"{env['OPENAI_API_BASE_URLS']}/chat/completions"
        direct = stack.enter_context(httpx.Client(timeout=callers.TIMEOUT))
        servers = deployments.start_servers(stack, targets, workdir, env)
        for target, server in servers.items():
            through = stack.enter_context(callers.sign_up(server, "admin"))
            samples: dict[str, list[float]] = {"direct": [], "annals": []}
            for n in range(WARMUP + REQUESTS):
                pair = (("direct", direct, direct_url), ("annals", through, "/api/chat/completions"))
                for name, http, url in pair if n % 2 else pair[::-1]:
                    seconds = first_token_seconds(http, url)
                    if n >= WARMUP:
                        samples[name].append(seconds)
            direct_ms, annals_ms = reporting.summary_ms(samples["direct"]), reporting.summary_ms(samples["annals"])
            overhead = round(annals_ms["median_ms"] - direct_ms["median_ms"], 2)
            results[target] = {"direct": direct_ms, "through_annals": annals_ms, "overhead_p50_ms": overhead,
                               "overhead_p95_ms": round(annals_ms["p95_ms"] - direct_ms["p95_ms"], 2),
                               "met": overhead < TARGET_MS}
    return {"benchmark": "ttft", "environment": reporting.environment(), "model": MODEL, "requests": REQUESTS,
            "targets": results, "target": {"overhead_p50_ms_under": TARGET_MS}}


def show(result: dict[str, Any]) -> None:
    rows = [[t, r["direct"]["median_ms"], r["through_annals"]["median_ms"], r["overhead_p50_ms"],
             r["direct"]["p95_ms"], r["through_annals"]["p95_ms"], r["overhead_p95_ms"]]
            for t, r in result["targets"].items()]
    reporting.print_table(f"Time to first token, {result['requests']} streamed completions each way, ms",
                          ["target", "direct p50", "Annals p50", "added p50", "direct p95", "Annals p95", "added p95"],
                          rows)
    for target, r in result["targets"].items():
        print(f"{target}: added {r['overhead_p50_ms']} ms at p50 (< {TARGET_MS}): {'MET' if r['met'] else 'MISSED'}")


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv)


if __name__ == "__main__":
    raise SystemExit(main())
