"""The request log names each request's route, never the values in its path: a path may carry what
someone typed (a file's name), and a log line outlives their forgetting."""

from __future__ import annotations

import json

import pytest

from tests.e2e.people import Person
from tests.e2e.uploads import uploaded


def test_a_request_is_logged_by_its_route_and_not_by_what_its_path_holds(
        member: Person, capsys: pytest.CaptureFixture[str]) -> None:
    file = uploaded(member, "notes.txt", b"hello", "text/plain")
    capsys.readouterr()
    answer = member.http.get(f"/api/v1/files/{file['id']}/content/zqx-typed-name.txt")
    assert answer.status_code == 200
    logged = capsys.readouterr().err
    requests = [line for line in map(json.loads, logged.splitlines()) if line.get("event") == "request"]
    assert [line["route"] for line in requests] == ["/api/v1/files/{file_id}/content/{file_name}"]
    assert "zqx-typed-name" not in logged and file["id"] not in logged
