"""Every context's log position, read on the event loop in one go, is where its event store stands."""

from __future__ import annotations

import asyncio

import psycopg

from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.settings import Settings
from tests.integration.workload import sign_up


def test_the_positions_read_are_the_event_stores(container: Container):
    def stored() -> dict[str, int]:
        return {name: context.position for name, context in container.contexts.items()}

    async def read_before_and_after_a_sign_up() -> None:
        await container.log.start()
        try:
            assert await container.log.read() == stored()
            sign_up(container, "ada@example.org")
            positions = await container.log.read()
            assert positions == stored() and positions["Identity"] > 0
        finally:
            await container.log.close()

    asyncio.run(read_before_and_after_a_sign_up())


def test_reads_that_overlap_share_an_answer_that_includes_every_earlier_commit(container: Container):
    async def read_together_after_a_sign_up() -> None:
        await container.log.start()
        try:
            before = await container.log.read()
            sign_up(container, "ada@example.org")
            answers = await asyncio.gather(*(container.log.read() for _ in range(20)))
            assert all(answer == answers[0] for answer in answers)
            assert answers[0]["Identity"] > before["Identity"]
        finally:
            await container.log.close()

    asyncio.run(read_together_after_a_sign_up())


def test_a_broken_connection_is_opened_anew(postgres: Settings):
    container = build_container(postgres, role="api")

    async def read_across_a_dropped_connection() -> None:
        await container.log.start()
        try:
            before = await container.log.read()
            with psycopg.connect(postgres.database_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                              " AND query LIKE 'SELECT (SELECT%'")
            sign_up(container, "ada@example.org")
            assert (await container.log.read())["Identity"] > before["Identity"]
        finally:
            await container.log.close()

    try:
        asyncio.run(read_across_a_dropped_connection())
    finally:
        container.close()
