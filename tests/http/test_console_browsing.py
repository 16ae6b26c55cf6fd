"""The console's search of the log (filters in the URL, paged by position) and its event pages:
data decoded, [erased] once a person is forgotten, the chain hash; each read of another person's
data recorded as the events API records it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.test_audit_trail import entries
from tests.waiting import wait_for

NEW_CHAT = {"chat": {"title": "secret plans", "history": {"messages": {}, "currentId": None}}}


def _chat_created(admin: Person, person: Person) -> dict[str, str]:
    chat = person.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
    events = admin.http.get("/api/v1/events", params={"aggregate_id": chat["id"], "type": "Chat.Created"}).json()
    return events["events"][0]


def test_a_search_by_person_lists_only_their_events(server: InProcessServer, admin: Person, member: Person):
    created = _chat_created(admin, member)
    admin.http.post("/api/v1/chats/new", json=NEW_CHAT).raise_for_status()
    page = admin.http.get("/console/events", params={"context": "chats", "user_id": member.id})
    assert page.status_code == 200
    assert f"/console/events/chats/{created['position']}" in page.text
    assert set(re.findall(r"/console/people/([0-9a-f-]{36})", page.text.split("<tbody>", 1)[1])) == {member.id}


def test_the_next_page_starts_after_the_last_position_shown(server: InProcessServer, admin: Person,
                                                           member: Person):
    for _ in range(51):
        member.http.post("/api/v1/chats/new", json=NEW_CHAT).raise_for_status()
    first = admin.http.get("/console/events", params={"user_id": member.id})
    last_shown = re.findall(r"/console/events/chats/(\d+)", first.text)[-1]
    assert f"after={last_shown}" in re.search(r'href="(/console/events\?[^"]+)" rel="next"', first.text)[1]


def test_an_event_page_shows_its_metadata_and_chain_hash(server: InProcessServer, admin: Person, member: Person):
    created = _chat_created(admin, member)
    page = admin.http.get(f"/console/events/chats/{created['position']}")
    assert page.status_code == 200 and "Chat.Created" in page.text and member.id in page.text
    assert re.search(r"<code>[0-9a-f]{64}</code>", page.text)


def test_without_the_content_policy_others_texts_are_redacted(server: InProcessServer, admin: Person,
                                                              member: Person):
    created = _chat_created(admin, member)
    page = admin.http.get(f"/console/events/chats/{created['position']}")
    assert "secret plans" not in page.text and "[redacted]" in page.text


def test_an_admins_reading_of_someones_event_is_recorded(open_policy: InProcessServer, open_admin: Person):
    someone = people.member(open_policy, open_admin, "someone")
    created = _chat_created(open_admin, someone)
    path = f"/console/events/chats/{created['position']}"
    assert "secret plans" in open_admin.http.get(path).text
    read = entries(open_admin, person=someone.id, type="Disclosure.Recorded")
    assert [e["actor_id"] for e in read if e["detail"]["path"] == path] == [open_admin.id]


def test_a_forgotten_persons_texts_read_erased(open_policy: InProcessServer, open_admin: Person):
    someone = people.member(open_policy, open_admin, "forgotten")
    created = _chat_created(open_admin, someone)
    monitor = open_admin.http.post(f"/api/v1/users/{someone.id}/forget").json()["monitor"]
    wait_for(lambda: open_admin.http.get(monitor).json()["done"], timeout=30, what="the forgetting to be done")
    page = open_admin.http.get(f"/console/events/chats/{created['position']}")
    assert "secret plans" not in page.text and "[erased]" in page.text


def test_a_search_within_a_time_window_leaves_out_what_came_before(admin: Person, member: Person):
    created = _chat_created(admin, member)
    after_it = datetime.fromtimestamp(created["timestamp"] + 1, UTC).isoformat()
    page = admin.http.get("/console/events", params={"user_id": member.id, "since": after_it})
    assert page.status_code == 200 and f"/console/events/chats/{created['position']}\"" not in page.text
    earlier = admin.http.get("/console/events", params={"user_id": member.id, "until": after_it})
    assert f"/console/events/chats/{created['position']}\"" in earlier.text
