"""Forgetting a person: afterwards no byte of what they typed or uploaded is left anywhere Annals
writes (database files or a dump of Postgres, the files directory), while everyone else's data is
intact and the log still verifies. Each store gets a deployment of its own: the whole of it is searched."""

from __future__ import annotations

import base64
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import people
from tests.e2e.documents import form, message
from tests.e2e.people import Person
from tests.e2e.uploads import structure_path, uploaded
from tests.http.app import InProcessServer, in_process
from tests.sample_documents import pdf
from tests.stores import STORES
from tests.waiting import wait_for


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    with in_process(request.param, tmp_path_factory.mktemp(f"forgetting-{request.param}")) as app:
        yield app


@pytest.fixture(scope="module")
def admin(server: InProcessServer) -> Person:
    return people.founder(server)


def marker() -> str:
    return f"zqx{uuid.uuid4().hex[:12]}"


def workload(server: InProcessServer, admin: Person, mark: str) -> Person:
    """A person who leaves their mark everywhere: name, chats, messages, tags, folders, files (a PDF's
    structure kept beside its text), ratings, memories (the memories and the files' chunks indexed
    before they are forgotten), their account's info, status and prompt variables (keys as well as
    values)."""
    person = people.member(server, admin, f"{mark}-name")
    for path, body in (("info/update", {mark: 1, "location": f"{mark} place"}),
                       ("status/update", {"status_emoji": f"{mark}e", "status_message": f"{mark} status"}),
                       ("variables/update", {"variables": {mark: f"{mark} value"}})):
        person.http.post(f"/api/v1/users/user/{path}", json=body).raise_for_status()
    folder = person.http.post("/api/v1/folders/", json={"name": f"{mark} folder"})
    assert folder.status_code == 200, folder.text
    chat = person.http.post("/api/v1/chats/new", json=form(
        f"{mark} title", message("q1", f"{mark} question"),
        message("a1", f"{mark} answer", "q1", "assistant", model="m"), tags=[f"{mark}tag"]))
    assert chat.status_code == 200, chat.text
    person.http.post(f"/api/v1/chats/{chat.json()['id']}/tags", json={"name": f"{mark}-label"}).raise_for_status()
    person.http.post(f"/api/v1/chats/{chat.json()['id']}/folder",
                     json={"folder_id": folder.json()["id"]}).raise_for_status()
    file = uploaded(person, f"{mark}.txt", f"{mark} file text".encode(), "text/plain")
    document = uploaded(person, "terms.pdf", pdf(f"{mark} first page", f"{mark} second page"), "application/pdf")
    assert mark.encode() in structure_path(Path(server.settings.data_dir), document["id"]).read_bytes()
    rating = person.http.post("/api/v1/evaluations/feedback", json={
        "type": "rating", "data": {"rating": 1, "model_id": "m", "reason": f"{mark} reason", "comment": f"{mark} c"},
        "meta": {"chat_id": chat.json()["id"], "message_id": "a1"}})
    assert rating.status_code == 200, rating.text
    person.http.post("/api/v1/memories/add", json={"content": f"{mark} memory"}).raise_for_status()
    wait_for(lambda: person.http.post("/api/v1/memories/query", json={"content": mark}).json()["documents"]
             == [[f"{mark} memory"]], timeout=60, what="the memory to be indexed")
    lexical = server.container.retrieval.lexical
    wait_for(lambda: all(lexical.ids_of(f"file-{f['id']}", f["id"]) for f in (file, document)),
             timeout=60, what="the files' chunks to be indexed")
    return person


def forget(admin: Person, person: Person) -> None:
    answer = admin.http.post(f"/api/v1/users/{person.id}/forget")
    assert answer.status_code == 202, answer.text
    monitor = answer.json()["monitor"]
    wait_for(lambda: admin.http.get(monitor).json()["done"], timeout=30, what="the forgetting to be done")


def encodings(text: str) -> list[bytes]:
    raw = text.encode()
    shifted = [base64.b64encode(b"x" * pad + raw)[4 if pad else 0:-4] for pad in range(3)]
    return [raw, text.encode("utf-16-le"), text.encode("utf-16-be"), raw.hex().encode(), *shifted]


def everything_written(server: InProcessServer) -> bytes:
    """Every file under the data directory, and a dump of the Postgres database when there is one."""
    files = b"".join(path.read_bytes() for path in sorted(Path(server.settings.data_dir).rglob("*")) if path.is_file())
    if server.settings.database_url is None:
        return files
    dump = subprocess.run(["pg_dump", "--data-only", server.settings.database_url], capture_output=True, check=True)
    return files + dump.stdout


def hits(haystack: bytes, text: str) -> list[bytes]:
    return [encoded for encoded in encodings(text) if encoded in haystack]


def holders(server: InProcessServer, text: str) -> list[str]:
    """Where ``text`` is found: the files, and the dumped rows (for the failure's message)."""
    found = [str(path) for path in Path(server.settings.data_dir).rglob("*") if path.is_file() and
             hits(path.read_bytes(), text)]
    if server.settings.database_url is not None:
        dump = subprocess.run(["pg_dump", "--data-only", server.settings.database_url], capture_output=True,
                              check=True, text=True)
        found += [line[:300] for line in dump.stdout.splitlines() if text in line]
    return found


def test_a_forgotten_persons_texts_are_nowhere_and_others_are_kept(
        server: InProcessServer, admin: Person, capfd: pytest.CaptureFixture[str]) -> None:
    gone, kept = marker(), marker()
    person, other = workload(server, admin, gone), workload(server, admin, kept)
    assert hits(everything_written(server), kept)  # the search finds what is there
    forget(admin, person)
    written = everything_written(server)
    assert hits(written, gone) == [], holders(server, gone)
    assert hits(written, kept)
    logged = capfd.readouterr()
    assert "request" in logged.err and hits((logged.out + logged.err).encode(), gone) == []  # the log lines too
    folders = other.http.get("/api/v1/folders/").json()
    assert [f["name"] for f in folders] == [f"{kept} folder"]
    chats = other.http.get(f"/api/v1/chats/folder/{folders[0]['id']}/list").json()
    assert [c["title"] for c in chats] == [f"{kept} title"]


def test_a_forgotten_person_can_no_longer_sign_in(server: InProcessServer, admin: Person) -> None:
    person = workload(server, admin, marker())
    forget(admin, person)
    assert people.anonymous(server).post("/api/v1/auths/signin", json={
        "email": person.email, "password": person.password}).status_code == 400
    assert admin.http.get(f"/api/v1/users/{person.id}").status_code == 404


def test_the_log_still_verifies_after_forgetting(server: InProcessServer, admin: Person) -> None:
    forget(admin, workload(server, admin, marker()))
    report = admin.http.get("/api/v1/audit/verify")
    assert report.status_code == 200, report.text
    assert report.json()["intact"], report.json()


def test_a_person_under_legal_hold_is_not_forgotten_and_the_reason_is_given(server: InProcessServer,
                                                                           admin: Person) -> None:
    person = people.member(server, admin, "held")
    placed = admin.http.post(f"/api/v1/users/{person.id}/hold", json={"reason": "litigation 2026-114"})
    assert placed.json() == {"id": person.id, "held": True, "reason": "litigation 2026-114"}
    refused = admin.http.post(f"/api/v1/users/{person.id}/forget")
    assert refused.status_code == 409 and "litigation 2026-114" in refused.json()["detail"]
    assert admin.http.get(f"/api/v1/users/{person.id}").status_code == 200  # nothing was done
    assert admin.http.delete(f"/api/v1/users/{person.id}/hold").json()["held"] is False
    forget(admin, person)


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "x" * 1001}, {"reason": "ok", "until": 1}])
def test_a_hold_needs_a_reason_of_reasonable_length(server: InProcessServer, admin: Person, body: dict) -> None:
    person = people.member(server, admin, "unheld")
    assert admin.http.post(f"/api/v1/users/{person.id}/hold", json=body).status_code == 422
    assert admin.http.get(f"/api/v1/users/{person.id}/hold").json()["held"] is False


def test_members_may_neither_forget_nor_hold(server: InProcessServer, admin: Person) -> None:
    person, other = people.member(server, admin, "one"), people.member(server, admin, "two")
    assert person.http.post(f"/api/v1/users/{other.id}/forget").status_code in (401, 403)
    assert person.http.post(f"/api/v1/users/{other.id}/hold", json={"reason": "x"}).status_code in (401, 403)
    assert admin.http.get(f"/api/v1/users/{other.id}").status_code == 200


def test_nobody_forgets_the_primary_admin_or_themselves_or_no_one(server: InProcessServer, admin: Person) -> None:
    assert admin.http.post(f"/api/v1/users/{admin.id}/forget").status_code == 403
    assert admin.http.post(f"/api/v1/users/{uuid.uuid4()}/forget").status_code == 404
    assert admin.http.post("/api/v1/users/not-an-id/forget").status_code in (400, 404)


def test_forgetting_twice_answers_the_same(server: InProcessServer, admin: Person) -> None:
    person = people.member(server, admin, "twice")
    forget(admin, person)
    forget(admin, person)
