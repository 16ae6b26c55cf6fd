"""What a provider's deprovisioning does: ``active: false`` ends the person's sessions and API key
at once; the workspace's last admin is never deactivated nor deleted; an admin hands an existing
account to a provider by linking it. Every SCIM change is an event in the log, and a rebuild of the
views from the log reproduces them."""

from __future__ import annotations

from typing import Any

from projections.groups.projector import GroupViews
from projections.runtime.rebuild import rebuild
from projections.users.projector import UserDirectory
from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.scim import Provider, is_scim_error


def _linked(admin: Person, provider: Provider, person: Person, external_id: str = "ext-1") -> dict[str, Any]:
    response = admin.http.post(f"/api/v1/scim/providers/{provider.id}/links",
                               json={"user_id": person.id, "external_id": external_id})
    assert response.status_code == 200, response.text
    found = provider.http.get("/Users", params={"filter": f'externalId eq "{external_id}"'}).json()
    assert found["totalResults"] == 1
    return found["Resources"][0]


def _deactivate(provider: Provider, user_id: str) -> Any:
    return provider.patch(f"/Users/{user_id}", {"op": "replace", "path": "active", "value": False})


def test_deactivation_ends_the_persons_session_and_api_key_at_once(scim_server: InProcessServer,
                                                                   scim_admin: Person, provider: Provider) -> None:
    person = people.member(scim_server, scim_admin, "leaver")
    key = person.http.post("/api/v1/auths/api_key").json()["api_key"]
    user = _linked(scim_admin, provider, person)
    assert _deactivate(provider, user["id"]).json()["active"] is False
    assert person.http.get("/api/v1/auths/").status_code == 401
    with people.anonymous(scim_server) as anonymous:
        assert anonymous.get("/api/v1/auths/", headers=people.bearer(key)).status_code == 401


def test_a_deactivated_person_cannot_sign_in_until_reactivated(scim_server: InProcessServer, scim_admin: Person,
                                                                provider: Provider) -> None:
    person = people.member(scim_server, scim_admin, "paused")
    user = _linked(scim_admin, provider, person, "ext-paused")
    _deactivate(provider, user["id"])
    with people.anonymous(scim_server) as anonymous:
        refused = anonymous.post("/api/v1/auths/signin", json={"email": person.email, "password": person.password})
    assert refused.status_code == 403 and "deactivated" in refused.json()["detail"]
    provider.patch(f"/Users/{user['id']}", {"op": "replace", "path": "active", "value": True}).raise_for_status()
    people.sign_in(scim_server, person.email, password=person.password)


def test_the_last_admin_is_neither_deactivated_nor_deleted(scim_admin: Person, provider: Provider) -> None:
    me = _linked(scim_admin, provider, scim_admin, "ext-admin")
    for refused in (_deactivate(provider, me["id"]), provider.http.delete(f"/Users/{me['id']}")):
        assert is_scim_error(refused, 409)
        assert "admin" in refused.json()["detail"]
    assert scim_admin.http.get("/api/v1/auths/").status_code == 200


def test_linking_needs_an_admin(scim_server: InProcessServer, scim_admin: Person, provider: Provider) -> None:
    person = people.member(scim_server, scim_admin, "self-linker")
    response = person.http.post(f"/api/v1/scim/providers/{provider.id}/links", json={"user_id": person.id})
    assert response.status_code == 401


def test_scim_changes_are_events_of_the_log(scim_admin: Person, provider: Provider) -> None:
    user = provider.create_user(externalId="ext-logged")
    _deactivate(provider, user["id"])
    found = scim_admin.http.get("/api/v1/events", params={"context": "identity", "aggregate_id": user["id"]}).json()
    types = [event["type"] for event in found["events"]]
    assert {"User.Registered", "User.LinkedToProvider", "User.Deactivated"} <= set(types), types


def test_a_rebuild_reproduces_the_views_scim_changed(scim_server: InProcessServer, provider: Provider) -> None:
    ann, bob = provider.create_user(externalId="a"), provider.create_user(externalId="b")
    group = provider.create_group("Rebuilt", [ann["id"], bob["id"]], externalId="g")
    provider.patch(f"/Groups/{group['id']}", {"op": "remove", "path": f'members[value eq "{bob["id"]}"]'})
    _deactivate(provider, ann["id"])
    provider.http.delete(f"/Users/{bob['id']}")
    for view in (UserDirectory.view, GroupViews.view):
        report = rebuild(scim_server.container.runner, view)
        assert report.equal and not report.faults, (view, report.differences)
