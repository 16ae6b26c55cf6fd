"""Every revocation reaches every API process at once, over HTTP and over its open sockets: signing
out, an admin's signing a person out everywhere, a role change, SCIM's ``active: false``, deletion,
forgetting, an API key deleted or replaced, a removal from the group a resource was granted to, and
a group moved from under that group.
On Postgres + Redis, two API processes (the first with the worker); embedded, the one process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.revocations import (
    demote_unannounced,
    everywhere,
    live_events,
    refused_after,
    replica_of,
    without_fanout,
)
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import TIMEOUT as SOCKET_TIMEOUT
from tests.e2e.upstreams import annals
from tests.http import scim
from tests.http.api_keys import API_KEY, new_key
from tests.http.groups import add, create_group, remove
from tests.http.knowledge import create_base, grant, may_make_knowledge
from tests.stores import STORES

ENV = {"ENABLE_SCIM": "true", "ENABLE_API_KEYS": "true", "USER_PERMISSIONS_FEATURES_API_KEYS": "true",
       "ANNALS_DATABASE_CONNECTIONS": "24"}
"""Three processes on Postgres (two APIs, the worker) and the test's own stores beside them, under its
100 connections (``ConnectionBudget.least``)."""


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    with annals(request.param, Path(tmp_path_factory.mktemp("annals")), ENV) as process:
        yield process


@pytest.fixture(scope="module")
def processes(server: AnnalsProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[AnnalsProcess]]:
    """Every API process of the deployment: a second one beside the first where the stores are shared."""
    replica = replica_of(server, Path(tmp_path_factory.mktemp("replica")))
    if replica is None:
        yield [server]
        return
    yield [server, replica.start()]
    replica.stop()


@pytest.fixture
def person(server: AnnalsProcess, admin: Person) -> Person:
    return people.member(server, admin, "revoked")


def test_signing_out(processes: list[AnnalsProcess], person: Person) -> None:
    refused_after(processes, person, lambda: person.http.post("/api/v1/auths/signout").raise_for_status())


def test_a_change_of_role_to_pending(processes: list[AnnalsProcess], admin: Person, person: Person) -> None:
    refused_after(processes, person, lambda: admin.http.post(
        f"/api/v1/users/{person.id}/update", json={"role": "pending"}).raise_for_status())


def test_a_demotion_from_admin_to_user(server: AnnalsProcess, processes: list[AnnalsProcess], admin: Person,
                                       person: Person) -> None:
    admin.http.post(f"/api/v1/users/{person.id}/update", json={"role": "admin"}).raise_for_status()
    deputy = people.sign_in(server, person.email, password=person.password)
    refused_after(processes, deputy, lambda: admin.http.post(
        f"/api/v1/users/{person.id}/update", json={"role": "user"}).raise_for_status(), path="/api/v1/users/")


def test_scim_deactivation_ends_sessions_keys_and_sockets(server: AnnalsProcess, processes: list[AnnalsProcess],
                                                           admin: Person, person: Person) -> None:
    key = new_key(person)
    with scim.registered(server, admin) as provider:
        linked = admin.http.post(f"/api/v1/scim/providers/{provider.id}/links",
                                 json={"user_id": person.id, "external_id": person.email})
        assert linked.status_code == 200, linked.text
        with everywhere(processes, person) as watch, everywhere(processes, person, sockets=False,
                                                                 token=key) as keyed:
            deactivated = provider.patch(f"/Users/{person.id}", {"op": "replace", "path": "active", "value": False})
            assert deactivated.status_code == 200, deactivated.text
            watch.revoked_now(), keyed.revoked_now()
            watch.refused_everywhere(), keyed.refused_everywhere()


def test_an_admin_signing_the_person_out_everywhere(processes: list[AnnalsProcess], admin: Person,
                                                     person: Person) -> None:
    refused_after(processes, person, lambda: admin.http.post(
        f"/api/v1/users/{person.id}/sessions/revoke").raise_for_status())


def test_deleting_the_account(processes: list[AnnalsProcess], admin: Person, person: Person) -> None:
    refused_after(processes, person, lambda: admin.http.delete(f"/api/v1/users/{person.id}").raise_for_status())


def test_forgetting_the_person(processes: list[AnnalsProcess], admin: Person, person: Person) -> None:
    refused_after(processes, person,
                  lambda: admin.http.post(f"/api/v1/users/{person.id}/forget").raise_for_status())


def test_deleting_an_api_key(processes: list[AnnalsProcess], person: Person) -> None:
    key = new_key(person)
    refused_after(processes, person, lambda: person.http.delete(API_KEY).raise_for_status(), sockets=False,
                  token=key)


def test_replacing_an_api_key(processes: list[AnnalsProcess], person: Person) -> None:
    key = new_key(person)
    refused_after(processes, person, lambda: new_key(person), sockets=False, token=key)


def _readers(server: AnnalsProcess, admin: Person, person: Person) -> tuple[dict[str, Any], str]:
    """A group with ``person`` in it, and a knowledge base of someone else's granted to it."""
    owner = people.member(server, admin, "owner")
    may_make_knowledge(admin, owner)
    group = add(admin, create_group(admin, f"Readers of {person.id}"), person)
    return group, f"/api/v1/knowledge/{create_base(owner, 'Shared', grant('group', group['id']))['id']}"


def test_removal_from_the_group_a_base_was_granted_to(server: AnnalsProcess, processes: list[AnnalsProcess],
                                                      admin: Person, person: Person) -> None:
    group, base = _readers(server, admin, person)
    refused_after(processes, person, lambda: remove(admin, group, person), sockets=False, path=base, status=404)


def test_deleting_the_group_a_base_was_granted_to(server: AnnalsProcess, processes: list[AnnalsProcess],
                                                  admin: Person, person: Person) -> None:
    group, base = _readers(server, admin, person)
    refused_after(processes, person, lambda: admin.http.delete(
        f"/api/v1/groups/id/{group['id']}/delete").raise_for_status(), sockets=False, path=base, status=404)


def test_moving_a_group_from_under_the_one_a_base_was_granted_to(server: AnnalsProcess,
                                                                 processes: list[AnnalsProcess], admin: Person,
                                                                 person: Person) -> None:
    """Its members read the base by inheritance; once it is at the top, they do not."""
    granted, base = _readers(server, admin, person)
    remove(admin, granted, person)
    below = add(admin, create_group(admin, f"Below {person.id}", parent_group_id=granted["id"]), person)
    refused_after(processes, person, lambda: admin.http.post(f"/api/v1/groups/id/{below['id']}/update", json={
        "name": below["name"], "description": "", "parent_group_id": None}).raise_for_status(),
                  sockets=False, path=base, status=404)


def test_removal_from_the_group_a_model_preset_was_granted_to(processes: list[AnnalsProcess], admin: Person,
                                                              person: Person) -> None:
    group = add(admin, create_group(admin, f"Users of {person.id}"), person)
    preset = f"preset-{person.id}"
    admin.http.post("/api/v1/models/create", json={
        "id": preset, "base_model_id": "some-base", "name": "Group Preset", "meta": {}, "params": {},
        "access_grants": [grant("group", group["id"])]}).raise_for_status()
    refused_after(processes, person, lambda: remove(admin, group, person), sockets=False,
                  path=f"/api/v1/models/model?id={preset}", status=404)


def test_a_revocation_whose_fan_out_never_came(server: AnnalsProcess, processes: list[AnnalsProcess],
                                               admin: Person, person: Person) -> None:
    """Committed and projected by a process that then died before announcing it (here: one with no
    Redis, no kicks and no sockets): the running processes find it in the log themselves."""
    with without_fanout(server) as elsewhere:
        refused_after(processes, person, lambda: demote_unannounced(elsewhere, admin, person))


def test_the_live_event_socket_closes_though_the_fan_out_never_came(
        server: AnnalsProcess, processes: list[AnnalsProcess], admin: Person, person: Person) -> None:
    with ExitStack() as stack:
        sockets = [stack.enter_context(live_events(process, person.token)) for process in processes]
        demote_unannounced(stack.enter_context(without_fanout(server)), admin, person)
        for socket in sockets:
            with pytest.raises(ConnectionClosed) as closed:
                socket.recv(timeout=SOCKET_TIMEOUT)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
