"""Every context's log position, read on the event loop in one go, is where its event store stands."""

from __future__ import annotations

import asyncio

from infrastructure.bootstrap import Container
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
