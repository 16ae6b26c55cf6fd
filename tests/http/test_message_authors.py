"""A person's messages carry who wrote them (``user_id``, ``user``) as Open WebUI's do, whichever
way they reach a chat; the model's replies do not."""

from __future__ import annotations

from tests.e2e.documents import form, message
from tests.e2e.people import Person
from tests.http.chats import create


def test_a_saved_message_without_an_author_is_the_savers(member: Person) -> None:
    saved = create(member)["chat"]["history"]["messages"]
    assert (saved["q1"]["user_id"], saved["q1"]["user"]) == (member.id, {"id": member.id, "name": "member"})
    assert "user" not in saved["a1"]


def test_a_message_claiming_someone_else_is_the_savers(member: Person, admin: Person) -> None:
    claimed = message("q1", "mine?", user_id=admin.id, user={"id": admin.id, "name": "admin"})
    saved = create(member, form("Claims", claimed))["chat"]["history"]["messages"]["q1"]
    assert (saved["user_id"], saved["user"]["id"]) == (member.id, member.id)


def test_an_update_keeps_the_authors_the_app_sends(member: Person) -> None:
    chat = create(member)
    again = member.http.post(f"/api/v1/chats/{chat['id']}", json={"chat": chat["chat"]}).json()
    assert again["chat"]["history"]["messages"]["q1"]["user"] == chat["chat"]["history"]["messages"]["q1"]["user"]
