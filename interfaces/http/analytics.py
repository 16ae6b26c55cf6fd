"""/api/v1/analytics: the admin's Analytics page, as Open WebUI 0.12.4 answers it, from the usage view.
Replies are counted up to the last event recorded, by people who are still users."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any, Literal

from litestar import get
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath, FromQuery, Parameter

from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import DAYS, LIMIT, OFFSET, UNIX_TIME, within
from interfaces.http.errors import NOT_FOUND
from projections.chats.projector import ChatViews
from projections.evaluations.queries import FeedbackQueries
from projections.runtime.settling import reads
from projections.usage.analytics import AnalyticsQueries, Scope
from projections.usage.days import zone
from projections.usage.model_chats import ChatOrder, ModelChatQueries
from projections.usage.projector import UsageLedger
from projections.usage.series import Series
from projections.users.projector import UserDirectory

Metric = Literal["messages", "tokens"]
Granularity = Literal["10m", "hourly", "3h", "6h", "daily"]
DATE = Parameter(default=None, **UNIX_TIME)
"""``start_date`` and ``end_date``: seconds since 1970; either may be left out."""


FIGURES = reads(UsageLedger, ChatViews, UserDirectory, as_of_request=True)
"""Every figure counts what was committed before the request: the views are caught up to it."""


@get("/api/v1/analytics/summary", sync_to_thread=True, guards=[admins], opt=FIGURES)
def summary(analytics: NamedDependency[AnalyticsQueries], start_date: int | None = DATE, end_date: int | None = DATE,
            group_id: FromQuery[str | None] = None) -> dict[str, int]:
    return analytics.summary(Scope(start_date, end_date, group_id))


@get("/api/v1/analytics/models", sync_to_thread=True, guards=[admins], opt=FIGURES)
def models(analytics: NamedDependency[AnalyticsQueries], start_date: int | None = DATE, end_date: int | None = DATE,
           group_id: FromQuery[str | None] = None) -> dict[str, Any]:
    return {"models": analytics.models(Scope(start_date, end_date, group_id))}


@get("/api/v1/analytics/users", sync_to_thread=True, guards=[admins], opt=FIGURES)
def users(analytics: NamedDependency[AnalyticsQueries], start_date: int | None = DATE, end_date: int | None = DATE,
          group_id: FromQuery[str | None] = None, limit: int = Parameter(default=50, **LIMIT),
          metric: FromQuery[Metric] = "messages") -> dict[str, Any]:
    scope = Scope(start_date, end_date, group_id)
    return {"users": analytics.users(scope, limit, by_tokens=metric == "tokens")}


@get("/api/v1/analytics/tokens", sync_to_thread=True, guards=[admins], opt=FIGURES)
def tokens(analytics: NamedDependency[AnalyticsQueries], start_date: int | None = DATE, end_date: int | None = DATE,
           group_id: FromQuery[str | None] = None) -> dict[str, Any]:
    per_model = analytics.tokens(Scope(start_date, end_date, group_id))
    input_tokens, output_tokens = sum(m["input_tokens"] for m in per_model), sum(m["output_tokens"] for m in per_model)
    return {"models": per_model, "total_input_tokens": input_tokens, "total_output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens}


@get("/api/v1/analytics/daily", sync_to_thread=True, guards=[admins], opt=FIGURES)
def daily(user: NamedDependency[SessionUser], analytics: NamedDependency[AnalyticsQueries],
          start_date: int | None = DATE,
          end_date: int | None = DATE,
          group_id: FromQuery[str | None] = None, granularity: FromQuery[Granularity] = "daily",
          metric: FromQuery[Metric] = "messages",
          compare: FromQuery[bool] = False) -> dict[str, Any]:
    """Replies (or tokens) per model in each interval, in the admin's time zone; with ``compare``,
    each interval also holds the same stretch of the period of equal length just before."""
    start_date, end_date = _seconds(start_date), _seconds(end_date)
    if compare and (start_date is None or end_date is None or start_date > end_date):
        raise ClientException("Comparison requires a bounded date range")
    series = Series(granularity, metric == "tokens", zone(user.record.get("timezone")), int(time.time()))
    scope = Scope(start_date, end_date, group_id)
    buckets = series.over_time(analytics, scope)
    if not compare or start_date is None or end_date is None:
        return {"data": [{"date": date, "models": models} for date, models in sorted(buckets.items())]}
    duration = end_date - start_date + 1
    before = Scope(start_date - duration, start_date - 1, group_id)
    previous = series.over_time(analytics, before, shift=duration)
    return {"data": series.compared(buckets, previous, start_date, end_date)}


def _seconds(timestamp: int | None) -> int | None:
    """A bound in milliseconds (as some clients send them) read as seconds, as the chart reads it."""
    return timestamp // 1000 if timestamp is not None and timestamp > 10_000_000_000 else timestamp


@get("/api/v1/analytics/models/{asked:path}", sync_to_thread=True, guards=[admins], opt=FIGURES)
def model(model_chats: NamedDependency[ModelChatQueries], feedback_views: NamedDependency[FeedbackQueries],
          asked: FromPath[str],
          start_date: int | None = DATE,
          end_date: int | None = DATE, skip: int = Parameter(default=0, **OFFSET),
          limit: int = Parameter(default=50, **within(0, 100)), order_by: FromQuery[str] = "updated_at",
          direction: FromQuery[str] = "desc",
          days: int = Parameter(default=30, **DAYS)) -> dict[str, Any]:
    """``{model_id}/chats`` and ``{model_id}/overview``; a model's id may hold slashes."""
    model_id, _, part = asked.strip("/").rpartition("/")
    if not model_id or part not in ("chats", "overview"):
        raise NotFoundException(NOT_FOUND)
    if part == "overview":
        return _overview(model_chats, feedback_views, model_id, days)
    order = ChatOrder(order_by, direction == "asc")
    chats, total = model_chats.chats(model_id, Scope(start_date, end_date), order, skip, limit)
    return {"chats": chats, "total": total}


def _overview(model_chats: ModelChatQueries, feedback_views: FeedbackQueries, model_id: str,
              days: int) -> dict[str, Any]:
    """The thumbs up (won) and down (lost) its replies were given on each day of the last ``days``
    (0: since the first, none if never rated), as Open WebUI counts them; the tags are those of the
    chats that used it."""
    now = datetime.now()
    start = now - timedelta(days=days) if days > 0 else None
    counted = feedback_views.daily_outcomes(model_id, int(start.timestamp()) if start else None)
    if start is None and counted:
        start = datetime.strptime(min(counted), "%Y-%m-%d")
    history = []
    while start is not None and start <= now:
        outcomes: dict[str, int] = counted.get(start.strftime("%Y-%m-%d"), {})
        history.append({"date": start.strftime("%Y-%m-%d"), "won": outcomes.get("won", 0),
                        "lost": outcomes.get("lost", 0)})
        start += timedelta(days=1)
    return {"history": history, "tags": model_chats.tags(model_id)}


ROUTES = [summary, models, users, tokens, daily, model]
