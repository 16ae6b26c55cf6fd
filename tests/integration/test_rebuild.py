"""Rebuilding a view replays its log into fresh tables; the replay must equal the live view."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select

from application.identity.commands import ForgetPerson
from infrastructure.container import Container
from projections.runtime.rebuild import rebuild
from tests.integration.workload import conversations, people

Tables = dict[str, list[tuple[Any, ...]]]


def live_tables(container: Container) -> Tables:
    """Every row of every view, in primary-key order."""
    tables = [table for p in container.runner.projectors.values() for table in p.all_tables()]
    with container.views.reader.connect() as conn:
        return {table.name: [tuple(row) for row in conn.execute(
            select(table).order_by(*table.primary_key.columns))] for table in tables}


@pytest.fixture
def busy(container: Container) -> Container:
    """A container whose views have caught up with a mixed workload."""
    owners = people(container)
    for owner in owners:
        conversations(container, owner, quoting=owners[-1])
    container.runner.catch_up_all()
    return container


@pytest.fixture
def forgotten(busy: Container) -> Container:
    """The busy workload, then one of its people (an admin with chats, presets, files) forgotten."""
    founder = busy.users.get_user_by_email("founder@example.org")["id"]
    rob = busy.users.get_user_by_email("robert@example.org")["id"]
    busy.identity.forget_person(ForgetPerson(actor_id=UUID(founder), user_id=UUID(rob)))
    busy.runner.catch_up_all()
    assert busy.runner.reactions["forgetting"].position() == busy.identity.position
    return busy


class TestRebuild:
    def test_rebuilding_each_view_after_a_mixed_workload_reports_it_equal(self, busy: Container):
        for view in busy.runner.projectors:
            report = rebuild(busy.runner, view)
            assert (report.view, report.differences) == (view, ())
            assert report.position == busy.runner.position(view) > 0

    def test_after_forgetting_someone_each_view_rebuilds_equal(self, forgotten: Container):
        for view in forgotten.runner.projectors:
            report = rebuild(forgotten.runner, view)
            assert (report.view, report.differences) == (view, ())

    def test_rebuilding_leaves_the_live_tables_as_they_were(self, busy: Container):
        before = live_tables(busy)
        ownerless = {name for name in before if name.startswith("aggregate_owners_groups")}  # the workspace's
        assert all(rows for name, rows in before.items() if name not in ownerless), "the workload leaves no table empty"
        for view in busy.runner.projectors:
            rebuild(busy.runner, view)
        assert live_tables(busy) == before

    def test_rebuilding_includes_events_committed_after_the_last_catch_up(self, busy: Container):
        founder = busy.users.get_user_by_email("founder@example.org")["id"]
        [chat_id] = conversations(busy, founder)
        report = rebuild(busy.runner, "chats")
        assert report.equal and report.position == busy.chats.position
        assert busy.chat_views.get_chat(str(chat_id))["folder_id"] is not None

    def test_rebuilding_reports_and_repairs_a_tampered_view(self, busy: Container):
        chats = busy.runner.projectors["chats"].tables.chats
        before = live_tables(busy)
        with busy.views.writer.begin() as conn:
            conn.execute(chats.update().values(title="tampered"))
        report = rebuild(busy.runner, "chats")
        assert report.differences == ("chats",)
        assert live_tables(busy) == before
