"""How a person names a point in a log: a position, or an ISO 8601 time (UTC without a zone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from application.audit.as_of import InvalidAsOfError, parse_as_of


def test_a_whole_number_is_a_position():
    assert parse_as_of(" 42 ") == 42


def test_a_time_keeps_its_zone():
    assert parse_as_of("2026-12-05T10:00:00+02:00") == datetime(2026, 12, 5, 10, tzinfo=timezone(timedelta(hours=2)))


def test_a_time_without_a_zone_is_utc():
    assert parse_as_of("2026-12-05T10:00:00") == datetime(2026, 12, 5, 10, tzinfo=UTC)


def test_z_means_utc():
    assert parse_as_of("2026-12-05T10:00:00Z") == datetime(2026, 12, 5, 10, tzinfo=UTC)


@pytest.mark.parametrize("text", ["-1", "last tuesday", "2026-02-30", "", "²", "9" * 5000])
def test_anything_else_is_refused_naming_it(text: str):
    with pytest.raises(InvalidAsOfError, match="as_of"):
        parse_as_of(text)
