"""A person's usage statistics (Settings, Usage) after real turns against the fake upstream, whose
usage is known: prompt tokens are the words of every message it is shown, completion tokens the
words of ``echo: <prompt>``. Both stores; ``annals rebuild`` gives the same figures."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.people import Person, founder, member
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import tab
from tests.e2e.spa_turns import send, turn_body, until_inactive
from tests.e2e.upstreams import fake_models, open_annals
from tests.stores import STORES
from tests.upstream.process import UpstreamProcess

SLOW = "echo@delay=0.01"
DAY = 86400


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    with fake_models(tmp_path_factory.mktemp("upstream"), "echo", SLOW) as process:
        yield process


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, upstream: UpstreamProcess,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    with open_annals(request.param, tmp_path_factory.mktemp("annals"), upstream) as process:
        yield process


@pytest.fixture(scope="module")
def ada(server: AnnalsProcess) -> Person:
    """Three turns in two chats, and a third chat deleted after its turn:

    - "hello there" (echo): 2 in, 3 out; then "again please" below it: 2 + 3 + 2 = 7 in, 3 out;
    - "one two three" (echo@delay=0.01): 3 in, 4 out;
    - "gone soon", in the deleted chat: not counted.
    """
    ada = member(server, founder(server), "ada")
    with tab(server, ada.token) as ada_tab:
        def turn(text: str, model: str = "echo", **more: Any) -> dict[str, Any]:
            body = turn_body(ada_tab, text, model=model, background_tasks={}, **more)
            chat_id = send(ada, body)["chat_id"]
            until_inactive(ada_tab, chat_id)
            return body | {"chat_id": chat_id}
        first = turn("hello there")
        turn("again please", chat_id=first["chat_id"], parent_id=first["id"], first=False)
        turn("one two three", model=SLOW)
        gone = turn("gone soon")
    ada.http.delete(f"/api/v1/chats/{gone['chat_id']}").raise_for_status()
    return ada


def usage(person: Person, **period: int) -> dict[str, Any]:
    response = person.http.get("/api/v1/users/usage", params=period)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_totals_count_every_message_and_the_tokens_of_the_replies(ada: Person):
    totals = usage(ada)["totals"]
    assert totals == totals | {
        "lifetime_tokens": 22, "input_tokens": 12, "output_tokens": 10, "peak_daily_tokens": 22,
        "current_streak": 1, "longest_streak": 1, "total_chats": 2, "active_days": 1, "models_used": 2,
        "messages": 6, "user_messages": 3, "assistant_messages": 3}
    assert 0 <= totals["longest_chat_seconds"] < 60


def test_today_in_the_heatmaps_holds_the_messages_chats_tokens_and_models(ada: Person):
    answer = usage(ada)
    today = {"messages": 6, "chats": 2, "tokens": 22, "models": {"echo": 2, SLOW: 1}}
    assert answer["heatmap"][-1] == answer["heatmap"][-1] | today
    assert answer["weekly_heatmap"][-1] == answer["weekly_heatmap"][-1] | today
    assert answer["cumulative_heatmap"][-1] == answer["cumulative_heatmap"][-1] | today
    assert len(answer["heatmap"]) in (730, 731) and sum(day["messages"] for day in answer["heatmap"]) == 6


def test_the_top_models_and_insights_follow_the_replies(ada: Person):
    answer = usage(ada)
    assert answer["top_models"] == [
        {"model_id": "echo", "messages": 2, "input_tokens": 9, "output_tokens": 6, "total_tokens": 15},
        {"model_id": SLOW, "messages": 1, "input_tokens": 3, "output_tokens": 4, "total_tokens": 7}]
    assert answer["insights"] == {"most_used_model": "echo", "average_tokens_per_chat": 11.0,
                                  "average_messages_per_active_day": 6.0, "user_message_share": 50.0,
                                  "assistant_message_share": 50.0}


def test_a_period_without_messages_counts_none_but_keeps_the_lifetime_figures(ada: Person):
    start = int(time.time()) - 30 * DAY
    answer = usage(ada, start_date=start, end_date=start + 7 * DAY)
    assert answer["period"] == {"start_date": start, "end_date": start + 7 * DAY, "days": 8}
    assert (answer["totals"]["messages"], answer["totals"]["lifetime_tokens"], answer["top_models"]) == (0, 22, [])
    assert [day["messages"] for day in answer["heatmap"]] == [0] * len(answer["heatmap"])


def test_a_period_that_ends_before_it_starts_is_refused(ada: Person):
    response = ada.http.get("/api/v1/users/usage", params={"start_date": 2_000_000_000, "end_date": 1_900_000_000})
    assert response.status_code == 400


def test_a_rebuild_gives_the_same_figures(server: AnnalsProcess, ada: Person):
    end = int(time.time())
    before = usage(ada, days=30, end_date=end)
    result = subprocess.run([sys.executable, "-m", "interfaces.cli.main", "rebuild"], env=server.env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0 and "usage:" in result.stdout, result.stdout + result.stderr
    assert usage(ada, days=30, end_date=end) == before and before["totals"]["messages"] == 6
