"""`annals rebuild` after a mixed workload: every read model replays to exactly what is served."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.documents import conversation, form, message
from tests.e2e.people import Person, delete, founder, member
from tests.e2e.server import AnnalsProcess

VIEWS = ("users", "chats", "event_catalog_identity", "event_catalog_chats")


@pytest.fixture(scope="module")
def workload(server: AnnalsProcess) -> dict[str, dict]:
    """Accounts, chats with edits, branches, tags, shares, flags and deletions; returns the chats
    as the API served them before the rebuild."""
    admin = founder(server)
    ada = member(server, admin, "ada")
    chats = {}
    for n in range(3):
        chat = ada.http.post("/api/v1/chats/new", json=conversation(f"chat {n}")).json()
        chats[chat["id"]] = chat
    first, second, third = list(chats)
    grown = form("renamed", message("q1", "What is an event log?"),
                 message("a1", "An append-only record.", "q1", "assistant", model="llama3"),
                 message("q2", "And a projection?", "a1"))
    ada.http.post(f"/api/v1/chats/{first}", json=grown).raise_for_status()
    ada.http.post(f"/api/v1/chats/{first}/messages/q1", json={"content": "edited"}).raise_for_status()
    ada.http.post(f"/api/v1/chats/{first}/tags", json={"name": "Audit Log"}).raise_for_status()
    ada.http.post(f"/api/v1/chats/{first}/share").raise_for_status()
    ada.http.post(f"/api/v1/chats/{second}/pin").raise_for_status()
    ada.http.post(f"/api/v1/chats/{second}/archive").raise_for_status()
    delete(ada.http, f"/api/v1/chats/{first}/tags", {"name": "Audit Log"}).raise_for_status()
    ada.http.delete(f"/api/v1/chats/{second}/messages/a1").raise_for_status()
    ada.http.delete(f"/api/v1/chats/{third}").raise_for_status()
    admin.http.post("/api/v1/auths/update/timezone", json={"timezone": "Europe/Paris"}).raise_for_status()
    return {"person": ada, "before": {c: ada.http.get(f"/api/v1/chats/{c}").json() for c in (first, second)}}


def _rebuild(server: AnnalsProcess) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interfaces.cli.main", "rebuild"], env=server.env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_rebuild_reports_every_view_equal(server: AnnalsProcess, workload: dict) -> None:
    result = _rebuild(server)
    assert result.returncode == 0, result.stdout + result.stderr
    for view in VIEWS:
        assert f"{view}:" in result.stdout and "DIFFERENT" not in result.stdout


def test_chats_read_the_same_after_a_rebuild(server: AnnalsProcess, workload: dict) -> None:
    _rebuild(server)
    person: Person = workload["person"]
    for chat_id, before in workload["before"].items():
        assert person.http.get(f"/api/v1/chats/{chat_id}").json() == before


def test_the_folders_view_replays_to_what_is_served(server: AnnalsProcess, workload: dict) -> None:
    person: Person = workload["person"]

    def folder(name: str, **more: object) -> str:
        response = person.http.post("/api/v1/folders/", json={"name": name, **more})
        response.raise_for_status()
        return response.json()["id"]

    def listed() -> dict[str, dict]:
        return {f["id"]: f for f in person.http.get("/api/v1/folders/").json()}

    top = folder("Replayed", meta={"icon": "x"})
    person.http.post(f"/api/v1/folders/{folder('Gone')}/update/parent",
                     json={"parent_id": top}).raise_for_status()
    person.http.post(f"/api/v1/folders/{top}/update/expanded", json={"is_expanded": True}).raise_for_status()
    before = listed()
    result = _rebuild(server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "folders:" in result.stdout
    assert listed() == before
