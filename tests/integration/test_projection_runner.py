"""The projection runner on each view store: exactly once, read-your-writes, tracking."""

from __future__ import annotations

from sqlalchemy import func, select

from application.identity.commands import ChangeAuthConfig
from infrastructure.container import Container
from tests.integration.threads import all_at_once
from tests.integration.workload import chat_with_replies, conversations, sign_up


def count(container: Container, table) -> int:
    with container.views.reader.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


class TestProjectionRunner:
    def test_concurrent_catch_ups_apply_each_event_exactly_once_per_view(self, container: Container):
        owner = sign_up(container, "ann@example.org")
        chat_ids = [chat_with_replies(container, owner, replies=5) for _ in range(8)]
        conversations(container, owner)
        runner = container.runner
        assert all_at_once(lambda _: runner.catch_up_all()) == []
        catalog = runner.projectors["event_catalog_chats"].tables.entries
        with container.views.reader.connect() as conn:
            positions = list(conn.execute(select(catalog.c.position).order_by(catalog.c.position)).scalars())
        assert positions == list(range(1, container.chats.position + 1))
        replies_chat = 5  # q, r1, q2, r2, r3: see workload.replies
        read_chats = 2 * 2  # q, q2 in each: see workload.reading
        rated_chat = 3  # q, a, b: see workload.ratings
        copied_chats = 2 + 2 + 2 + 1  # clones of q, a (one as if from theirs); imports of q, a and of q
        preset_chat = 3  # q, a, r: see workload.named_presets
        assert count(container, runner.projectors["chats"].tables.messages) == (
            8 * 5 + 2 + replies_chat + read_chats + rated_chat + copied_chats + preset_chat)
        assert all(container.chat_views.get_chat(str(chat_id)) for chat_id in chat_ids)

    def test_a_stopping_process_leaves_its_catch_ups_and_the_next_one_goes_on(self, container: Container):
        chat_with_replies(container, sign_up(container, "ann@example.org"), replies=2)
        runner = container.runner
        runner.stopping.set()  # as a worker does on SIGTERM
        runner.catch_up_all()
        assert [runner.position(view) for view in runner.views_of("Chats")] == [0] * len(runner.views_of("Chats"))
        runner.stopping.clear()  # as the next process starts
        runner.catch_up_all()
        assert {runner.position(view) for view in runner.views_of("Chats")} == {container.chats.position}

    def test_every_view_tracks_the_end_of_its_log_after_concurrent_catch_ups(self, container: Container):
        owner = sign_up(container, "ann@example.org")
        for _ in range(4):
            chat_with_replies(container, owner, replies=4)
        runner = container.runner
        assert all_at_once(lambda _: runner.catch_up_all()) == []
        tracked = {view: runner.position(view) for view in runner.projectors}
        logs = {view: container.contexts[p.context].position for view, p in runner.projectors.items()}
        assert tracked == logs

    def test_waiting_for_a_position_makes_the_write_visible_to_the_next_read(self, container: Container):
        owner = sign_up(container, "ann@example.org")
        chat_id = chat_with_replies(container, owner, replies=3)
        assert container.chat_views.get_chat(str(chat_id)) is None  # nothing projects on its own
        container.runner.wait("Chats", container.chats.position)
        chat = container.chat_views.get_chat(str(chat_id))
        assert chat["chat"]["history"]["currentId"] == "m2"

    def test_waiting_for_some_views_leaves_the_others_where_they_were(self, container: Container):
        owner = sign_up(container, "ann@example.org")
        chat_with_replies(container, owner, replies=1)
        position = container.chats.position
        container.runner.wait("Chats", position, views=["chats"])
        assert container.runner.position("chats") == position
        assert container.runner.position("event_catalog_chats") == 0

    def test_an_event_the_view_ignores_still_advances_its_tracking(self, container: Container):
        sign_up(container, "ann@example.org")
        container.runner.catch_up("users")
        position = container.identity.change_auth_config(ChangeAuthConfig(changes={"ENABLE_SIGNUP": True}))
        assert container.runner.catch_up("users") == position
        assert container.runner.position("users") == position
        assert container.users.count_users() == 1
