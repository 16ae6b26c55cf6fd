"""A poison event (one a view cannot apply) costs its view that event, never the workspace."""

from __future__ import annotations

import uuid

import msgspec
import pytest
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent

from application.identity.commands import SignUp
from domain.identity.user import User
from domain.text import UnstorableTextError
from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.settings import Settings
from projections.runtime.faults import record_fault
from projections.runtime.rebuild import rebuild, retry_faults
from projections.runtime.store import track
from tests.integration.workload import sign_up
from tests.waiting import wait_for


def inject(container: Container, aggregate: User) -> int:
    """Below every boundary: the events go straight into the identity log, as a bug would put them."""
    application, transcoder = container.identity, JSONTranscoder()  # the library's, unguarded
    application.register_transcodings(transcoder)
    stored = [Mapper(transcoder=transcoder).to_stored_event(e) for e in aggregate.collect_events()]
    application.recorder.insert_events(stored)
    return application.position


def registration(name: str) -> User:
    return User(id=uuid.uuid4(), email=f"{uuid.uuid4().hex}@example.org", name=name, password_hash="x",
                role="user", profile_image_url="/user.png")


def undecodable(container: Container) -> int:
    """An event whose stored state the projectors cannot even read back."""
    container.identity.recorder.insert_events([StoredEvent(
        originator_id=uuid.uuid4(), originator_version=1, topic="domain.identity.user:User.Registered",
        state=b'{"not": "a registration"}')])
    return container.identity.position


class TestPoisonEvents:
    def test_an_event_a_view_cannot_apply_becomes_a_fault_and_the_view_goes_on(self, container: Container):
        poison = undecodable(container)
        after = sign_up(container, "after@example.org")
        container.runner.wait("Identity", container.identity.position)
        assert container.users.get_user(str(after)) is not None
        faulted = {(f["view"], f["position"]) for f in container.runner.faults()}
        assert ("users", poison) in faulted
        assert container.runner.position("users") == container.identity.position

    def test_a_fault_names_the_event_and_the_error(self, container: Container):
        poison = undecodable(container)
        container.runner.catch_up("users")
        [fault] = [f for f in container.runner.faults() if f["view"] == "users"]
        assert (fault["position"], fault["topic"]) == (poison, "domain.identity.user:User.Registered")
        assert fault["error"]

    def test_a_rebuild_meets_the_fault_again_and_reports_it(self, container: Container):
        poison = undecodable(container)
        sign_up(container, "after@example.org")
        container.runner.catch_up("users")
        report = rebuild(container.runner, "users")
        assert report.equal
        assert [f["position"] for f in report.faults] == [poison]
        assert [f["position"] for f in container.runner.faults() if f["view"] == "users"] == [poison]

    def test_retrying_rebuilds_only_the_views_with_faults(self, container: Container):
        undecodable(container)
        container.runner.catch_up_all()
        faulted = {f["view"] for f in container.runner.faults()}
        assert "users" in faulted and "chats" not in faulted
        assert {r.view for r in retry_faults(container.runner)} == faulted


def test_a_fault_a_mended_projector_no_longer_meets_goes_when_a_process_starts(container: Container,
                                                                              settings: Settings):
    """As after an upgrade: the view skipped an event its projector failed on then, and the
    projector applies it now. Nobody asks for a retry; a process that projects starts."""
    person = sign_up(container, "skipped@example.org")
    position = container.identity.position
    users = container.runner.projectors["users"].tracked_as
    with container.views.writer.begin() as conn:
        record_fault(conn, users, position, "domain.identity.user:User.Registered", str(person),
                     RuntimeError("a bug, since mended"))
        track(conn, users, position)
    assert [f["view"] for f in container.runner.faults()] == ["users"]
    assert container.users.get_user(str(person)) is None
    in_process = msgspec.structs.replace(settings, redis_url=None)  # it projects itself, as embedded does
    started = build_container(in_process, role="api")
    try:
        wait_for(lambda: not started.runner.faults(), timeout=30, what="the fault to be retried")
        assert started.users.get_user(str(person)) is not None
    finally:
        started.close()


@pytest.mark.postgres
def test_a_nul_in_a_name_cannot_stop_the_users_view_on_postgres(postgres) -> None:
    container = build_container(postgres, role="cli")
    try:
        poison = inject(container, registration("a\x00b"))
        after = sign_up(container, "after@example.org")
        container.runner.wait("Identity", container.identity.position)
        assert container.users.get_user(str(after)) is not None
        assert [f["position"] for f in container.runner.faults() if f["view"] == "users"] == [poison]
    finally:
        container.close()


@pytest.mark.parametrize(("name", "reason"), [("a\x00b", "name: text may not contain the NUL"),
                                              ("a\ud800b", "name: text may not contain a lone surrogate")])
def test_the_event_store_never_stores_text_no_view_could_hold(container: Container, name: str, reason: str):
    before = container.identity.position
    with pytest.raises(UnstorableTextError, match=reason):
        container.identity.sign_up(SignUp(user_id=uuid.uuid4(), email="text@example.org", password="pw-long-enough",
                                          name=name))
    assert container.identity.position == before
