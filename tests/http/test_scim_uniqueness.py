"""A provider's ``userName`` and ``externalId`` name one person each (RFC 7644 3.3: 409 with
``scimType: uniqueness``), on create, replace and patch, and when a provider sends one create
twice at once."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.scim import Provider, is_scim_error, registered, unique_email, user_body

RIVALS = 6


def _handle() -> str:
    return f"bjensen-{uuid.uuid4().hex[:8]}"


def _found(provider: Provider, scim_filter: str) -> int:
    return int(provider.http.get("/Users", params={"filter": scim_filter}).json()["totalResults"])


def test_a_second_person_with_the_same_external_id_is_refused_as_not_unique(provider: Provider) -> None:
    provider.create_user(externalId="00u-same")
    response = provider.http.post("/Users", json=user_body(unique_email(), externalId="00u-same"))
    assert is_scim_error(response, 409, "uniqueness")
    assert _found(provider, 'externalId eq "00u-same"') == 1


def test_an_external_id_differing_only_in_case_names_another_person(provider: Provider) -> None:
    provider.create_user(externalId="00u-Case")
    assert provider.http.post("/Users", json=user_body(unique_email(), externalId="00u-case")).status_code == 201


def test_a_user_name_that_is_not_an_email_is_unique_without_case(provider: Provider) -> None:
    handle = _handle()
    provider.create_user(userName=handle)
    response = provider.http.post("/Users", json=user_body(unique_email(), userName=handle.upper()))
    assert is_scim_error(response, 409, "uniqueness")


def test_a_user_name_that_is_another_persons_email_is_refused(provider: Provider) -> None:
    email = unique_email()
    provider.create_user(email)
    response = provider.http.post("/Users", json=user_body(unique_email(), userName=email))
    assert is_scim_error(response, 409, "uniqueness")
    assert _found(provider, f'userName eq "{email}"') == 1


def test_two_providers_may_each_have_a_person_with_one_external_id(
        provider: Provider, scim_server: InProcessServer, scim_admin: Person) -> None:
    provider.create_user(externalId="00u-shared")
    with registered(scim_server, scim_admin, "Entra ID") as other:
        assert other.http.post("/Users", json=user_body(unique_email(), externalId="00u-shared")).status_code == 201


def test_replacing_a_person_with_anothers_user_name_is_refused_and_changes_nothing(provider: Provider) -> None:
    handle = _handle()
    provider.create_user(userName=handle)
    second = provider.create_user(externalId="00u-second")
    body = {**user_body(unique_email(), userName=handle), "externalId": "00u-second"}
    assert is_scim_error(provider.http.put(f"/Users/{second['id']}", json=body), 409, "uniqueness")
    assert provider.http.get(f"/Users/{second['id']}").json() == second


def test_patching_a_person_to_anothers_external_id_is_refused(provider: Provider) -> None:
    provider.create_user(externalId="00u-taken")
    second = provider.create_user()
    response = provider.patch(f"/Users/{second['id']}", {"op": "replace", "path": "externalId", "value": "00u-taken"})
    assert is_scim_error(response, 409, "uniqueness")
    assert "externalId" not in provider.http.get(f"/Users/{second['id']}").json()


def test_an_identifier_left_behind_is_free_for_someone_else(provider: Provider) -> None:
    handle = _handle()
    first = provider.create_user(userName=handle, externalId="00u-moved")
    provider.patch(f"/Users/{first['id']}", {"op": "replace", "value": {"userName": _handle(), "externalId": "00u-new"}}
                   ).raise_for_status()
    assert provider.http.post("/Users", json=user_body(unique_email(), userName=handle, externalId="00u-moved")
                              ).status_code == 201


def test_a_deleted_persons_identifiers_are_free_again(provider: Provider) -> None:
    handle = _handle()
    first = provider.create_user(userName=handle, externalId="00u-gone")
    assert provider.http.delete(f"/Users/{first['id']}").status_code == 204
    assert provider.http.post("/Users", json=user_body(unique_email(), userName=handle, externalId="00u-gone")
                              ).status_code == 201


def _at_once(provider: Provider, bodies: list[dict[str, object]]) -> list[httpx.Response]:
    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(lambda body: provider.http.post("/Users", json=body), bodies))


def test_one_external_id_created_at_once_from_several_threads_makes_one_person(provider: Provider) -> None:
    answers = _at_once(provider, [user_body(unique_email(), externalId="00u-raced") for _ in range(RIVALS)])
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * (RIVALS - 1)
    assert all(is_scim_error(answer, 409, "uniqueness") for answer in answers if answer.status_code == 409)
    assert _found(provider, 'externalId eq "00u-raced"') == 1


def test_one_user_name_created_at_once_from_several_threads_makes_one_person(provider: Provider) -> None:
    handle = _handle()
    answers = _at_once(provider, [user_body(unique_email(), userName=handle) for _ in range(RIVALS)])
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * (RIVALS - 1)
    assert _found(provider, f'userName eq "{handle}"') == 1


def test_creates_that_lost_a_race_leave_the_store_writable(provider: Provider) -> None:
    """Each lost race aborts a write on a pooled connection of the event store; twelve of them in
    a row once left Postgres connections that answered every later write with a 500."""
    answers: list[int] = []
    for race in range(12):
        raced = _at_once(provider, [user_body(unique_email(), externalId=f"00u-lost-{race}") for _ in range(RIVALS)])
        answers += [answer.status_code for answer in raced]
        answers += [provider.http.post("/Users", json=user_body(unique_email())).status_code for _ in range(3)]
    assert sorted(set(answers)) == [201, 409]
