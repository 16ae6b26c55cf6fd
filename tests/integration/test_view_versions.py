"""A view that changes shape is built beside the old one (``projections/runtime/versions.py``): the
old version keeps its tables and rows for the processes of the previous release until nobody has
used it for the grace period; the new one serves once it has caught up."""

from __future__ import annotations

from sqlalchemy import Column, Index, MetaData, Text, inspect, select

from infrastructure.container import Container
from projections.runtime.runner import ProjectionRunner
from projections.runtime.store import SCHEMAS, TRACKING
from projections.runtime.versions import versioned
from projections.users.projector import UserDirectory
from projections.users.table import UserTables, define_user_tables
from tests.integration.workload import sign_up


def _wider(metadata: MetaData, suffix: str) -> UserTables:
    tables = define_user_tables(metadata, suffix)
    tables.users.append_column(Column("nickname", Text))
    return tables


class WiderUsers(UserDirectory):
    """The users view as a later release shapes it: one more column."""

    def replica(self, metadata: MetaData, suffix: str) -> WiderUsers:
        return WiderUsers(_wider(metadata, suffix))


def _next_release(container: Container, grace: float) -> ProjectionRunner:
    users = versioned(WiderUsers(_wider(MetaData(), "")), MetaData())
    runner = ProjectionRunner(container.views, container.contexts, [users], lambda changes: None,
                              version_grace=grace)
    runner.create_tables()
    return runner


def _tables(container: Container) -> set[str]:
    return set(inspect(container.views.reader).get_table_names())


def _names(runner: ProjectionRunner) -> set[str]:
    return {table.name for table in runner.projectors["users"].all_tables()}


def test_a_view_that_changed_shape_is_built_beside_the_old_version(container: Container):
    person = sign_up(container, "ada@example.org")
    container.runner.catch_up_all()
    old = _names(container.runner)
    upgraded = _next_release(container, grace=600)
    assert old <= _tables(container) and _names(upgraded) <= _tables(container) and old.isdisjoint(_names(upgraded))
    assert upgraded.building() == ["users"]
    assert container.users.get_user(str(person)) is not None  # the old release serves meanwhile
    upgraded.catch_up("users")
    assert upgraded.building() == []
    with container.views.reader.connect() as conn:
        ids = conn.execute(select(upgraded.projectors["users"].tables.users.c.id)).scalars().all()
    assert ids == [str(person)]


class RevisedUsers(UserDirectory):
    """The users view as a later release fills it: the same tables, rows made another way."""

    revision = 2

    def replica(self, metadata: MetaData, suffix: str) -> RevisedUsers:
        return RevisedUsers(define_user_tables(metadata, suffix))


def test_a_view_revised_without_a_change_of_shape_is_built_beside_the_old_version(container: Container):
    person = sign_up(container, "ada@example.org")
    container.runner.catch_up_all()
    revised = versioned(RevisedUsers(define_user_tables(MetaData())), MetaData())
    upgraded = ProjectionRunner(container.views, container.contexts, [revised], lambda changes: None)
    upgraded.create_tables()
    assert _names(upgraded).isdisjoint(_names(container.runner)) and upgraded.building() == ["users"]
    upgraded.catch_up("users")
    with container.views.reader.connect() as conn:
        assert conn.execute(select(revised.tables.users.c.id)).scalars().all() == [str(person)]


def test_a_version_in_use_by_the_previous_release_is_kept_through_the_grace(container: Container):
    container.runner.catch_up_all()
    upgraded = _next_release(container, grace=600)
    upgraded.versions_in_use()
    assert _names(container.runner) <= _tables(container)


def test_a_version_nobody_uses_any_more_is_dropped_with_its_tracking(container: Container):
    container.runner.catch_up_all()
    old, old_key = _names(container.runner), container.runner.projectors["users"].tracked_as
    upgraded = _next_release(container, grace=0)
    upgraded.versions_in_use()
    assert old.isdisjoint(_tables(container)) and _names(upgraded) <= _tables(container)
    with container.views.reader.connect() as conn:
        assert conn.execute(select(TRACKING.c.view).where(TRACKING.c.view == old_key)).first() is None


def test_a_view_kept_before_versions_existed_is_dropped_in_its_turn(container: Container):
    bare = define_user_tables(MetaData())
    with container.views.writer.begin() as conn:  # as a release before versions left it
        for table in (bare.users, bare.sessions):
            table.create(conn)
        conn.execute(SCHEMAS.insert().values(view="users", fingerprint="an earlier shape"))
        conn.execute(TRACKING.insert().values(view="users", position=3))
    runner = ProjectionRunner(container.views, container.contexts, list(container.runner.projectors.values()),
                              lambda changes: None, version_grace=0)
    runner.create_tables()
    assert {"users", "sessions"} <= _tables(container)
    runner.versions_in_use()
    assert {"users", "sessions"}.isdisjoint(_tables(container))
    assert _names(container.runner) <= _tables(container)


def _indexes(container: Container, table: str) -> set[str]:
    return {index["name"] for index in inspect(container.views.reader).get_indexes(table)}


def test_every_index_of_a_views_shape_is_on_its_versions_tables(container: Container):
    """Lookups by owner, by aggregate or by type must not scan a table that grows with the log."""
    for projector in container.runner.projectors.values():
        shaped = projector.replica(MetaData(), "").all_tables()
        for table, shape in zip(projector.all_tables(), shaped, strict=True):
            assert len(table.indexes) == len(shape.indexes), table.name
            assert {index.name for index in table.indexes} <= _indexes(container, table.name), table.name


def test_an_index_a_versions_tables_lack_is_added_as_a_process_starts(container: Container):
    """A version made when its tables were given no indexes gets them, its rows kept."""
    chats = container.runner.projectors["chats"].tables.chats
    by_owner = next(index for index in chats.indexes if "user" in str(index.name))
    with container.views.writer.begin() as conn:
        Index(by_owner.name, *by_owner.columns).drop(conn)
    assert by_owner.name not in _indexes(container, chats.name)
    ProjectionRunner(container.views, container.contexts, list(container.runner.projectors.values()),
                     lambda changes: None).create_tables()
    assert by_owner.name in _indexes(container, chats.name)
