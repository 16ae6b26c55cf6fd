"""A context whose first connections to Postgres are slow to open (a busy machine, a far database)
waits for them once, instead of failing after the 2 s a later use waits for a pooled connection."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Self
from urllib.parse import urlsplit

import pytest
from eventsourcing.utils import Environment

from infrastructure.event_store import ALONE, event_store_env
from infrastructure.postgres_store import FailFastPostgresFactory
from infrastructure.settings import Settings
from tests.integration.threads import all_at_once
from tests.services import fresh_database

DELAY = 3.0
"""Seconds the proxy holds each new connection before it reaches Postgres: more than a later
use's wait for a pooled one (``POSTGRES_CONNECT_TIMEOUT``, 2 s)."""


class SlowProxy:
    """A TCP proxy to Postgres that opens each connection ``DELAY`` seconds late."""

    def __init__(self, target_port: int) -> None:
        self._target_port = target_port
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0

    def __enter__(self) -> Self:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._relay, "127.0.0.1", 0), self._loop).result(5)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._closed(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    async def _closed(self) -> None:
        self._server.close()
        for task in asyncio.all_tasks() - {asyncio.current_task()}:
            task.cancel()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(DELAY)
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self._target_port)
        await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


@pytest.fixture
def slow_database_url() -> Iterator[str]:
    with fresh_database() as url, SlowProxy(urlsplit(url).port or 5432) as proxy:
        yield url.replace(f":{urlsplit(url).port}/", f":{proxy.port}/")


def test_a_contexts_first_uses_wait_for_slow_first_connections(slow_database_url: str):
    env = event_store_env(Settings(database_url=slow_database_url), "Chats")
    datastore = FailFastPostgresFactory(Environment(env=env)).datastore

    def select_one(_: int) -> None:
        with datastore.get_connection() as conn:
            assert conn.execute("SELECT 1").fetchone() == {"?column?": 1}

    try:
        assert all_at_once(select_one, threads=4) == []
    finally:
        datastore.close()


def test_a_use_that_finds_the_pool_busy_waits_while_the_database_answers():
    with fresh_database() as url:
        env = event_store_env(Settings(database_url=url), "Chats")
        datastore = FailFastPostgresFactory(Environment(env=env)).datastore
        holding = threading.Barrier(ALONE.most + 1)

        def hold(_: int) -> None:
            with datastore.get_connection():
                holding.wait()
                time.sleep(DELAY)

        holders = [threading.Thread(target=hold, args=(n,)) for n in range(ALONE.most)]
        try:
            for holder in holders:
                holder.start()
            holding.wait()  # every pooled connection is in use, for longer than one ask waits
            with datastore.get_connection() as conn:
                assert conn.execute("SELECT 1").fetchone() == {"?column?": 1}
        finally:
            for holder in holders:
                holder.join()
            datastore.close()
