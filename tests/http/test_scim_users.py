"""SCIM's Users (RFC 7644 3): an identity provider provisions people, finds them, changes them and
deletes them, and sees nobody it did not provision."""

from __future__ import annotations

from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.scim import SCIM_JSON, USER_SCHEMA, Provider, is_scim_error, registered, unique_email, user_body


def test_a_provisioned_person_is_answered_as_scim_shows_a_user(provider: Provider) -> None:
    email = unique_email()
    response = provider.http.post("/Users", json=user_body(email, externalId="00u1abcd"))
    assert response.status_code == 201, response.text
    assert response.headers["content-type"].startswith(SCIM_JSON)
    user = response.json()
    assert user["schemas"] == [USER_SCHEMA]
    assert (user["userName"], user["externalId"], user["displayName"], user["active"]) == (
        email, "00u1abcd", "Barbara Jensen", True)
    assert user["name"] == {"formatted": "Barbara Jensen", "givenName": "Barbara", "familyName": "Jensen"}
    assert user["emails"] == [{"value": email, "type": "work", "primary": True}]
    assert response.headers["location"] == user["meta"]["location"]
    assert user["meta"]["location"].endswith(f"/api/v1/scim/v2/Users/{user['id']}")
    assert user["meta"]["resourceType"] == "User"
    assert response.headers["etag"] == user["meta"]["version"] == 'W/"2"'


def test_a_provisioned_person_is_read_back_by_id(provider: Provider) -> None:
    made = provider.create_user()
    response = provider.http.get(f"/Users/{made['id']}")
    assert response.status_code == 200
    assert response.json() == made


def test_a_second_person_with_the_same_user_name_is_refused_as_not_unique(provider: Provider) -> None:
    email = unique_email()
    provider.create_user(email)
    assert is_scim_error(provider.http.post("/Users", json=user_body(email.upper())), 409, "uniqueness")


def test_an_existing_account_is_not_taken_over_by_its_email(provider: Provider, scim_admin: Person) -> None:
    response = provider.http.post("/Users", json=user_body(scim_admin.email))
    assert is_scim_error(response, 409, "uniqueness")
    assert provider.http.get("/Users", params={"filter": f'userName eq "{scim_admin.email}"'}
                             ).json()["totalResults"] == 0


def test_okta_replaces_a_person_with_put(provider: Provider) -> None:
    made = provider.create_user(externalId="00u1")
    email = unique_email("renamed")
    body = {**user_body(email, given="Babs", family="Jensen-Smith"), "id": made["id"], "externalId": "00u1"}
    response = provider.http.put(f"/Users/{made['id']}", json=body)
    assert response.status_code == 200, response.text
    user = response.json()
    assert (user["userName"], user["displayName"], user["emails"][0]["value"]) == (email, "Babs Jensen-Smith", email)


def test_a_put_without_active_deactivates_the_person(provider: Provider) -> None:
    made = provider.create_user()
    body = user_body(made["userName"])
    del body["active"]
    assert provider.http.put(f"/Users/{made['id']}", json=body).json()["active"] is False


def test_deleting_a_person_leaves_them_gone(provider: Provider) -> None:
    made = provider.create_user()
    assert provider.http.delete(f"/Users/{made['id']}").status_code == 204
    assert is_scim_error(provider.http.get(f"/Users/{made['id']}"), 404)
    assert is_scim_error(provider.http.delete(f"/Users/{made['id']}"), 404)


def test_a_provider_sees_nobody_another_provisioned(provider: Provider, scim_server: InProcessServer,
                                                    scim_admin: Person) -> None:
    made = provider.create_user()
    with registered(scim_server, scim_admin, "Entra ID") as other:
        assert is_scim_error(other.http.get(f"/Users/{made['id']}"), 404)
        assert is_scim_error(other.patch(f"/Users/{made['id']}", {"op": "replace", "path": "active",
                                                                   "value": False}), 404)
        assert is_scim_error(other.http.delete(f"/Users/{made['id']}"), 404)
        assert other.http.get("/Users").json()["totalResults"] == 0


def test_a_user_without_a_user_name_is_refused(provider: Provider) -> None:
    body = user_body(unique_email())
    del body["userName"]
    assert is_scim_error(provider.http.post("/Users", json=body), 400, "invalidValue")


def test_a_body_that_is_not_json_is_refused_as_invalid_syntax(provider: Provider) -> None:
    assert is_scim_error(provider.http.post("/Users", content=b"{not json"), 400, "invalidSyntax")


def test_an_unknown_user_id_is_a_scim_not_found(provider: Provider) -> None:
    assert is_scim_error(provider.http.get("/Users/not-an-id"), 404)
    assert is_scim_error(provider.http.get("/Users/3f1b4bd4-4a52-4b8c-a1a5-2b9b1d61f0d1"), 404)


def test_attributes_narrow_what_is_answered(provider: Provider) -> None:
    made = provider.create_user()
    narrow = provider.http.get(f"/Users/{made['id']}", params={"attributes": "userName,name.givenName"}).json()
    assert narrow == {"schemas": [USER_SCHEMA], "id": made["id"], "userName": made["userName"],
                      "name": {"givenName": "Barbara"}}
    wide = provider.http.get(f"/Users/{made['id']}", params={"excludedAttributes": "emails,meta"}).json()
    assert "emails" not in wide and "meta" not in wide and wide["userName"] == made["userName"]


def test_people_are_found_by_user_name_external_id_or_work_email(provider: Provider) -> None:
    email = unique_email()
    made = provider.create_user(email, externalId="ext-42")
    provider.create_user()
    for condition in (f'userName eq "{email.upper()}"', 'externalId eq "ext-42"',
                      f'emails[type eq "work"].value eq "{email}"',
                      f'userName eq "{email}" and externalId eq "ext-42"'):
        found = provider.http.get("/Users", params={"filter": condition}).json()
        assert (found["totalResults"], [u["id"] for u in found["Resources"]]) == (1, [made["id"]]), condition
    assert provider.http.get("/Users", params={"filter": 'externalId eq "EXT-42"'}).json()["totalResults"] == 0


def test_a_filter_not_understood_is_refused_not_ignored(provider: Provider) -> None:
    for condition in ('userName co "a"', 'userName eq "a" or userName eq "b"', 'title eq "boss"', "userName eq"):
        assert is_scim_error(provider.http.get("/Users", params={"filter": condition}), 400, "invalidFilter"), condition


def test_pages_are_one_based_stable_and_counted_in_integers(provider: Provider) -> None:
    made = {provider.create_user()["id"] for _ in range(5)}
    seen = []
    for start in (1, 3, 5):
        listed = provider.http.get("/Users", params={"startIndex": start, "count": 2}).json()
        assert (listed["totalResults"], listed["startIndex"]) == (5, start)
        assert listed["itemsPerPage"] == len(listed["Resources"]) == (2 if start < 5 else 1)
        seen += [user["id"] for user in listed["Resources"]]
    assert sorted(seen) == sorted(made)
    assert [u["id"] for u in provider.http.get("/Users").json()["Resources"]] == seen
    assert provider.http.get("/Users", params={"count": 0}).json()["Resources"] == []
    assert is_scim_error(provider.http.get("/Users", params={"count": "many"}), 400, "invalidValue")


def test_a_change_on_a_stale_etag_is_refused(provider: Provider) -> None:
    made = provider.create_user()
    stale = made["meta"]["version"]
    changed = provider.patch(f"/Users/{made['id']}", {"op": "replace", "path": "displayName", "value": "B. J."},
                             **{"If-Match": stale})
    assert changed.status_code == 200 and changed.headers["etag"] != stale
    again = provider.patch(f"/Users/{made['id']}", {"op": "replace", "path": "displayName", "value": "Babs"},
                           **{"If-Match": stale})
    assert is_scim_error(again, 412)
    assert provider.http.delete(f"/Users/{made['id']}", headers={"If-Match": stale}).status_code == 412
    assert provider.http.get(f"/Users/{made['id']}", headers={"If-None-Match": changed.headers["etag"]}
                             ).status_code == 304
