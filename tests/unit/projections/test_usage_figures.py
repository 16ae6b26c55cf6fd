"""How the usage view reads what messages state, and how the usage page counts days."""

from __future__ import annotations

import pytest

from projections.usage.days import cumulative, daily, streaks, weekly, zone
from projections.usage.queries import Stamp
from projections.usage.stated import message_time, stated_usage, token_counts

NOW = 1_750_000_000  # 2025-06-15, a Sunday, 15:06 UTC
DAY = 86400


@pytest.mark.parametrize(("usage", "tokens"), [
    ({"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}, (5, 7)),
    ({"input_tokens": 5, "output_tokens": 7}, (5, 7)),
    ({"prompt_eval_count": 5, "eval_count": 7}, (5, 7)),
    ({"prompt_n": 4, "cache_n": 1, "predicted_n": 7}, (5, 7)),
    ({"total_tokens": 3}, (0, 0)),
    ({"prompt_tokens": "lots", "completion_tokens": 1e300}, (0, 2**53)),
    ({}, None), (None, None), ("12 tokens", None),
])
def test_usage_is_read_under_each_upstreams_names(usage, tokens):
    assert token_counts(usage) == tokens


def test_an_older_reply_states_its_usage_in_its_info():
    assert stated_usage({"info": {"usage": {"eval_count": 2}}}) == {"eval_count": 2}


@pytest.mark.parametrize(("stated", "kept"), [
    (NOW - 60, NOW - 60), ((NOW - 60) * 1000, NOW - 60), (1, NOW), (NOW + 2 * DAY, NOW), ("yesterday", NOW),
    (None, NOW), (True, NOW),
])
def test_a_message_keeps_its_own_time_unless_it_is_implausible(stated, kept):
    assert message_time(stated, NOW) == kept


def test_every_day_of_the_period_is_in_the_heatmap_in_the_persons_time_zone():
    late = Stamp(NOW + 8 * 3600, "c1", "assistant", "echo", 10)  # Monday 01:06 in Paris, Sunday in UTC
    paris = daily([late], (NOW - 2 * DAY, NOW + 8 * 3600), zone("Europe/Paris"), NOW)
    assert [(d["date"], d["messages"], d["models"]) for d in paris] == [
        ("2025-06-13", 0, {}), ("2025-06-14", 0, {}), ("2025-06-15", 0, {}), ("2025-06-16", 1, {"echo": 1})]
    assert daily([late], (NOW, NOW), zone("Nowhere/Atlantis"), NOW)[-1]["date"] == "2025-06-15"


def test_weeks_start_on_monday_and_the_running_total_adds_up():
    days = [{"date": f"2025-06-{n}", "messages": 1, "chats": 1, "tokens": n, "models": {"echo": 1}} for n in (15, 16)]
    assert [(w["date"], w["tokens"]) for w in weekly(days)] == [("2025-06-09", 15), ("2025-06-16", 16)]
    assert cumulative(days)[-1] == {"date": "2025-06-16", "messages": 2, "chats": 2, "tokens": 31,
                                    "models": {"echo": 2}}


def test_the_current_streak_ends_the_period_and_the_longest_is_anywhere():
    days = [{"messages": n} for n in (1, 1, 1, 0, 2, 1)]
    assert streaks(days) == (2, 3)
    assert streaks([*days, {"messages": 0}]) == (0, 3)
