"""The trail's cursor and an export's rows, without a store."""

from __future__ import annotations

import csv
import io
import json

import pytest

from application.audit.exports import COLUMNS, render
from application.audit.trail import BadTrailQueryError, TrailFilter, format_cursor, parse_cursor

CONTEXTS = ["identity", "chats", "audit"]
ENTRY = {"context": "audit", "position": 7, "timestamp": 0.5, "type": "Refusal.Recorded", "aggregate_id": "a",
         "user_id": None, "actor_id": None, "subjects": ["p", "q"], "address": "192.0.2.1",
         "detail": {"reason": "=cmd|' /C calc'!A0"}}


def test_a_cursor_reads_back_as_written():
    assert parse_cursor(format_cursor({"chats": 40, "identity": 12}), CONTEXTS) == {"chats": 40, "identity": 12}


@pytest.mark.parametrize("cursor", ["nowhere:1", "chats", "chats:-1", "chats:1e3"])
def test_a_cursor_that_cannot_be_read_is_refused(cursor: str):
    with pytest.raises(BadTrailQueryError):
        parse_cursor(cursor, CONTEXTS)


def test_a_window_that_ends_before_it_begins_is_refused():
    with pytest.raises(BadTrailQueryError, match="since must not be later than until"):
        TrailFilter(since=2.0, until=1.0)


def test_json_lines_hold_every_column_in_order():
    [line] = render([ENTRY], "jsonl").splitlines()
    assert list(json.loads(line)) == list(COLUMNS) and json.loads(line)["time"] == "1970-01-01T00:00:00.500000+00:00"


def test_csv_cells_hold_lists_spaced_and_details_as_json():
    [row] = list(csv.DictReader(io.StringIO(render([ENTRY], "csv").decode())))
    assert (row["subjects"], row["user_id"], json.loads(row["detail"])) == ("p q", "", ENTRY["detail"])
    assert not row["detail"].startswith(("=", "+", "-", "@"))  # a spreadsheet never reads a formula in it
