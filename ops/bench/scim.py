"""(n) SCIM bulk provisioning: an identity provider pushes ``--users`` people, then ``--groups``
groups each with its share of them as members, through ``/api/v1/scim/v2`` with 4 connections at
once, as Okta's first import does. Time per phase, people and groups per second, and on Annals the
events the logs gained per second (counted by ``/api/v1/audit/verify`` before and after). Open WebUI
0.12.4 reads the same ``ENABLE_SCIM`` and ``SCIM_TOKEN``, so it runs beside when it is installed.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from ops.bench import callers, deployments, harness, reporting

SCIM = "/api/v1/scim/v2"
TOKEN = "scim-bench-token-" + "0" * 48
CONNECTIONS = 4
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


def _in_parallel(clients: list[httpx.Client], bodies: list[Any], post: Callable[[httpx.Client, Any], str]
                 ) -> tuple[list[str], float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(len(clients)) as pool:
        ids = list(pool.map(lambda item: post(clients[item[0] % len(clients)], item[1]), enumerate(bodies)))
    return ids, time.perf_counter() - started


def _create(path: str) -> Callable[[httpx.Client, Any], str]:
    def post(client: httpx.Client, body: Any) -> str:
        response = client.post(f"{SCIM}/{path}", json=body)
        if response.status_code != 201:
            raise RuntimeError(f"{path}: {response.status_code} {response.text[:300]}")
        return str(response.json()["id"])
    return post


def _events(admin: httpx.Client) -> int | None:
    """Events in every log (Annals); None where the server has no such count (Open WebUI answers
    any path it lacks with its app's HTML page, 200)."""
    response = admin.get("/api/v1/audit/verify", timeout=600)
    if response.status_code != 200 or not response.headers.get("content-type", "").startswith("application/json"):
        return None
    return sum(c["events"] for c in response.json()["contexts"])


def _provision(server: deployments.Server, users: int, groups: int) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        admin = stack.enter_context(callers.sign_up(server, "admin"))
        clients = [stack.enter_context(httpx.Client(base_url=server.base_url, timeout=callers.TIMEOUT,
                                                    headers={"Authorization": f"Bearer {TOKEN}"}))
                   for _ in range(CONNECTIONS)]
        before = _events(admin)
        people, people_s = _in_parallel(clients, [_user(n) for n in range(users)], _create("Users"))
        share = max(1, users // groups)
        bodies = [_group(n, people[(n * share) % users:][:share]) for n in range(groups)]
        _, groups_s = _in_parallel(clients, bodies, _create("Groups"))
        after = _events(admin)
    events = None if before is None or after is None else after - before
    total = people_s + groups_s
    return {"users": users, "groups": groups, "members_per_group": share, "users_s": round(people_s, 2),
            "groups_s": round(groups_s, 2), "users_per_s": round(users / people_s, 1),
            "groups_per_s": round(groups / groups_s, 1), "events": events,
            "events_per_s": None if events is None else round(events / total, 1)}


def run(args: Any) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        servers = deployments.start_servers(stack, args.targets, deployments.workdir(stack, args.keep), ENVIRONMENT)
        targets = {target: _provision(server, args.users, args.groups) for target, server in servers.items()}
    return {"benchmark": "scim", "environment": reporting.environment(), "connections": CONNECTIONS, "targets": targets}


def show(result: dict[str, Any]) -> None:
    rows = [[t, f["users"], f["users_s"], f["users_per_s"], f["groups"], f["groups_s"], f["groups_per_s"],
             f["events"] if f["events"] is not None else "", f["events_per_s"] or ""]
            for t, f in result["targets"].items()]
    reporting.print_table(f"SCIM provisioning, {result['connections']} connections",
                          ["target", "users", "s", "users/s", "groups", "s", "groups/s", "events", "events/s"], rows)


def _options(parser: Any) -> None:
    parser.add_argument("--users", type=int, default=10_000, help="people to provision (default 10,000)")
    parser.add_argument("--groups", type=int, default=500, help="groups, sharing the people (default 500)")


def main(argv: list[str] | None = None) -> int:
    return harness.bench_main(__doc__, run, show, argv, _options)


if __name__ == "__main__":
    raise SystemExit(main())
