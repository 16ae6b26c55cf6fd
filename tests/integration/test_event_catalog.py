"""The event catalog attributes every event to the person it concerns, for the admin's event API."""

from __future__ import annotations

import uuid

from application.chats.commands import CreateChat, TagChat
from application.identity.commands import DeleteUser
from infrastructure.container import Container
from projections.event_catalog.disclosure import Viewer
from projections.event_catalog.queries import EventFilter
from tests.integration.workload import founding_admin, sign_up
from tests.unit.builders import snapshot


def people_of(container: Container, context: str, event_type: str) -> list[str | None]:
    container.runner.catch_up_all()
    events = container.events.list_events(EventFilter(context=context, type=event_type), Viewer("auditor", True))
    return [event["user_id"] for event in events]


class TestEventCatalog:
    def test_a_chats_events_are_attributed_to_its_owner(self, container: Container):
        owner, chat_id = str(uuid.uuid4()), uuid.uuid4()
        container.chats.create_chat(CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot()))
        container.chats.tag_chat(TagChat(chat_id=chat_id, actor_id=owner, name="work"))
        assert people_of(container, "chats", "Chat.Tagged") == [owner]

    def test_an_accounts_events_are_attributed_to_the_account(self, container: Container):
        founder = sign_up(container, "founder@example.org", session_id="s-1")
        assert people_of(container, "identity", "User.SignedIn") == [str(founder)]

    def test_an_email_address_is_attributed_to_whoever_holds_it_at_the_time(self, container: Container):
        founder = founding_admin(container, "founder@example.org")
        holders = []
        for _ in range(2):
            holders.append(sign_up(container, "shared@example.org"))
            container.identity.delete_user(DeleteUser(actor_id=founder, user_id=holders[-1]))
        assert people_of(container, "identity", "EmailIndex.Released") == [str(h) for h in holders]
