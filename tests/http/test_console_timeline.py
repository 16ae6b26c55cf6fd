"""The console's aggregate timeline: each event with its change, and the aggregate as it was."""

from __future__ import annotations

import html
import re

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.test_audit_trail import entries


def _renamed_chat(person: Person) -> str:
    chat_id = str(person.http.post("/api/v1/chats/new", json=conversation("Before")).json()["id"])
    person.http.post(f"/api/v1/chats/{chat_id}", json=conversation("After")).raise_for_status()
    return chat_id


def _positions(page: str, chat_id: str) -> list[int]:
    return [int(p) for p in re.findall(rf"/console/aggregates/{chat_id}\?at=(\d+)", page)]


def test_the_timeline_shows_each_event_with_what_it_changed(admin: Person):
    chat_id = _renamed_chat(admin)
    page = html.unescape(admin.http.get(f"/console/aggregates/{chat_id}").text)
    assert "Chat.Created" in page and "Chat.Renamed" in page
    assert '"before": "Before"' in page and '"after": "After"' in page


def test_the_aggregate_as_it_was_before_its_rename(admin: Person):
    chat_id = _renamed_chat(admin)
    created_at = _positions(admin.http.get(f"/console/aggregates/{chat_id}").text, chat_id)[0]
    then = html.unescape(admin.http.get(f"/console/aggregates/{chat_id}", params={"at": created_at}).text)
    state = then.split("<h2>As it was", 1)[1].split("</section>", 1)[0]
    assert '"title": "Before"' in state and "After" not in state


def test_a_point_before_the_aggregate_was_recorded_says_so(admin: Person):
    chat_id = _renamed_chat(admin)
    page = admin.http.get(f"/console/aggregates/{chat_id}", params={"at": "2001-01-01T00:00:00"})
    assert page.status_code == 200 and "did not exist yet" in html.unescape(page.text)


def test_an_unknown_aggregate_is_not_found(admin: Person):
    assert admin.http.get("/console/aggregates/00000000-0000-0000-0000-000000000000").status_code == 404


def test_someones_timeline_is_redacted_without_the_content_policy(admin: Person, member: Person):
    page = admin.http.get(f"/console/aggregates/{_renamed_chat(member)}").text
    assert "Before" not in page and "[redacted]" in page


def test_reading_someones_timeline_is_recorded(open_policy: InProcessServer, open_admin: Person):
    someone = people.member(open_policy, open_admin, "someone")
    path = f"/console/aggregates/{_renamed_chat(someone)}"
    assert "Before" in open_admin.http.get(path).text
    read = entries(open_admin, person=someone.id, type="Disclosure.Recorded")
    assert [e["actor_id"] for e in read if e["detail"]["path"] == path] == [open_admin.id]
