"""The Analytics chart's intervals, put together by each view store in the admin's local time,
across a change of the clocks (Berlin, 2025-03-30: 02:00 CET became 03:00 CEST at 01:00 UTC)."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from application.chats import commands as c
from application.groups import commands as g
from infrastructure.container import Container
from projections.usage.analytics import Scope
from projections.usage.series import Series
from tests.integration.workload import sign_up
from tests.unit.builders import message, snapshot

CHANGE = 1743296400
BERLIN = ZoneInfo("Europe/Berlin")
NOW = 1750000000


def replies_around_the_change(container: Container) -> None:
    """Two echo replies, at 01:30 CET and 03:30 CEST, with 1 + 2 and 3 + 4 tokens."""
    owner = str(sign_up(container, "ada@example.org"))
    state = snapshot(message("q", timestamp=CHANGE - 1800),
                     message("a", "q", role="assistant", model="echo", timestamp=CHANGE - 1800,
                             usage={"input_tokens": 1, "output_tokens": 2}),
                     message("b", "a", role="assistant", model="echo", timestamp=CHANGE + 1800,
                             usage={"input_tokens": 3, "output_tokens": 4}))
    container.chats.create_chat(c.CreateChat(chat_id=uuid.uuid4(), owner_id=owner, state=state))
    container.runner.catch_up_all()


def test_each_reply_falls_in_its_local_hour(container: Container):
    replies_around_the_change(container)
    series = Series("hourly", by_tokens=False, tz=BERLIN, now=NOW)
    assert series.over_time(container.analytics, Scope()) == {"2025-03-30 01:00": {"echo": 1},
                                                              "2025-03-30 03:00": {"echo": 1}}


def test_a_day_adds_up_the_tokens_of_its_replies(container: Container):
    replies_around_the_change(container)
    series = Series("daily", by_tokens=True, tz=BERLIN, now=NOW)
    assert series.over_time(container.analytics, Scope()) == {"2025-03-30": {"echo": 10}}


def test_a_previous_period_is_shifted_into_the_intervals_it_is_compared_with(container: Container):
    replies_around_the_change(container)
    series = Series("3h", by_tokens=False, tz=BERLIN, now=NOW)
    week = 7 * 86400
    previous = series.over_time(container.analytics, Scope(CHANGE - 3600, CHANGE + 3600), shift=week)
    assert {date: models for date, models in previous.items() if models} == {"2025-04-06 00:00": {"echo": 1},
                                                                             "2025-04-06 03:00": {"echo": 1}}


def test_a_group_counts_the_replies_of_its_members_only(container: Container):
    replies_around_the_change(container)
    ada = container.users.get_user_by_email("ada@example.org")["id"]  # the founder, so an admin
    team, empty = uuid.uuid4(), uuid.uuid4()
    for group_id, name in ((team, "Team"), (empty, "Empty")):
        container.groups.create_group(g.CreateGroup(group_id=group_id, actor_id=ada, name=name, description=""))
    container.groups.add_members(g.AddMembers(group_id=team, actor_id=ada, user_ids=[ada]))
    container.runner.catch_up_all()
    assert container.analytics.summary(Scope(group_id=str(team)))["total_messages"] == 2
    assert container.analytics.summary(Scope(group_id=str(empty)))["total_messages"] == 0
    assert container.analytics.summary(Scope(group_id="no-such-group"))["total_messages"] == 0
