"""The console's privacy pages: a person's hold, forgetting and subject-access archive, whose
buttons call the privacy API."""

from __future__ import annotations

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.test_audit_trail import entries


def test_a_search_by_name_lists_the_person(admin: Person, member: Person):
    page = admin.http.get("/console/people", params={"q": member.email}).text
    assert f'href="/console/people/{member.id}"' in page


def test_a_search_by_id_opens_the_persons_page(admin: Person, member: Person):
    sent = admin.http.get("/console/people", params={"q": member.id})
    assert sent.headers["location"] == f"/console/people/{member.id}"


def test_a_held_person_shows_the_reason_and_a_way_to_lift_it(admin: Person, member: Person):
    admin.http.post(f"/api/v1/users/{member.id}/hold", json={"reason": "case 14"}).raise_for_status()
    page = admin.http.get(f"/console/people/{member.id}").text
    assert "held: case 14" in page and f'data-call="DELETE /api/v1/users/{member.id}/hold"' in page


def test_a_person_not_held_may_be_held_or_forgotten_with_confirmation(admin: Person, member: Person):
    page = admin.http.get(f"/console/people/{member.id}").text
    assert f'data-call="POST /api/v1/users/{member.id}/hold"' in page
    forget = page.split(f'data-call="POST /api/v1/users/{member.id}/forget"', 1)[1].split(">", 1)[0]
    assert "data-confirm=" in forget


def test_without_the_content_policy_the_archive_is_the_operators_to_make(admin: Person, member: Person):
    page = admin.http.get(f"/console/people/{member.id}").text
    assert f"/api/v1/users/{member.id}/export" not in page and "annals export-person" in page


def test_with_the_content_policy_the_archive_is_exported_from_the_page(open_policy: InProcessServer,
                                                                        open_admin: Person):
    someone = people.member(open_policy, open_admin, "someone")
    page = open_admin.http.get(f"/console/people/{someone.id}").text
    assert f'data-export="/api/v1/users/{someone.id}/export"' in page and "data-export-progress" in page


def test_opening_someones_page_is_recorded(admin: Person, member: Person):
    path = f"/console/people/{member.id}"
    admin.http.get(path).raise_for_status()
    read = entries(admin, person=member.id, type="Disclosure.Recorded")
    assert [(e["actor_id"], e["detail"]["resource"]) for e in read if e["detail"]["path"] == path] == [
        (admin.id, "console accounts")]


def test_listing_people_records_whose_accounts_were_shown(admin: Person, member: Person):
    admin.http.get("/console/people", params={"q": member.email}).raise_for_status()
    read = entries(admin, person=member.id, type="Disclosure.Recorded")
    assert [e["actor_id"] for e in read if e["detail"]["path"] == "/console/people"] == [admin.id]


def test_a_forgotten_person_offers_nothing_more_to_do(open_policy: InProcessServer, open_admin: Person):
    someone = people.member(open_policy, open_admin, "gone")
    open_admin.http.post(f"/api/v1/users/{someone.id}/forget").raise_for_status()
    page = open_admin.http.get(f"/console/people/{someone.id}").text
    assert "forgotten, or never was" in page and "/forget" not in page


def test_a_member_may_not_open_a_persons_page(member: Person, admin: Person):
    assert member.http.get(f"/console/people/{admin.id}").status_code == 403
