"""The console's routes under ``/console``, and its script and styles under ``/console/static``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Router
from litestar.di import Provide
from litestar.static_files import create_static_files_router

from interfaces.console import browse, health, people, privacy, shell, timeline
from interfaces.console.entry import refusal_pages
from interfaces.console.filters import filters
from interfaces.console.pages import Pages
from interfaces.console.reading import log_reading
from interfaces.http.access import public

STATIC = Path(__file__).parent / "static"
PAGES = [shell.live_tail, shell.sign_in, browse.search, browse.event, timeline.timeline, health.health,
         people.people, people.person, privacy.privacy]


def console_routes(product_name: str) -> list[Any]:
    pages = Pages(product_name)
    router = Router("/console", route_handlers=PAGES,
                    exception_handlers=refusal_pages(pages), include_in_schema=False,
                    dependencies={"pages": Provide(lambda: pages, sync_to_thread=False),
                                  "filters": Provide(filters, sync_to_thread=False),
                                  "reading": Provide(log_reading, sync_to_thread=False)})
    static = create_static_files_router("/console/static", [STATIC], name="console-static", guards=[public],
                                        include_in_schema=False)
    return [router, static]
