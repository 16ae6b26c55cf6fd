"""SCIM's Groups: an identity provider provisions groups of its own people, finds, replaces and
deletes them; they are the groups of the admin panel, and their members gain what they give."""

from __future__ import annotations

from tests.e2e.people import Person
from tests.http.scim import GROUP_SCHEMA, Provider, is_scim_error


def test_a_provisioned_group_is_answered_with_its_members(provider: Provider) -> None:
    person = provider.create_user()
    group = provider.create_group("Sales", [person["id"]], externalId="grp-1")
    assert group["schemas"] == [GROUP_SCHEMA]
    assert (group["displayName"], group["externalId"]) == ("Sales", "grp-1")
    assert group["members"][0]["value"] == person["id"]
    assert group["members"][0]["display"] == "Barbara Jensen"
    assert group["meta"]["resourceType"] == "Group"
    assert provider.http.get(f"/Groups/{group['id']}").json() == group


def test_a_provisioned_group_is_one_of_the_admins_groups(provider: Provider, scim_admin: Person) -> None:
    person = provider.create_user()
    group = provider.create_group("Support", [person["id"]])
    seen = scim_admin.http.get(f"/api/v1/groups/id/{group['id']}").json()
    assert (seen["name"], seen["member_count"]) == ("Support", 1)


def test_members_are_replaced_with_put(provider: Provider) -> None:
    ann, bob = provider.create_user(), provider.create_user()
    group = provider.create_group(members=[ann["id"]])
    response = provider.http.put(f"/Groups/{group['id']}", json={
        "schemas": [GROUP_SCHEMA], "displayName": "Engineering", "members": [{"value": bob["id"]}]})
    assert response.status_code == 200, response.text
    assert [m["value"] for m in response.json()["members"]] == [bob["id"]]


def test_someone_the_provider_did_not_provision_is_no_member_it_may_add(provider: Provider,
                                                                         scim_admin: Person) -> None:
    response = provider.http.post("/Groups", json={"schemas": [GROUP_SCHEMA], "displayName": "Admins",
                                                   "members": [{"value": scim_admin.id}]})
    assert is_scim_error(response, 400, "invalidValue")


def test_a_deleted_group_is_gone(provider: Provider, scim_admin: Person) -> None:
    group = provider.create_group()
    assert provider.http.delete(f"/Groups/{group['id']}").status_code == 204
    assert is_scim_error(provider.http.get(f"/Groups/{group['id']}"), 404)
    assert scim_admin.http.get(f"/api/v1/groups/id/{group['id']}").status_code == 404


def test_an_admins_group_is_not_the_providers(provider: Provider, scim_admin: Person) -> None:
    made = scim_admin.http.post("/api/v1/groups/create", json={"name": "Made by hand", "description": ""}).json()
    assert is_scim_error(provider.http.get(f"/Groups/{made['id']}"), 404)
    assert is_scim_error(provider.http.delete(f"/Groups/{made['id']}"), 404)


def test_groups_are_found_by_display_name(provider: Provider) -> None:
    provider.create_group("Finance")
    provider.create_group("Legal")
    found = provider.http.get("/Groups", params={"filter": 'displayName eq "finance"'}).json()
    assert (found["totalResults"], [g["displayName"] for g in found["Resources"]]) == (1, ["Finance"])


def test_a_group_without_a_display_name_is_refused(provider: Provider) -> None:
    response = provider.http.post("/Groups", json={"schemas": [GROUP_SCHEMA], "members": []})
    assert is_scim_error(response, 400, "invalidValue")
