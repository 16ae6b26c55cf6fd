"""A deleted person's files go with them: the log records each file's deletion and the blob
store no longer holds the bytes; everyone else's stay. ``annals rebuild`` replays the files view
to what is served."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.people import Person, delete_person, member
from tests.e2e.server import AnnalsProcess
from tests.e2e.uploads import PNG, blob_path, text_path, uploaded


def _rebuild(server: AnnalsProcess) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interfaces.cli.main", "rebuild"], env=server.env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_deleting_a_person_destroys_their_files_bytes_and_keeps_everyone_elses(server: AnnalsProcess,
                                                                                   admin: Person):
    ada, bob = member(server, admin, "ada"), member(server, admin, "bob")
    data_dir = Path(server.env["ANNALS_DATA_DIR"])
    adas = [uploaded(ada, "notes.txt", b"ada's notes", "text/plain"),
            uploaded(ada, "dot.png", PNG, "image/png", process=False)]
    bobs = uploaded(bob, "notes.txt", b"bob's notes", "text/plain")
    delete_person(admin, ada.id)
    assert not any(blob_path(data_dir, file["id"]).exists() for file in adas)
    assert not text_path(data_dir, adas[0]["id"]).exists() and text_path(data_dir, bobs["id"]).exists()
    listed = [file["id"] for file in admin.http.get("/api/v1/files/").json()["items"]]
    assert not {file["id"] for file in adas} & set(listed) and bobs["id"] in listed
    assert bob.http.get(f"/api/v1/files/{bobs['id']}/content").content == b"bob's notes"
    history = admin.http.get(f"/api/v1/events/aggregates/{adas[0]['id']}").json()["events"]
    assert history[-1]["data"]["reason"] == "its owner's account was deleted"


def test_a_rebuild_replays_the_files_view_to_what_is_served(server: AnnalsProcess, admin: Person):
    file = uploaded(admin, "kept.txt", b"still here", "text/plain")
    admin.http.delete(f"/api/v1/files/{uploaded(admin, 'gone.txt', b'gone', 'text/plain')['id']}")
    before = admin.http.get("/api/v1/files/").json()
    result = _rebuild(server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "files:" in result.stdout and "DIFFERENT" not in result.stdout
    assert admin.http.get("/api/v1/files/").json() == before
    assert admin.http.get(f"/api/v1/files/{file['id']}/content").content == b"still here"

