"""The Analytics page's chart: replies (or their tokens) per model in each interval, as Open WebUI
0.12.4 buckets them, and the previous period of the same length beside them when comparing.

Open WebUI labels intervals in the server's local time and the app reads a label as a date of the
browser's calendar; Annals labels them in the admin's own time zone (the one the app reports), so
the chart's hours are the admin's. The database puts each reply in its interval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal_column, select

from projections.usage import clock
from projections.usage.analytics import AnalyticsQueries, Scope
from projections.usage.stated import EARLIEST, SKEW

MINUTES = {"10m": 10, "hourly": 60, "3h": 180, "6h": 360, "daily": 1440}
Buckets = dict[str, dict[str, int]]


@dataclass(frozen=True)
class Series:
    granularity: str
    by_tokens: bool
    tz: ZoneInfo
    now: int

    @property
    def step(self) -> int:
        return MINUTES[self.granularity] * 60

    @property
    def pattern(self) -> str:
        return "%Y-%m-%d" if self.granularity == "daily" else "%Y-%m-%d %H:%M"

    def over_time(self, analytics: AnalyticsQueries, scope: Scope, shift: int = 0) -> Buckets:
        """Each interval's figures per model; replies are moved ``shift`` seconds later first, so a
        previous period falls in the intervals of the one it is compared with."""
        rows = analytics.rows(self._statement(analytics, scope, shift))
        buckets: Buckets = {}
        for local, model_id, value in rows:
            buckets.setdefault(clock.label(local, self.pattern), {})[model_id] = int(value)
        if scope.start and scope.end:
            for local in range(self._local(self._plausible(scope.start) + shift) // self.step * self.step,
                               self._local(self._plausible(scope.end) + shift) + 1, self.step):
                buckets.setdefault(clock.label(local, self.pattern), {})
        return buckets

    def compared(self, buckets: Buckets, previous: Buckets, start: int, end: int) -> list[dict[str, Any]]:
        """Every interval with its part of ``start``..``end`` and the same part of the period before."""
        duration = end - start + 1
        entries = []
        for date, models in sorted(buckets.items()):
            begins = datetime.fromisoformat(date)
            since = max(start, self._epoch(begins))
            until = min(end + 1, self._epoch(begins + timedelta(seconds=self.step)))
            entries.append({"date": date, "models": models, "start": self._iso(since), "end": self._iso(until),
                            "previous": {"models": previous.get(date, {}), "start": self._iso(since - duration),
                                         "end": self._iso(until - duration)}})
        return entries

    def _statement(self, analytics: AnalyticsQueries, scope: Scope, shift: int) -> Any:
        m = analytics.messages.c
        span = ((scope.start or EARLIEST) + shift - clock.DAY, (scope.end or self.now + SKEW) + shift + clock.DAY)
        local = clock.local(self.tz, *span, m.created_at + shift)
        tokens = func.coalesce(m.input_tokens, 0) + func.coalesce(m.output_tokens, 0)
        value = tokens if self.by_tokens else literal_column("1")
        replies = analytics.replies(scope, ((local // self.step) * self.step).label("local"), m.model_id,
                                    value.label("value")).where(m.model_id.is_not(None)).subquery()
        return (select(replies.c.local, replies.c.model_id, func.sum(replies.c.value))
                .group_by(replies.c.local, replies.c.model_id))

    def _plausible(self, timestamp: int) -> int:
        """Open WebUI's reading of a bound: milliseconds as seconds; before 2020 or a day ahead, now."""
        seconds = timestamp // 1000 if timestamp > 10_000_000_000 else timestamp
        return seconds if EARLIEST <= seconds <= self.now + SKEW else self.now

    def _local(self, timestamp: int) -> int:
        return timestamp + clock.offset_at(self.tz, timestamp)

    def _epoch(self, local: datetime) -> int:
        return int(local.replace(tzinfo=self.tz).timestamp())

    def _iso(self, timestamp: int) -> str:
        return datetime.fromtimestamp(timestamp, tz=self.tz).replace(tzinfo=None).isoformat()
