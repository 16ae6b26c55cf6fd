"""(i) Tamper detection rate: random single tamperings of a chats log with direct SQL, each on a fresh
copy, and how many ``annals verify`` finds at the position it must (tests/integration/tampering.py).

Each store gets a log of some 160 chat events through real commands, with checkpoints signed after
its first and second thirds; then ``--count`` tamperings (default 1,000, seeded with ``--seed``) of
twelve kinds: a byte of an event's stored bytes, its aggregate, version or topic changed; an event
removed, two swapped, one appended or inserted; an event changed with its link recomputed or copied;
an event removed with its link; a checkpoint forged. Issue 11 asks for all detected, with the position.
Annals only.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from typing import Any

from application.audit.checkpoints import sign_due_checkpoints
from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.settings import Settings
from ops.bench import deployments, harness, reporting
from tests.integration.tampering import KINDS, chats_log, tamperings, try_each
from tests.integration.workload import chat_with_replies, sign_up

CHATS_PER_THIRD = 13


def _log(container: Container) -> None:
    owner = sign_up(container, "bench@example.org")
    for signed_at in (1000.0, 1100.0, None):
        for _ in range(CHATS_PER_THIRD):
            chat_with_replies(container, owner, replies=3)
        if signed_at is not None:
            sign_due_checkpoints(container.contexts, container.audit_key, now=signed_at)


def _run(args: Any) -> dict[str, Any]:
    results: dict[str, Any] = {"count": args.count, "seed": args.seed, "stores": {}}
    with contextlib.ExitStack() as stack:
        root = deployments.workdir(stack, args.keep)
        for store in [t for t in args.targets if t in deployments.ANNALS]:
            url = deployments.postgres(stack) if store == deployments.POSTGRES else None
            env = deployments.annals_env(root / store, url)
            settings = Settings.from_environ({**os.environ, **env, "REDIS_URL": ""})
            container = build_container(settings, role="cli")
            stack.callback(container.close)
            _log(container)
            with chats_log(container) as log:
                shape = log.shape()
                started = time.perf_counter()
                outcomes = try_each(log, tamperings(shape, args.count, args.seed))
                seconds = time.perf_counter() - started
            tried = Counter(o.tampering.kind for o in outcomes)
            right = Counter(o.tampering.kind for o in outcomes if o.at_its_position)
            found = Counter(o.tampering.kind for o in outcomes if o.found is not None)
            results["stores"][store] = {
                "events": len(shape.positions), "checkpoints": list(shape.checkpoints), "seconds": round(seconds, 1),
                "tried": sum(tried.values()), "found": sum(found.values()), "at_its_position": sum(right.values()),
                "kinds": {kind: [tried[kind], found[kind], right[kind]] for kind in KINDS},
                "missed": [f"{o.tampering.kind} at {o.tampering.position}: expected {tuple(o.tampering.expected)}, "
                           f"found {o.found}" for o in outcomes if not o.at_its_position][:20]}
    return results


def _show(result: dict[str, Any]) -> None:
    stores = result["stores"]
    rows = [(kind, *(f"{r['kinds'][kind][2]}/{r['kinds'][kind][0]}" for r in stores.values())) for kind in KINDS]
    rows.append(("all: found at its position", *(f"{r['at_its_position']}/{r['tried']} "
                                                  f"({100 * r['at_its_position'] / r['tried']:.1f}%)"
                                                  for r in stores.values())))
    rows.append(("all: found at all", *(f"{r['found']}/{r['tried']}" for r in stores.values())))
    rows.append(("log: events, checkpoints at", *(f"{r['events']}, {r['checkpoints']}" for r in stores.values())))
    rows.append(("seconds", *(r["seconds"] for r in stores.values())))
    reporting.print_table(
        f"{result['count']} single tamperings (seed {result['seed']}): found at the position they must be",
        ["kind", *stores], rows)
    for store, r in stores.items():
        for line in r["missed"]:
            print(f"{store} missed: {line}")


def main(argv: list[str] | None = None) -> int:
    def options(parser: Any) -> None:
        parser.add_argument("--count", type=int, default=1000, help="tamperings per store")
        parser.add_argument("--seed", type=int, default=2026, help="what draws them")

    return harness.bench_main(__doc__, _run, _show, argv, extra=options)


if __name__ == "__main__":
    raise SystemExit(main())
