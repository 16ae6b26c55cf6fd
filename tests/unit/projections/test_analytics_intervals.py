"""How the Analytics chart reads a time zone's clock, and how it sets an interval beside the
same stretch of the period before."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from projections.usage.clock import offsets
from projections.usage.series import Series

BERLIN = ZoneInfo("Europe/Berlin")
JANUARY, NEXT_JANUARY = 1735689600, 1767225600  # 2025-01-01 and 2026-01-01, 00:00 UTC
SPRING, AUTUMN = 1743296400, 1761440400  # 2025-03-30 and 2025-10-26, 01:00 UTC


def test_a_zone_with_summer_time_changes_its_offset_twice_a_year():
    assert offsets(BERLIN, JANUARY, NEXT_JANUARY) == [(JANUARY, 3600), (SPRING, 7200), (AUTUMN, 3600)]


def test_utc_keeps_one_offset():
    assert offsets(ZoneInfo("UTC"), JANUARY, NEXT_JANUARY) == [(JANUARY, 0)]


def test_an_interval_is_cut_to_the_period_and_set_beside_the_same_stretch_before():
    series = Series("6h", by_tokens=False, tz=ZoneInfo("UTC"), now=NEXT_JANUARY)
    start, end = JANUARY + 3600, JANUARY + 86400 - 1
    entries = series.compared({"2025-01-01 00:00": {"echo": 2}, "2025-01-01 18:00": {}},
                              {"2025-01-01 00:00": {"echo": 1}}, start, end)
    assert entries == [
        {"date": "2025-01-01 00:00", "models": {"echo": 2}, "start": "2025-01-01T01:00:00",
         "end": "2025-01-01T06:00:00",
         "previous": {"models": {"echo": 1}, "start": "2024-12-31T02:00:00", "end": "2024-12-31T07:00:00"}},
        {"date": "2025-01-01 18:00", "models": {}, "start": "2025-01-01T18:00:00", "end": "2025-01-02T00:00:00",
         "previous": {"models": {}, "start": "2024-12-31T19:00:00", "end": "2025-01-01T01:00:00"}}]
