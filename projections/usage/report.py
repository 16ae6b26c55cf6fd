"""A person's usage statistics (Settings, Usage) in Open WebUI 0.12.4's shape and sense: tokens,
models used, chats and the longest time spent in one are lifetime figures; messages, active days,
the heatmaps, streaks and top models are the period's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from projections.usage import days
from projections.usage.queries import UsageQueries

DAY = 86400
DEFAULT_DAYS = 730


@dataclass(frozen=True)
class Period:
    """Epoch seconds, both ends included."""

    start: int
    end: int

    @classmethod
    def asked(cls, now: int, days: int | None, start: int | None, end: int | None) -> Period:
        """``end`` defaults to now, ``start`` to ``days`` (730) days before it, counting its day."""
        end = end or now
        return cls(start if start is not None else end - ((days or DEFAULT_DAYS) - 1) * DAY, end)

    @property
    def days(self) -> int:
        return max(1, int((self.end - self.start) / DAY) + 1)


def usage_report(queries: UsageQueries, user_id: str, timezone: str | None, period: Period,
                 now: float) -> dict[str, Any]:
    window = (period.start, period.end)
    lifetime, within = queries.tally(user_id), queries.tally(user_id, window)
    heatmap = days.daily(queries.stamps(user_id, window), window, days.zone(timezone), now)
    active_days = sum(1 for day in heatmap if day["messages"])
    top_models = queries.top_models(user_id, window)
    current, longest = days.streaks(heatmap)
    chats, tokens = queries.chat_count(user_id), lifetime.input_tokens + lifetime.output_tokens
    messages = sum(within.roles.values())
    user, assistant = within.roles.get("user", 0), within.roles.get("assistant", 0)
    return {
        "totals": {
            "lifetime_tokens": tokens, "input_tokens": lifetime.input_tokens, "output_tokens": lifetime.output_tokens,
            "peak_daily_tokens": max((day["tokens"] for day in heatmap), default=0),
            "longest_chat_seconds": queries.longest_chat_seconds(user_id), "current_streak": current,
            "longest_streak": longest, "total_chats": chats, "active_days": active_days,
            "models_used": lifetime.models_used, "messages": messages, "user_messages": user,
            "assistant_messages": assistant,
        },
        "heatmap": heatmap, "weekly_heatmap": days.weekly(heatmap), "cumulative_heatmap": days.cumulative(heatmap),
        "insights": {
            "most_used_model": top_models[0]["model_id"] if top_models else None,
            "average_tokens_per_chat": _ratio(tokens, chats),
            "average_messages_per_active_day": _ratio(messages, active_days),
            "user_message_share": _ratio(user, messages, 100),
            "assistant_message_share": _ratio(assistant, messages, 100),
        },
        "top_models": top_models,
        "top_tools": [],
        "period": {"start_date": period.start, "end_date": period.end, "days": period.days},
    }


def _ratio(part: int, whole: int, scale: int = 1) -> float | int:
    return round((part / whole) * scale, 1) if whole else 0
