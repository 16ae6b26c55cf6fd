"""Day by day figures as Open WebUI's usage page draws them: days in the person's time zone, every
day of the period present, weeks starting on Monday, streaks of days with messages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from projections.usage.queries import Stamp
from projections.usage.stated import EARLIEST, SKEW

Day = dict[str, Any]
FIGURES = ("messages", "chats", "tokens")


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def day_of(timestamp: int, tz: ZoneInfo, now: float) -> str:
    """The date of ``timestamp``; one Open WebUI would take for a mistake (before 2020, or more
    than a day ahead) is today."""
    seconds = timestamp / 1000 if timestamp > 10_000_000_000 else timestamp
    if not EARLIEST <= seconds <= now + SKEW:
        seconds = now
    return datetime.fromtimestamp(seconds, tz=tz).strftime("%Y-%m-%d")


def daily(stamps: Iterable[Stamp], period: tuple[int, int], tz: ZoneInfo, now: float) -> list[Day]:
    days: dict[str, tuple[Counter[str], set[str], Counter[str]]] = {}
    for stamp in stamps:
        counts, chats, models = days.setdefault(day_of(stamp.created_at, tz, now), (Counter(), set(), Counter()))
        counts["messages"] += 1
        counts["tokens"] += stamp.tokens
        chats.add(stamp.chat_id)
        if stamp.role == "assistant" and stamp.model_id:
            models[stamp.model_id] += 1
    for date in _dates(period, tz, now):
        days.setdefault(date, (Counter(), set(), Counter()))
    return [{"date": date, "messages": counts["messages"], "chats": len(chats), "tokens": counts["tokens"],
             "models": dict(models)} for date, (counts, chats, models) in sorted(days.items())]


def weekly(days: list[Day]) -> list[Day]:
    """The days added up by week, each named by its Monday."""
    weeks: dict[str, list[Day]] = {}
    for day in days:
        date = datetime.strptime(str(day["date"]), "%Y-%m-%d")
        weeks.setdefault((date - timedelta(days=date.weekday())).strftime("%Y-%m-%d"), []).append(day)
    return [{"date": week, **_summed(members)} for week, members in sorted(weeks.items())]


def cumulative(days: list[Day]) -> list[Day]:
    """Each day with every day up to it."""
    totals: Counter[str] = Counter()
    models: Counter[str] = Counter()
    running = []
    for day in days:
        totals.update({key: day[key] for key in FIGURES})
        models.update(day["models"])
        running.append({"date": day["date"], **{key: totals[key] for key in FIGURES}, "models": dict(models)})
    return running


def streaks(days: list[Day]) -> tuple[int, int]:
    """``(current, longest)``: the run of days with messages that ends the period, and the longest."""
    longest = run = 0
    for day in days:
        run = run + 1 if _active(day) else 0
        longest = max(longest, run)
    current = 0
    for day in reversed(days):
        if not _active(day):
            break
        current += 1
    return current, longest


def _summed(days: list[Day]) -> Day:
    models: Counter[str] = Counter()
    for day in days:
        models.update(day["models"])
    return {key: sum(day[key] for day in days) for key in FIGURES} | {"models": dict(models)}


def _active(day: Day) -> bool:
    return day["messages"] > 0


def _dates(period: tuple[int, int], tz: ZoneInfo, now: float) -> Iterable[str]:
    current = datetime.strptime(day_of(period[0], tz, now), "%Y-%m-%d")
    last = datetime.strptime(day_of(period[1], tz, now), "%Y-%m-%d")
    while current <= last:
        yield current.strftime("%Y-%m-%d")
        current += timedelta(days=1)
