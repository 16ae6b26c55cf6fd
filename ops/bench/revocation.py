"""Revocation latency (issue 14: within one second): from a revoking command's answer to each open
socket dropped and each API process refusing the token, on the embedded store (one process) and on
Postgres + Redis (two API processes, the worker beside the first). Kinds: signing out, a role
changed to pending, the account deleted, and a role change whose fan-out never came (committed and
projected by a process with no Redis, as one that died before announcing it), which the processes
find in the identity log themselves. ``--rounds`` people per kind; p50 and max per kind.

Each place is watched in turn, polling every 5 ms (``tests/e2e/revocations.py``), so a later
place's figure is when it was seen, at most that much after it happened. Annals only.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ops.bench import deployments, harness, reporting
from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.revocations import demote_unannounced, refused_after, replica_of, without_fanout
from tests.e2e.server import AnnalsProcess

CONNECTIONS = {"ANNALS_DATABASE_CONNECTIONS": "24"}
"""Three processes on Postgres (two APIs, the worker) and an offline one, under its 100."""
Revoke = Callable[[AnnalsProcess, Person, Person], None]


def _sign_out(server: AnnalsProcess, admin: Person, person: Person) -> None:
    person.http.post("/api/v1/auths/signout").raise_for_status()


def _to_pending(server: AnnalsProcess, admin: Person, person: Person) -> None:
    admin.http.post(f"/api/v1/users/{person.id}/update", json={"role": "pending"}).raise_for_status()


def _delete(server: AnnalsProcess, admin: Person, person: Person) -> None:
    admin.http.delete(f"/api/v1/users/{person.id}").raise_for_status()


def _kinds(stack: contextlib.ExitStack, server: AnnalsProcess) -> dict[str, Revoke]:
    elsewhere = stack.enter_context(without_fanout(server))  # one for every round: its pools stay small
    return {"sign-out": _sign_out, "role to pending": _to_pending, "deletion": _delete,
            "fan-out lost": lambda server, admin, person: demote_unannounced(elsewhere, admin, person)}


def _processes(stack: contextlib.ExitStack, server: AnnalsProcess) -> list[AnnalsProcess]:
    logs = Path(server.env["ANNALS_DATA_DIR"]) / "replica"
    logs.mkdir()
    replica = replica_of(server, logs)
    if replica is None:
        return [server]
    stack.callback(replica.stop)
    return [server, replica.start()]


def _measure(processes: list[AnnalsProcess], admin: Person, revoke: Revoke, rounds: int) -> dict[str, list[float]]:
    sockets, http = [], []
    for _ in range(rounds):
        person = people.member(processes[0], admin, "revoked")
        delays = refused_after(processes, person, functools.partial(revoke, processes[0], admin, person))
        sockets += delays[:len(processes)]
        http += delays[len(processes):]
    return {"socket": sockets, "http": http}


def _run(args: Any) -> dict[str, Any]:
    targets = [t for t in args.targets if t in deployments.ANNALS]
    results: dict[str, Any] = {"rounds": args.rounds, "targets": {}}
    with contextlib.ExitStack() as stack:
        servers = deployments.start_servers(stack, targets, deployments.workdir(stack, args.keep), CONNECTIONS)
        for target, server in servers.items():
            assert isinstance(server, AnnalsProcess)
            processes = _processes(stack, server)
            admin = people.founder(server)
            results["targets"][target] = {"processes": len(processes), "kinds": {
                kind: {place: _summary(delays) for place, delays in _measure(processes, admin, revoke,
                                                                              args.rounds).items()}
                for kind, revoke in _kinds(stack, server).items()}}
    return results


def _summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": round(reporting.percentile(ms, 50), 1), "max_ms": round(max(ms), 1)}


def _show(result: dict[str, Any]) -> None:
    rows = [(target, kind, place, s["n"], s["p50_ms"], s["max_ms"])
            for target, figures in result["targets"].items() for kind, places in figures["kinds"].items()
            for place, s in places.items()]
    reporting.print_table(f"revocation: command answered -> refused ({result['rounds']} people per kind)",
                          ["target", "kind", "where", "n", "p50 ms", "max ms"], rows)


def _options(parser: Any) -> None:
    parser.add_argument("--rounds", type=int, default=10, help="people revoked per kind and target")


if __name__ == "__main__":
    raise SystemExit(harness.bench_main(__doc__, _run, _show, extra=_options))
