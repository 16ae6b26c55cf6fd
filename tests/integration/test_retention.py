"""Retention: what a workspace's policy says is due is purged by the sweep, through the ordinary
deletions (so erasure follows), holds win, and each purge leaves its proof in the audit trail."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from application.audit.commands import RecordRefusal
from application.audit.trail import TrailFilter
from application.chats import commands as c
from application.chats import copy_commands as cc
from application.files.commands import UploadFile
from application.identity.commands import LiftHold, PlaceHold
from application.retention.commands import SetRetentionPolicy
from domain.audit.refusal import Refusal
from domain.chats.chat import Chat
from domain.privacy.personal_fields import ERASED
from domain.retention.policy import RETENTION_POLICY_ID, RetentionPolicy
from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.settings import Settings
from tests.integration.test_erasure import DAY, texts_as_read_afresh
from tests.integration.threads import all_at_once
from tests.integration.workload import founding_admin, sign_up
from tests.unit.builders import message, snapshot

APPLIED = "RetentionPolicy.Applied"


def policy(container: Container, admin: uuid.UUID, **days: int) -> None:
    container.retention.set_policy(SetRetentionPolicy(actor_id=str(admin), days=days))


def chat_updated(container: Container, owner: uuid.UUID, days_ago: float) -> uuid.UUID:
    """A chat last updated ``days_ago`` (an import keeps the times it had where it was exported)."""
    when = int(time.time() - days_ago * DAY)
    state = snapshot(message("q1", content="first secret"), title="A secret title")
    result = container.chats.import_chats(cc.ImportChats(owner_id=str(owner), keys=(uuid.uuid4().hex,), chats=(
        cc.ChatCopy(state=state, created_at=when, updated_at=when),)))
    return result.chat_ids[0]


def proofs(container: Container) -> list[RetentionPolicy.Applied]:
    events = container.audit.repository.event_store.get(RETENTION_POLICY_ID)
    return [event for event in events if isinstance(event, RetentionPolicy.Applied)]


def purge(container: Container, now: float | None = None) -> int | None:
    run = container.retention_purge.apply_due(now)
    container.runner.catch_up_all()
    return run


@pytest.fixture
def admin(container: Container) -> uuid.UUID:
    return founding_admin(container, "admin@example.org")


def test_a_chat_untouched_past_its_days_is_deleted_and_cannot_be_read_back(container: Container,
                                                                          admin: uuid.UUID) -> None:
    owner = sign_up(container, "owner@example.org")
    old = chat_updated(container, owner, days_ago=40)
    policy(container, admin, chats=30)
    assert purge(container) == 1
    assert container.chat_views.get_chat(str(old)) is None
    assert set(texts_as_read_afresh(container, old).values()) == {ERASED}


def test_a_chat_touched_within_its_days_is_kept(container: Container, admin: uuid.UUID) -> None:
    owner = sign_up(container, "owner@example.org")
    touched, fresh = chat_updated(container, owner, days_ago=40), chat_updated(container, owner, days_ago=10)
    container.chats.update_chat(c.UpdateChat(chat_id=touched, actor_id=str(owner), state=snapshot(
        message("q1", content="first secret"), message("q2", "q1", content="asked again"), title="A secret title")))
    policy(container, admin, chats=30)
    assert purge(container) is None
    assert container.chat_views.get_chat(str(touched)) is not None
    assert texts_as_read_afresh(container, fresh)["title"] == "A secret title"


def test_a_held_persons_chats_are_kept_until_the_hold_is_lifted(container: Container, admin: uuid.UUID) -> None:
    held, other = sign_up(container, "held@example.org"), sign_up(container, "other@example.org")
    container.identity.place_hold(PlaceHold(actor_id=admin, user_id=held, reason="case 2026-114"))
    kept, gone = chat_updated(container, held, days_ago=40), chat_updated(container, other, days_ago=40)
    policy(container, admin, chats=30)
    purge(container)
    assert texts_as_read_afresh(container, kept)["title"] == "A secret title"
    assert (proofs(container)[0].chat_ids, proofs(container)[0].held["chats"]) == ([str(gone)], 1)
    container.identity.lift_hold(LiftHold(actor_id=admin, user_id=held))
    purge(container)
    assert texts_as_read_afresh(container, kept)["title"] == ERASED


def test_each_purge_leaves_its_proof_in_the_audit_trail(container: Container, admin: uuid.UUID) -> None:
    owner = sign_up(container, "owner@example.org")
    gone = [chat_updated(container, owner, days_ago=40) for _ in range(2)]
    policy(container, admin, chats=30)
    purge(container)
    [entry] = container.trail.page(TrailFilter(type=APPLIED), {}, 10).entries
    [proof] = proofs(container)
    assert (entry["aggregate_id"], proof.revision, proof.counts) == (
        str(RETENTION_POLICY_ID), 1, {"chats": 2, "files": 0, "audit": 0})
    assert sorted(proof.chat_ids) == sorted(map(str, gone))
    assert proof.positions["Chats"] >= container.chats.position - 1 and set(proof.checkpoint_digests) >= {"Chats"}


def test_files_uploaded_past_their_days_are_erased(container: Container, admin: uuid.UUID) -> None:
    owner = sign_up(container, "owner@example.org")
    file_id = uuid.uuid4()
    container.files.upload_file(UploadFile(file_id=file_id, owner_id=str(owner), name="secret.txt",
                                           content_type="text/plain", data=b"secret bytes", metadata={}, process=False))
    policy(container, admin, files=30)
    assert purge(container, now=time.time() + 20 * DAY) is None
    purge(container, now=time.time() + 31 * DAY)
    assert container.file_views.get_file(str(file_id)) is None
    assert proofs(container)[0].file_ids == [str(file_id)]


def test_audit_records_past_their_days_lose_their_texts(container: Container, admin: uuid.UUID) -> None:
    container.audit.record_refusal(RecordRefusal(kind="sign_in", reason="wrong email or password", method="POST",
                                                 path="/api/v1/auths/signin", status=400, address="192.0.2.1",
                                                 email="typed@example.org"))
    policy(container, admin, audit=7)
    purge(container, now=time.time() + 8 * DAY)
    [refusal] = [e for e in container.audit.repository.event_store.get(uuid.UUID(proofs(container)[0].audit_ids[0]))
                 if isinstance(e, Refusal.Recorded)]
    assert (refusal.email, refusal.address, refusal.status) == (ERASED, ERASED, 400)
    assert purge(container, now=time.time() + 9 * DAY) is None  # each record is purged once


def test_a_run_decided_and_cut_short_is_finished_by_the_next_sweep(container: Container, admin: uuid.UUID) -> None:
    owner = sign_up(container, "owner@example.org")
    old = chat_updated(container, owner, days_ago=40)
    policy(container, admin, chats=30)
    decided = container.retention_purge.decide(time.time())  # and the process stops there
    assert decided is not None and container.chat_views.get_chat(str(old)) is not None
    assert purge(container) == decided.run
    assert container.chat_views.get_chat(str(old)) is None and len(proofs(container)) == 1


@pytest.fixture
def twin(settings: Settings) -> Iterator[Container]:
    """A second process on the same stores."""
    container = build_container(settings, role="cli")
    yield container
    container.close()


def test_two_sweeps_at_once_purge_once(container: Container, twin: Container, admin: uuid.UUID) -> None:
    owner = sign_up(container, "owner@example.org")
    old = [chat_updated(container, owner, days_ago=40) for _ in range(3)]
    policy(container, admin, chats=30)
    assert all_at_once(lambda n: (container, twin)[n % 2].retention_purge.apply_due(), threads=4) == []
    [proof] = proofs(container)
    assert sorted(proof.chat_ids) == sorted(map(str, old))
    deletions = [e for chat in old for e in container.chats.repository.event_store.get(chat)
                 if isinstance(e, Chat.Deleted)]
    assert len(deletions) == 3
