"""A process never opens more connections to Postgres than its budget (``ANNALS_DATABASE_CONNECTIONS``),
however many requests come at once: past it, Postgres would refuse every process sharing it."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg

from application.chats import commands as c
from domain.chats.chat import Chat
from infrastructure.bootstrap import build_container
from infrastructure.settings import Settings
from projections.chats.projector import ChatViews
from tests.integration.workload import founding_admin
from tests.services import DATABASE_CONNECTIONS, database_name
from tests.unit.builders import message, snapshot

BURST = 48
"""Past the budget: threads creating chats, projecting them and reading them back at once."""


def connections_to(settings: Settings) -> int:
    assert settings.database_url is not None
    with psycopg.connect(settings.database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                           (database_name(settings.database_url),)).fetchone()
    assert row is not None
    return int(row[0])


def test_a_burst_twice_the_budget_stays_within_it(postgres: Settings) -> None:
    container = build_container(postgres, role="cli")
    try:
        owner = str(founding_admin(container, "founder@example.org"))
        most, done = 0, threading.Event()

        def watch() -> None:
            nonlocal most
            while not done.is_set():
                most = max(most, connections_to(postgres))

        def create_and_read(_: int) -> None:
            chat_id = uuid.uuid4()
            position = container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(
                message("q", content="How many connections?"), message("a", "q", role="assistant"))))
            container.runner.wait(container.chats.name, position, (ChatViews.view,))
            assert container.chat_views.get_chat(str(chat_id)) is not None
            assert isinstance(container.chats.repository.get(chat_id), Chat)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            with ThreadPoolExecutor(BURST) as pool:
                list(pool.map(create_and_read, range(BURST * 3)))
        finally:
            done.set()
            watcher.join()
        assert 0 < most <= DATABASE_CONNECTIONS
    finally:
        container.close()
