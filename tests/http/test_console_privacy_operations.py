"""The console's privacy page: people being forgotten (open until the reaction is done), people
under legal hold, and the retention policy's purges with their proofs. A workspace of its own: a
retention policy must not purge other modules' chats."""

from __future__ import annotations

import re
import time

from tests.e2e import people
from tests.e2e.documents import chat, message
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace
from tests.waiting import wait_for

server, admin = own_workspace("console-privacy")
DAY = 86400


def _row_of(page: str, person_id: str) -> str:
    found = re.search(rf'<tr>(?:(?!</tr>).)*href="/console/people/{person_id}"(?:(?!</tr>).)*</tr>', page, re.DOTALL)
    assert found, f"no row of {person_id}"
    return found[0]


def test_a_person_forgotten_is_listed_and_done_once_the_reaction_is(server: InProcessServer, admin: Person):
    someone = people.member(server, admin, "leaving")
    monitor = admin.http.post(f"/api/v1/users/{someone.id}/forget").json()["monitor"]
    wait_for(lambda: admin.http.get(monitor).json()["done"], timeout=30, what="the forgetting to be done")
    assert "done" in _row_of(admin.http.get("/console/privacy").text, someone.id)


def test_a_person_held_is_listed_until_the_hold_is_lifted(server: InProcessServer, admin: Person):
    someone = people.member(server, admin, "held")
    hold = f"/api/v1/users/{someone.id}/hold"
    admin.http.post(hold, json={"reason": "case 7"}).raise_for_status()
    page = admin.http.get("/console/privacy").text
    assert "case 7" not in _row_of(page.split("<h2>Legal holds</h2>", 1)[1], someone.id)
    admin.http.delete(hold).raise_for_status()
    held = admin.http.get("/console/privacy").text.split("<h2>Legal holds</h2>", 1)[1].split("<h2>", 1)[0]
    assert someone.id not in held


def test_a_retention_run_shows_its_counts_and_the_checkpoints_it_ends_on(server: InProcessServer, admin: Person):
    someone = people.member(server, admin, "archivist")
    when = int(time.time()) - 40 * DAY
    someone.http.post("/api/v1/chats/import", json={"chats": [
        {"chat": chat("Old", message("q1", "Hello?")), "meta": {}, "pinned": False, "archived": False,
         "created_at": when, "updated_at": when}]}).raise_for_status()
    admin.http.post("/api/v1/retention", json={"chat_days": 30}).raise_for_status()
    server.container.retention_purge.apply_due()
    admin.http.post("/api/v1/retention", json={"chat_days": 0}).raise_for_status()
    runs = admin.http.get("/console/privacy").text.split("<h2>Retention</h2>", 1)[1]
    assert "purged 1 chats" in runs and re.search(r"ends on .*Chats \d+", runs, re.DOTALL) and "the proof" in runs


def test_a_member_may_not_see_the_privacy_page(server: InProcessServer, admin: Person):
    member = people.member(server, admin, "curious")
    assert member.http.get("/console/privacy").status_code == 403
