"""PATCH as RFC 7644 writes it and as Okta and Entra ID really send it. The Entra ID requests are
those of Microsoft's "Tutorial: Develop and plan provisioning for a SCIM endpoint" (its request and
response examples), the Okta ones those of Okta's SCIM 2.0 reference."""

from __future__ import annotations

from typing import Any

from tests.http.scim import PATCH_SCHEMA, Provider, is_scim_error, unique_email


def _patched(provider: Provider, user: dict[str, Any], *operations: dict[str, Any]) -> dict[str, Any]:
    response = provider.patch(f"/Users/{user['id']}", *operations)
    assert response.status_code == 200, response.text
    return response.json()


def test_okta_deactivates_with_a_replace_without_a_path(provider: Provider) -> None:
    user = provider.create_user()
    assert _patched(provider, user, {"op": "replace", "value": {"active": False}})["active"] is False


def test_entra_deactivates_with_a_capitalised_replace_and_a_false_string(provider: Provider) -> None:
    user = provider.create_user()
    assert _patched(provider, user, {"op": "Replace", "path": "active", "value": "False"})["active"] is False
    assert _patched(provider, user, {"op": "Replace", "path": "active", "value": "True"})["active"] is True


def test_entra_changes_attributes_by_their_paths(provider: Provider) -> None:
    user, email = provider.create_user(), unique_email("moved")
    changed = _patched(
        provider, user,
        {"op": "Replace", "path": "userName", "value": email},
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": email},
        {"op": "Replace", "path": "name.givenName", "value": "Barbie"},
        {"op": "Add", "path": "externalId", "value": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"})
    assert (changed["userName"], changed["emails"][0]["value"]) == (email, email)
    assert (changed["displayName"], changed["externalId"]) == ("Barbie Jensen", "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef")


def test_entra_sends_paths_as_keys_of_a_value_without_a_path(provider: Provider) -> None:
    user = provider.create_user()
    changed = _patched(provider, user, {"op": "Replace", "value": {
        "displayName": "Ryan Leenay", "name.familyName": "Leenay",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales"}})
    assert changed["displayName"] == "Ryan Leenay"


def test_an_unknown_operation_is_refused(provider: Provider) -> None:
    user = provider.create_user()
    assert is_scim_error(provider.patch(f"/Users/{user['id']}", {"op": "merge", "path": "active", "value": False}),
                         400, "invalidSyntax")


def test_a_remove_without_a_path_has_no_target(provider: Provider) -> None:
    user = provider.create_user()
    assert is_scim_error(provider.patch(f"/Users/{user['id']}", {"op": "remove"}), 400, "noTarget")


def test_a_patch_without_its_schema_is_refused(provider: Provider) -> None:
    user = provider.create_user()
    response = provider.http.patch(f"/Users/{user['id']}", json={"schemas": ["urn:wrong"], "Operations": [
        {"op": "replace", "path": "active", "value": False}]})
    assert is_scim_error(response, 400, "invalidSyntax")


def test_okta_adds_and_removes_members_of_a_group(provider: Provider) -> None:
    ann, bob = provider.create_user(), provider.create_user()
    group = provider.create_group(members=[ann["id"]])
    response = provider.patch(f"/Groups/{group['id']}",
                              {"op": "add", "path": "members", "value": [{"value": bob["id"], "display": "Bob"}]},
                              {"op": "remove", "path": f'members[value eq "{ann["id"]}"]'})
    assert response.status_code == 200, response.text
    assert [m["value"] for m in response.json()["members"]] == [bob["id"]]


def test_entra_removes_members_listed_in_the_value(provider: Provider) -> None:
    ann, bob = provider.create_user(), provider.create_user()
    group = provider.create_group(members=[ann["id"], bob["id"]])
    response = provider.http.patch(f"/Groups/{group['id']}", json={"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "Remove", "path": "members", "value": [{"value": ann["id"]}]}]})
    assert [m["value"] for m in response.json()["members"]] == [bob["id"]]


def test_okta_renames_a_group_with_a_replace_without_a_path(provider: Provider) -> None:
    group = provider.create_group()
    response = provider.patch(f"/Groups/{group['id']}", {"op": "replace", "value": {
        "id": group["id"], "displayName": "Engineering (renamed)"}})
    assert response.json()["displayName"] == "Engineering (renamed)"


def test_replacing_members_with_an_empty_list_empties_the_group(provider: Provider) -> None:
    ann, bob = provider.create_user(), provider.create_user()
    group = provider.create_group(members=[ann["id"], bob["id"]])
    response = provider.patch(f"/Groups/{group['id']}", {"op": "Replace", "path": "members", "value": []})
    assert response.status_code == 200, response.text
    assert response.json().get("members", []) == []
    assert provider.http.get(f"/Groups/{group['id']}").json().get("members", []) == []


def test_a_capitalised_remove_of_a_filtered_member_removes_only_them(provider: Provider) -> None:
    ann, bob = provider.create_user(), provider.create_user()
    group = provider.create_group(members=[ann["id"], bob["id"]])
    response = provider.patch(f"/Groups/{group['id']}", {"op": "Remove", "path": f'members[value eq "{bob["id"]}"]'})
    assert [m["value"] for m in response.json()["members"]] == [ann["id"]]


def test_a_put_with_active_as_a_string_is_understood(provider: Provider) -> None:
    made = provider.create_user()
    body = {key: made[key] for key in ("schemas", "userName", "name", "emails")}
    assert provider.http.put(f"/Users/{made['id']}", json={**body, "active": "False"}).json()["active"] is False
    assert provider.http.put(f"/Users/{made['id']}", json={**body, "active": "true"}).json()["active"] is True
