"""An ASGI app served by uvicorn on a thread of the test process: a real HTTP server on a real
port, for fakes a test wants to look into while they run."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from tests.services import free_port
from tests.waiting import wait_for


@contextmanager
def serving(app: Any, what: str) -> Iterator[str]:
    """The app's base URL (``http://127.0.0.1:<port>``) while it runs."""
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=running.run, daemon=True, name=what)
    thread.start()
    try:
        wait_for(lambda: running.started, timeout=10, what=what)
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)
