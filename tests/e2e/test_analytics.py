"""The admin's Analytics page after real turns against the fake upstream, whose usage is known:
prompt tokens are the words of every message it is shown, completion tokens the words of
``echo: <prompt>``. Both stores."""

from __future__ import annotations

import time
from collections import Counter
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
PAGES = ["summary", "models", "users", "tokens", "daily", "models/echo/chats", "models/echo/overview"]


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
def admin(server: AnnalsProcess) -> Person:
    return founder(server)


def turn(server: AnnalsProcess, person: Person, text: str, model: str = "echo", **more: Any) -> dict[str, Any]:
    with tab(server, person.token) as person_tab:
        body = turn_body(person_tab, text, model=model, background_tasks={}, **more)
        chat_id = send(person, body)["chat_id"]
        until_inactive(person_tab, chat_id)
    return body | {"chat_id": chat_id}


@pytest.fixture(scope="module")
def gone(server: AnnalsProcess, admin: Person) -> Person:
    """Bob's reply (1 in, 2 out, echo) was counted until the admin deleted him."""
    bob = member(server, admin, "bob")
    turn(server, bob, "hi")
    assert analytics(admin, "summary")["total_users"] == 1
    admin.http.delete(f"/api/v1/users/{bob.id}").raise_for_status()
    return bob


@pytest.fixture(scope="module")
def ada(server: AnnalsProcess, admin: Person, gone: Person) -> Person:
    """Three replies in two chats, the first chat tagged "work":

    - "hello there" (echo): 2 in, 3 out; then "again please" below it: 2 + 3 + 2 = 7 in, 3 out;
    - "one two three" (echo@delay=0.01): 3 in, 4 out.
    """
    ada = member(server, admin, "ada")
    first = turn(server, ada, "hello there")
    turn(server, ada, "again please", chat_id=first["chat_id"], parent_id=first["id"], first=False)
    turn(server, ada, "one two three", model=SLOW)
    ada.http.post(f"/api/v1/chats/{first['chat_id']}/tags", json={"name": "work"}).raise_for_status()
    return ada


def analytics(person: Person, page: str, **params: Any) -> Any:
    response = person.http.get(f"/api/v1/analytics/{page}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def added(buckets: list[dict[str, Any]]) -> dict[str, int]:
    """The figures of a few intervals together (a test may run across an hour or a day)."""
    return dict(sum((Counter(bucket["models"]) for bucket in buckets), Counter()))


def test_the_config_shows_the_analytics_page(admin: Person):
    assert admin.http.get("/api/config").json()["features"]["enable_admin_analytics"] is True


def test_the_summary_counts_replies_chats_models_and_people(admin: Person, ada: Person):
    assert analytics(admin, "summary") == {"total_messages": 3, "total_chats": 2, "total_models": 2, "total_users": 1}


def test_the_models_count_their_replies_people_and_chats(admin: Person, ada: Person):
    assert analytics(admin, "models") == {"models": [
        {"model_id": "echo", "count": 2, "unique_users": 1, "unique_chats": 1},
        {"model_id": SLOW, "count": 1, "unique_users": 1, "unique_chats": 1}]}


def test_the_tokens_add_up_per_model_and_in_all(admin: Person, ada: Person):
    assert analytics(admin, "tokens") == {
        "models": [{"model_id": "echo", "input_tokens": 9, "output_tokens": 6, "total_tokens": 15, "message_count": 2},
                   {"model_id": SLOW, "input_tokens": 3, "output_tokens": 4, "total_tokens": 7, "message_count": 1}],
        "total_input_tokens": 12, "total_output_tokens": 10, "total_tokens": 22}


def test_the_people_are_ranked_with_their_names_and_tokens(admin: Person, ada: Person):
    assert analytics(admin, "users", metric="tokens") == {"users": [
        {"user_id": ada.id, "name": "ada", "email": ada.email, "count": 3,
         "input_tokens": 12, "output_tokens": 10, "total_tokens": 22}]}


def test_a_deleted_persons_replies_are_not_counted(admin: Person, ada: Person, gone: Person):
    assert gone.id not in {user["user_id"] for user in analytics(admin, "users")["users"]}
    assert analytics(admin, "models/echo/chats")["total"] == 1


def test_a_period_without_replies_counts_none(admin: Person, ada: Person):
    start = int(time.time()) - 30 * DAY
    period = {"start_date": start, "end_date": start + 7 * DAY}
    assert analytics(admin, "summary", **period) == {"total_messages": 0, "total_chats": 0, "total_models": 0,
                                                     "total_users": 0}
    assert (analytics(admin, "models", **period),
            analytics(admin, "tokens", **period)["total_tokens"]) == ({"models": []}, 0)


def test_the_chart_has_every_hour_of_the_period_with_the_replies_in_theirs(admin: Person, ada: Person):
    now = int(time.time())
    data = analytics(admin, "daily", start_date=now - DAY, end_date=now, granularity="hourly", metric="tokens")["data"]
    assert len(data) in (25, 26) and [bucket["date"][-3:] for bucket in data] == [":00"] * len(data)
    assert added(data[-2:]) == {"echo": 15, SLOW: 7} and all(not bucket["models"] for bucket in data[:-2])


def test_the_chart_compares_each_interval_with_the_period_before(admin: Person, ada: Person):
    now = int(time.time())
    data = analytics(admin, "daily", start_date=now - 7 * DAY + 1, end_date=now, compare="true")["data"]
    assert len(data) in (7, 8) and added(data[-2:]) == {"echo": 2, SLOW: 1}
    assert [bucket["previous"]["models"] for bucket in data] == [{}] * len(data)
    assert data[0]["start"] < data[0]["end"] and data[0]["previous"]["end"] < data[0]["start"]


def test_comparing_needs_a_bounded_period(admin: Person, ada: Person):
    assert admin.http.get("/api/v1/analytics/daily", params={"compare": "true"}).status_code == 400


def test_a_model_lists_the_chats_that_used_it_with_their_owners(admin: Person, ada: Person):
    chats = analytics(admin, "models/echo/chats")
    chat = ada.http.get(f"/api/v1/chats/{chats['chats'][0]['chat_id']}").json()
    assert chats == {"total": 1, "chats": [{"chat_id": chat["id"], "user_id": ada.id, "user_name": "ada",
                                            "first_message": chat["title"], "updated_at": chat["updated_at"]}]}


def test_a_models_overview_has_its_chats_tags_and_no_ratings(admin: Person, ada: Person):
    overview = analytics(admin, "models/echo/overview", days=7)
    assert overview["tags"] == [{"tag": "work", "count": 1}]
    assert len(overview["history"]) == 8 and {(day["won"], day["lost"]) for day in overview["history"]} == {(0, 0)}


def test_a_model_whose_id_holds_slashes_is_found_and_an_unknown_part_is_not(admin: Person, ada: Person):
    assert analytics(admin, "models/team%2Fecho/chats") == {"chats": [], "total": 0}
    assert analytics(admin, "models/team%2Fecho/overview", days=0) == {"history": [], "tags": []}
    assert admin.http.get("/api/v1/analytics/models/echo/feedback").status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_members_are_refused(ada: Person, page: str):
    assert ada.http.get(f"/api/v1/analytics/{page}").status_code == 401
