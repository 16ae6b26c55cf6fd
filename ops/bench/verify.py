"""(h) ``annals verify``: events per second checked against the hash chain, and what chaining costs
an insert.

Each store gets a log of 100,000 stored events of 300 bytes, inserted through the chained recorder in
commits of 10 (as a chat turn commits a handful), so the chain is written as in service; then the
log is verified twice (the stores taking turns). Chaining's cost on an insert: the same commits
timed on the library's own recorder, in one run beside the chained one, the two taking turns every
50 commits. Open WebUI has nothing alike. Issue 11 asks for at least 100,000 events/s.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from application.audit.verification import verify_log
from infrastructure.bootstrap import build_container
from infrastructure.settings import Settings
from ops.bench import deployments, harness, reporting

EVENTS = 100_000
PER_COMMIT = 10
TIMED_COMMITS = 2_000
TURN = 50
STATE = b'{"content": "' + b"x" * 280 + b'"}'


def _commits(count: int) -> list[list[StoredEvent]]:
    commits = []
    for _ in range(count):
        aggregate = uuid.uuid4()
        commits.append([StoredEvent(originator_id=aggregate, originator_version=version, state=STATE,
                                    topic="domain.chats.chat:Chat.MessageAdded")
                        for version in range(1, PER_COMMIT + 1)])
    return commits


def _fill(recorder: Any, commits: list[list[StoredEvent]]) -> float:
    started = time.perf_counter()
    for events in commits:
        recorder.insert_events(events)
    return time.perf_counter() - started


def _taking_turns(recorders: list[Any], commits: list[list[StoredEvent]]) -> list[float]:
    """Seconds each recorder took for its share of ``commits``, the recorders taking turns every
    ``TURN`` commits, so that the disk's moods weigh on each alike."""
    seconds = [0.0] * len(recorders)
    for turn, start in enumerate(range(0, len(commits), TURN)):
        seconds[turn % len(recorders)] += _fill(recorders[turn % len(recorders)], commits[start:start + TURN])
    return seconds


def _library_recorder(chained: Any) -> Any:
    """The library's own recorder on the same database, on a table of its own."""
    if isinstance(chained, PostgresApplicationRecorder):
        return PostgresApplicationRecorder(chained.datastore, events_table_name="bench_plain_events")
    return SQLiteApplicationRecorder(chained.datastore, "bench_plain_events")


def _run(args: Any) -> dict[str, Any]:
    stores = [t for t in args.targets if t in (deployments.EMBEDDED, deployments.POSTGRES)]
    results: dict[str, Any] = {"events": EVENTS, "stores": {}}
    with contextlib.ExitStack() as stack:
        root = deployments.workdir(stack, args.keep)
        containers = {}
        for store in stores:
            url = deployments.postgres(stack) if store == deployments.POSTGRES else None
            env = deployments.annals_env(root / store, url)
            settings = Settings.from_environ({**os.environ, **env, "REDIS_URL": ""})
            container = build_container(settings, role="cli")
            stack.callback(container.close)
            containers[store] = container
            chats = container.contexts["Chats"]
            _fill(chats.recorder, _commits(EVENTS // PER_COMMIT))
            plain = _library_recorder(chats.recorder)
            plain.create_table()
            chained_s, plain_s = _taking_turns([chats.recorder, plain], _commits(TIMED_COMMITS))
            results["stores"][store] = {"insert_chained_ms": round(chained_s * 1000, 1),
                                        "insert_plain_ms": round(plain_s * 1000, 1), "verify_events_per_s": []}
        for _ in range(2):
            for store, container in containers.items():
                started = time.perf_counter()
                verdict = verify_log("Chats", container.contexts["Chats"], container.audit_key)
                seconds = time.perf_counter() - started
                assert verdict.intact, verdict
                results["stores"][store]["verify_events_per_s"].append(round(verdict.events / seconds))
    return results


def _show(result: dict[str, Any]) -> None:
    rows = [(store, f"{min(r['verify_events_per_s']):,}", f"{max(r['verify_events_per_s']):,}",
             r["insert_chained_ms"], r["insert_plain_ms"],
             f"{r['insert_chained_ms'] / r['insert_plain_ms']:.2f}")
            for store, r in result["stores"].items()]
    reporting.print_table(f"annals verify over {result['events']:,} events; {TIMED_COMMITS // 2} commits of "
                          f"{PER_COMMIT} events each way",
                          ["store", "verify ev/s (min)", "verify ev/s (max)", "chained ms", "plain ms", "ratio"], rows)


if __name__ == "__main__":
    raise SystemExit(harness.bench_main(__doc__, _run, _show))
