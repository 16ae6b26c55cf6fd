"""The workspace never loses its last admin, whatever providers and admins do at once: every other
admin may go, through SCIM or the admin panel, in the same instant, and the primary admin stands."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.scim import Provider

Call = Callable[[], httpx.Response]


def _admin(server: InProcessServer, primary: Person, name: str) -> Person:
    person = people.member(server, primary, name)
    primary.http.post(f"/api/v1/users/{person.id}/update", json={"role": "admin"}).raise_for_status()
    return people.sign_in(server, person.email, password=person.password)


def _linked(primary: Person, provider: Provider, person: Person) -> None:
    primary.http.post(f"/api/v1/scim/providers/{provider.id}/links",
                      json={"user_id": person.id, "external_id": f"ext-{person.id}"}).raise_for_status()


def _deactivate(provider: Provider, person: Person) -> Call:
    return lambda: provider.patch(f"/Users/{person.id}", {"op": "replace", "path": "active", "value": False})


def _all_at_once(calls: list[Call]) -> list[httpx.Response]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def _still_admin(person: Person) -> bool:
    me = person.http.get("/api/v1/auths/")
    return me.status_code == 200 and me.json()["role"] == "admin"


def test_every_admin_removed_at_once_from_everywhere_leaves_the_primary_admin(
        scim_server: InProcessServer, scim_admin: Person, provider: Provider) -> None:
    first, second, third = (_admin(scim_server, scim_admin, name) for name in ("first", "second", "third"))
    for person in (scim_admin, first, second, third):
        _linked(scim_admin, provider, person)
    answers = _all_at_once([
        _deactivate(provider, first), lambda: provider.http.delete(f"/Users/{second.id}"),
        lambda: first.http.post(f"/api/v1/users/{third.id}/update", json={"role": "user"}),
        lambda: third.http.delete(f"/api/v1/users/{first.id}"),
        _deactivate(provider, scim_admin), lambda: provider.http.delete(f"/Users/{scim_admin.id}"),
        lambda: second.http.post(f"/api/v1/users/{scim_admin.id}/update", json={"role": "user"}),
        lambda: third.http.delete(f"/api/v1/users/{scim_admin.id}"),
    ])
    assert [answer.status_code for answer in answers[4:6]] == [409, 409]
    assert all(answer.status_code in (401, 403) for answer in answers[6:])
    assert _still_admin(scim_admin)
    assert provider.http.get(f"/Users/{scim_admin.id}").json()["active"] is True


def test_two_admins_demoting_each_other_at_once_leave_the_primary_admin(
        scim_server: InProcessServer, scim_admin: Person) -> None:
    first, second = _admin(scim_server, scim_admin, "first"), _admin(scim_server, scim_admin, "second")
    _all_at_once([lambda: first.http.post(f"/api/v1/users/{second.id}/update", json={"role": "user"}),
                  lambda: second.http.post(f"/api/v1/users/{first.id}/update", json={"role": "user"})])
    assert _still_admin(scim_admin)
    assert scim_admin.http.post(f"/api/v1/users/{first.id}/update", json={"role": "admin"}).status_code == 200
