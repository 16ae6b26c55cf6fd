"""(n) SCIM bulk provisioning: an identity provider pushes ``--users`` people, then ``--groups``
groups each with its share of them as members, through ``/api/v1/scim/v2`` with 4 connections at
once, as Okta's first import does. Time per phase, people and groups per second, and on Annals the
events the logs gained per second (counted by ``/api/v1/audit/verify`` before and after). Open WebUI
0.12.4 reads the same ``ENABLE_SCIM`` and ``SCIM_TOKEN``, so it runs beside when it is installed.
A refused request is counted by its status, not fatal; a phase stops sending at ``--budget``.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting

SCIM = "/api/v1/scim/v2"
TOKEN = "scim-bench-token-" + "0" * 48
CONNECTIONS = 4
RESENDS = 20
BUDGET_SECONDS = 900
"""Open WebUI hashes a random password (bcrypt) for every person it provisions, ~2 people/s on this
machine: 10,000 would take over an hour, so a phase stops sending at its budget and says how far it got."""
ENVIRONMENT = {"ENABLE_SCIM": "true", "SCIM_TOKEN": TOKEN, "SCIM_AUTH_PROVIDER": "oidc"}
"""Open WebUI 0.12.4 also needs ``SCIM_AUTH_PROVIDER`` (only warned about at start): without it every
``POST /Users`` is answered 500. Annals has no such setting and ignores it."""
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"


def _user(n: int) -> dict[str, Any]:
    return {"schemas": [USER_SCHEMA], "userName": f"person{n}@example.org", "externalId": f"00u{n}",
            "name": {"givenName": "Person", "familyName": str(n)}, "displayName": f"Person {n}",
            "emails": [{"value": f"person{n}@example.org", "type": "work", "primary": True}], "active": True}


def _group(n: int, members: list[str]) -> dict[str, Any]:
    return {"schemas": [GROUP_SCHEMA], "displayName": f"Team {n}", "externalId": f"00g{n}",
            "members": [{"value": member} for member in members]}


class _Phase:
    """One phase's requests on 4 connections: the ids made, in order, and every refusal by its status
    (a server's failures are figures, not a crash of the benchmark), stopping when ``budget`` runs out."""

    def __init__(self, path: str, budget_s: float) -> None:
        self.path, self._budget_s = path, budget_s
        self.failures: Counter[str] = Counter()
        self.first_failure: dict[str, str] = {}
        self.skipped = self.resent = 0
        self._lock = threading.Lock()

    def run(self, clients: list[httpx.Client], bodies: list[Any]) -> tuple[list[str], float]:
        started, budget = time.perf_counter(), harness.Budget(self._budget_s)
        with ThreadPoolExecutor(len(clients)) as pool:
            ids = list(pool.map(lambda item: self._post(clients[item[0] % len(clients)], item[1], budget),
                                enumerate(bodies)))
        made = [i for i in ids if i is not None]
        self.skipped = len(bodies) - len(made) - self.failures.total()
        return made, time.perf_counter() - started

    def _post(self, client: httpx.Client, body: Any, budget: harness.Budget) -> str | None:
        if budget.expired():
            return None
        try:
            response = self._send(client, body)
        except httpx.HTTPError as error:
            self._failed(type(error).__name__, str(error))
            return None
        if response.status_code != 201:
            self._failed(str(response.status_code), response.text[:300])
            return None
        return str(response.json()["id"])

    def _send(self, client: httpx.Client, body: Any) -> httpx.Response:
        """A 503 (Annals, when the shared Postgres refuses connections) is sent again after its
        ``Retry-After``, as an identity provider does, and counted: that wait is in the phase's time."""
        for _ in range(RESENDS):
            response = client.post(f"{SCIM}/{self.path}", json=body)
            if response.status_code != 503:
                break
            with self._lock:
                self.resent += 1
            time.sleep(float(response.headers.get("Retry-After", "1")))
        return response

    def _failed(self, kind: str, reason: str) -> None:
        with self._lock:
            self.failures[kind] += 1
            self.first_failure.setdefault(kind, reason)

    def figures(self, made: int, seconds: float) -> dict[str, Any]:
        return {"made": made, "s": round(seconds, 2), "per_s": round(made / seconds, 1) if seconds else None,
                "failures": dict(self.failures), "first_failure": self.first_failure, "resent_after_503": self.resent,
                "not_sent_budget_ran_out": self.skipped}


def _events(admin: httpx.Client) -> int | None:
    """Events in every log (Annals); None where the server has no such count (Open WebUI answers
    any path it lacks with its app's HTML page, 200)."""
    response = admin.get("/api/v1/audit/verify", timeout=600)
    if response.status_code != 200 or not response.headers.get("content-type", "").startswith("application/json"):
        return None
    return sum(c["events"] for c in response.json()["contexts"])


def _members(people: list[str], first: int, share: int) -> list[str]:
    """``share`` people from the ``first``, wrapping round: where a target made fewer people than
    asked (its budget ran out), its groups are still as large as the others'."""
    return [people[(first + k) % len(people)] for k in range(min(share, len(people)))]


def _provision(server: deployments.Server, users: int, groups: int, budget_s: float) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        admin = stack.enter_context(callers.sign_up(server, "admin"))
        clients = [stack.enter_context(httpx.Client(base_url=server.base_url, timeout=callers.TIMEOUT,
                                                    headers={"Authorization": f"Bearer {TOKEN}"}))
                   for _ in range(CONNECTIONS)]
        before, load = _events(admin), os.getloadavg()
        people_phase, groups_phase = _Phase("Users", budget_s), _Phase("Groups", budget_s)
        people, people_s = people_phase.run(clients, [_user(n) for n in range(users)])
        share = max(1, users // groups)
        bodies = [_group(n, _members(people, n * share, share)) for n in range(groups)]
        made, groups_s = groups_phase.run(clients, bodies)
        after = _events(admin)
    events = None if before is None or after is None else after - before
    return {"loadavg_at_start": load, "users_asked": users, "groups_asked": groups, "members_per_group": share,
            "users": people_phase.figures(len(people), people_s), "groups": groups_phase.figures(len(made), groups_s),
            "events": events, "events_per_s": None if events is None else round(events / (people_s + groups_s), 1)}


def run(args: Any) -> dict[str, Any]:
    environment = reporting.environment()
    with contextlib.ExitStack() as stack:
        servers = deployments.start_servers(stack, args.targets, deployments.workdir(stack, args.keep), ENVIRONMENT)
        targets = {target: _provision(server, args.users, args.groups, args.budget)
                   for target, server in servers.items()}
    return {"benchmark": "scim", "environment": environment, "connections": CONNECTIONS,
            "budget_s_per_phase": args.budget, "targets": targets}


def show(result: dict[str, Any]) -> None:
    rows = [[t, f"{f['users']['made']}/{f['users_asked']}", f["users"]["s"], f["users"]["per_s"] or "",
             f"{f['groups']['made']}/{f['groups_asked']}", f["groups"]["s"], f["groups"]["per_s"] or "",
             f["events"] if f["events"] is not None else "", f["events_per_s"] or ""]
            for t, f in result["targets"].items()]
    reporting.print_table(f"SCIM provisioning, {result['connections']} connections",
                          ["target", "users", "s", "users/s", "groups", "s", "groups/s", "events", "events/s"], rows)
    for target, figures in result["targets"].items():
        for phase in ("users", "groups"):
            _show_shortfall(target, phase, figures[phase])


def _show_shortfall(target: str, phase: str, figures: dict[str, Any]) -> None:
    for kind, count in figures["failures"].items():
        print(f"{target} {phase}: {count} refused or failed ({kind}), first: {figures['first_failure'][kind]}")
    if figures["resent_after_503"]:
        print(f"{target} {phase}: {figures['resent_after_503']} answers were 503 (database busy), sent again")
    if figures["not_sent_budget_ran_out"]:
        print(f"{target} {phase}: {figures['not_sent_budget_ran_out']} not sent, the phase's time budget ran out")


def _options(parser: Any) -> None:
    parser.add_argument("--users", type=int, default=10_000, help="people to provision (default 10,000)")
    parser.add_argument("--groups", type=int, default=500, help="groups, sharing the people (default 500)")
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS,
                        help=f"seconds a phase may take on a target before it stops sending (default {BUDGET_SECONDS})")


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv, _options)


if __name__ == "__main__":
    raise SystemExit(main())
