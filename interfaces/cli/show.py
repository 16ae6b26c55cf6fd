"""``annals show KIND ID [--as-of TIME|POSITION]``: a resource as it is, or as it was, in JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, cast

from application.audit.as_of import (
    AsOf,
    DeletedByThenError,
    InvalidAsOfError,
    NotYetRecordedError,
    PastTheHeadError,
    parse_as_of,
)
from application.audit.point_in_time import Timeline
from domain.models.connections import Connections
from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings
from interfaces.http.connections import ollama_config_shown, openai_config_shown
from interfaces.http.past_shapes import shaped
from interfaces.http.users import user_model


def _connections(container: Container, timeline: Timeline, as_of: AsOf | None) -> dict[str, Any]:
    state = timeline.latest if as_of is None else timeline.at(as_of)
    # keys masked below, as the admin's pages show them
    settings = container.models.connections_of(cast(Connections, state))
    return {"openai": openai_config_shown(settings), "ollama": ollama_config_shown(settings),
            "options": settings.options}


def _viewed(kind: str) -> Callable[[Container, Timeline, AsOf | None], dict[str, Any]]:
    return lambda _, timeline, as_of: shaped(kind, timeline.until(as_of), as_of)


SHAPES: dict[str, Callable[[Container, Timeline, AsOf | None], dict[str, Any]]] = {
    "chat": _viewed("chat"), "folder": _viewed("folder"), "feedback": _viewed("feedback"), "model": _viewed("model"),
    "user": lambda _, timeline, as_of: user_model(shaped("user", timeline.until(as_of), as_of)),
    "connections": _connections, "knowledge": _viewed("knowledge"), "group": _viewed("group"),
    "permissions": _viewed("permissions"),
}
"""The shapes the resources' own endpoints answer (``model``: a preset, named by its model id;
``permissions``: the members' defaults as saved, named by no id)."""


def show(settings: Settings, kind: str, resource_id: str, as_of: str | None) -> int:
    """Exit status 1 if there is no such resource (or not yet at that point), 2 for a bad ``as_of``."""
    configure_logging(settings)
    container = build_container(settings, "cli")
    try:
        timeline = container.point_in_time.timeline(kind, resource_id)
        if timeline is None:
            print(f"annals: no {kind} {resource_id}", file=sys.stderr)
            return 1
        point = None if as_of is None else parse_as_of(as_of)
        print(json.dumps(SHAPES[kind](container, timeline, point), indent=2, default=str))
    except (InvalidAsOfError, PastTheHeadError) as error:
        print(f"annals: {error}", file=sys.stderr)
        return 2
    except (NotYetRecordedError, DeletedByThenError) as error:
        print(f"annals: {error}", file=sys.stderr)
        return 1
    finally:
        container.close()
    return 0
