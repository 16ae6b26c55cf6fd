"""USER_PERMISSIONS_CHAT_RATE_RESPONSE off: the app is told, and members' ratings are refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.people import Person, founder, member
from tests.e2e.ratings import chat_with_replies, feedback, rate, rated
from tests.http.app import InProcessServer, in_process


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    with in_process("embedded", tmp_path_factory.mktemp("annals"),
                    {"USER_PERMISSIONS_CHAT_RATE_RESPONSE": "false"}) as app:
        yield app


def test_a_member_may_not_rate_when_chat_rate_response_is_off(strict: InProcessServer) -> None:
    admin = founder(strict)
    ada: Person = member(strict, admin, "ada")
    assert ada.http.get("/api/v1/users/permissions").json()["chat"]["rate_response"] is False
    chat_id, [reply] = chat_with_replies(ada, "m1")
    refused = rate(ada, feedback(chat_id, reply, "m1", 1))
    assert refused.status_code == 401 and "chat.rate_response is off" in refused.json()["detail"]
    assert ada.http.get("/api/v1/evaluations/feedbacks/user").json()["total"] == 0
    assert rated(admin, "m1", 1)["user_id"] == admin.id
