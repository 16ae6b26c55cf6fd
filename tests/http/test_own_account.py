"""What a person keeps on their own account beside their settings: their ``info`` (merged key by
key), their status (shown in the app's user menu and to others) and their prompt variables."""

from __future__ import annotations

from tests.e2e.people import Person
from tests.http.test_users import USER_FIELDS

INFO = "/api/v1/users/user/info"
STATUS = "/api/v1/users/user/status"
VARIABLES = "/api/v1/users/user/variables"


def test_a_person_without_info_reads_none(member: Person) -> None:
    answer = member.http.get(INFO)
    assert answer.status_code == 200 and answer.json() is None


def test_info_updates_merge_key_by_key(member: Person) -> None:
    assert member.http.post(f"{INFO}/update", json={"location": "51.5, -0.1 (lat, long)", "a": 1}).json() == {
        "location": "51.5, -0.1 (lat, long)", "a": 1}
    merged = member.http.post(f"{INFO}/update", json={"location": "48.9, 2.4 (lat, long)", "b": [True]})
    assert merged.status_code == 200, merged.text
    assert merged.json() == {"location": "48.9, 2.4 (lat, long)", "a": 1, "b": [True]}
    assert member.http.get(INFO).json() == merged.json()


def test_info_beyond_its_bound_is_refused_with_the_reason_and_nothing_kept(member: Person) -> None:
    member.http.post(f"{INFO}/update", json={"location": "here"}).raise_for_status()
    refused = member.http.post(f"{INFO}/update", json={"notes": "x" * 17_000})
    assert refused.status_code == 413 and "at most 16384" in refused.json()["detail"]
    assert member.http.get(INFO).json() == {"location": "here"}


def test_info_that_is_not_an_object_is_refused(member: Person) -> None:
    assert member.http.post(f"{INFO}/update", json=["location"]).status_code in (400, 422)


def test_one_persons_info_is_not_anothers(member: Person, admin: Person) -> None:
    member.http.post(f"{INFO}/update", json={"location": "mine"}).raise_for_status()
    admin.http.post(f"{INFO}/update", json={"location": "the admin's"}).raise_for_status()
    assert member.http.get(INFO).json() == {"location": "mine"}


def test_a_status_set_is_the_accounts_and_the_user_menus(member: Person) -> None:
    answer = member.http.post(f"{STATUS}/update", json={"status_emoji": "palm_tree", "status_message": "On leave",
                                                        "status_expires_at": 1_900_000_000})
    assert answer.status_code == 200, answer.text
    assert answer.json().keys() == USER_FIELDS and answer.json()["id"] == member.id
    status = {"status_emoji": "palm_tree", "status_message": "On leave", "status_expires_at": 1_900_000_000}
    assert status.items() <= answer.json().items()
    assert status.items() <= member.http.get(STATUS).json().items()
    assert status.items() <= member.http.get("/api/v1/auths/").json().items()  # what the user menu shows


def test_others_see_a_persons_status_but_cannot_set_it(member: Person, admin: Person) -> None:
    member.http.post(f"{STATUS}/update", json={"status_message": "Deep work"}).raise_for_status()
    admin.http.post(f"{STATUS}/update", json={"status_message": "Around"}).raise_for_status()
    assert member.http.get(f"/api/v1/users/{admin.id}/info").json()["status_message"] == "Around"
    assert admin.http.get(f"/api/v1/users/{member.id}/info").json()["status_message"] == "Deep work"


def test_a_status_left_out_stays_and_an_empty_one_clears(member: Person) -> None:
    member.http.post(f"{STATUS}/update", json={"status_emoji": "coffee", "status_message": "Brewing"})
    kept = member.http.post(f"{STATUS}/update", json={"status_message": "Still brewing"}).json()
    assert (kept["status_emoji"], kept["status_message"]) == ("coffee", "Still brewing")
    cleared = member.http.post(f"{STATUS}/update", json={"status_emoji": "", "status_message": ""}).json()
    assert (cleared["status_emoji"], cleared["status_message"]) == ("", "")


def test_a_status_beyond_its_bounds_is_refused(member: Person) -> None:
    for body in ({"status_message": "x" * 1001}, {"status_emoji": "x" * 101}, {"status_expires_at": -1},
                 {"status": "unknown field"}):
        refused = member.http.post(f"{STATUS}/update", json=body)
        assert refused.status_code in (400, 422) and refused.json()["detail"], body
    assert member.http.get(STATUS).json()["status_message"] is None


def test_variables_start_empty_and_are_replaced_whole(member: Person) -> None:
    assert member.http.get(VARIABLES).json() == {"variables": {}}
    saved = member.http.post(f"{VARIABLES}/update", json={"variables": {"city": "Lyon", "team": "a\r\nb"}})
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"variables": {"city": "Lyon", "team": "a\nb"}}
    assert member.http.post(f"{VARIABLES}/update", json={"variables": {"city": "Nantes"}}).status_code == 200
    assert member.http.get(VARIABLES).json() == {"variables": {"city": "Nantes"}}


def test_variables_are_each_persons_own(member: Person, admin: Person) -> None:
    member.http.post(f"{VARIABLES}/update", json={"variables": {"name_of_pet": "Rex"}}).raise_for_status()
    admin.http.post(f"{VARIABLES}/update", json={"variables": {"name_of_pet": "Tom"}}).raise_for_status()
    assert member.http.get(VARIABLES).json() == {"variables": {"name_of_pet": "Rex"}}


def test_malformed_variables_are_refused_with_the_reason(member: Person) -> None:
    for variables, reason in (({"City": "x"}, "a key is a lower-case letter"), ({"n": 1}, "must be a text"),
                              ({"long": "x" * 20_001}, "at most 20000 characters")):
        refused = member.http.post(f"{VARIABLES}/update", json={"variables": variables})
        assert refused.status_code == 400 and reason in refused.json()["detail"], refused.text
    assert member.http.get(VARIABLES).json() == {"variables": {}}


def test_variables_beyond_their_bound_are_refused(member: Person) -> None:
    variables = {f"v{n}": "x" * 19_000 for n in range(6)}
    refused = member.http.post(f"{VARIABLES}/update", json={"variables": variables})
    assert refused.status_code == 413 and "100000" in refused.json()["detail"]
