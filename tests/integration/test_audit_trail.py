"""The audit trail, read from every context's event catalog, on both stores."""

from __future__ import annotations

import uuid

from application.audit.commands import RecordDisclosure, RecordRefusal
from application.audit.trail import TrailFilter, every_entry
from application.chats.commands import CreateChat
from application.identity.commands import SignIn
from infrastructure.container import Container
from tests.integration.workload import PASSWORD, founding_admin
from tests.unit.builders import snapshot


def trail(container: Container, **filters: str) -> list[dict]:
    container.runner.catch_up_all()
    return list(every_entry(container.trail, TrailFilter(**filters), page_size=3))


class TestAuditTrail:
    def test_a_sign_in_keeps_its_address_and_means(self, container: Container):
        founder = founding_admin(container, "founder@example.org")
        container.identity.sign_in(SignIn(email="founder@example.org", password=PASSWORD, session_id="s-2",
                                          address="198.51.100.7"))
        [entry] = trail(container, type="User.SignedIn")
        assert (entry["actor_id"], entry["address"], entry["detail"]) == (
            str(founder), "198.51.100.7", {"outcome": "success", "means": "password"})

    def test_a_refused_sign_in_keeps_its_address(self, container: Container):
        container.audit.record_refusal(RecordRefusal(kind="sign_in", reason="wrong email or password", method="POST",
                                                     path="/api/v1/auths/signin", status=400, address="192.0.2.9"))
        [entry] = trail(container, type="Refusal.Recorded")
        assert (entry["address"], entry["detail"]["kind"], entry["detail"]["status"]) == ("192.0.2.9", "sign_in", 400)

    def test_an_admins_read_concerns_those_whose_data_it_showed(self, container: Container):
        admin, owners = str(uuid.uuid4()), sorted(str(uuid.uuid4()) for _ in range(2))
        container.audit.record_disclosure(RecordDisclosure(user_id=admin, owners=owners, resource="events",
                                                           path="/api/v1/events"))
        for person in owners:
            [entry] = trail(container, person=person)
            assert (entry["actor_id"], entry["subjects"]) == (admin, owners)
        assert [e["type"] for e in trail(container, person=admin)] == ["Disclosure.Recorded"]

    def test_pages_across_contexts_hold_every_entry_once_in_time_order(self, container: Container):
        owner = founding_admin(container, "owner@example.org", session_id="s-1")
        for n in range(4):
            container.chats.create_chat(CreateChat(chat_id=uuid.uuid4(), owner_id=str(owner),
                                                   state=snapshot(title=f"chat {n}")))
            container.identity.sign_in(SignIn(email="owner@example.org", password=PASSWORD, session_id=f"s-{n + 2}"))
        entries = trail(container, person=str(owner))
        keys = [(e["context"], e["position"]) for e in entries]
        assert len(keys) == len(set(keys)) and {"chats", "identity"} <= {e["context"] for e in entries}
        assert [e["timestamp"] for e in entries] == sorted(e["timestamp"] for e in entries)
        assert len([e for e in entries if e["type"] == "Chat.Created"]) == 4
