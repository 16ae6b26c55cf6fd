"""``annals show KIND ID [--as-of TIME|POSITION]``: a resource as it is, or as it was, in JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from application.audit.as_of import InvalidAsOfError, NotYetRecordedError, PastTheHeadError, parse_as_of
from infrastructure.bootstrap import Container, build_container
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings
from interfaces.http.connections import ollama_config_shown, openai_config_shown
from interfaces.http.past_shapes import (
    chat_as_it_was,
    feedback_as_it_was,
    folder_as_it_was,
    preset_as_it_was,
    user_record_as_it_was,
)
from interfaces.http.users import user_model


def _connections(container: Container, state: Any) -> dict[str, Any]:
    settings = container.models.connections_of(state)  # keys masked below, as the admin's pages show them
    return {"openai": openai_config_shown(settings), "ollama": ollama_config_shown(settings),
            "options": settings.options}


SHAPES: dict[str, Callable[[Container, Any], dict[str, Any]]] = {
    "chat": lambda _, chat: chat_as_it_was(chat),
    "folder": lambda _, folder: folder_as_it_was(folder),
    "user": lambda _, user: user_model(user_record_as_it_was(user)),
    "feedback": lambda _, rating: feedback_as_it_was(rating),
    "model": lambda _, preset: preset_as_it_was(preset),
    "connections": _connections,
}
"""The shapes the resources' own endpoints answer (``model``: a preset, named by its model id)."""


def show(settings: Settings, kind: str, resource_id: str, as_of: str | None) -> int:
    """Exit status 1 if there is no such resource (or not yet at that point), 2 for a bad ``as_of``."""
    configure_logging(settings)
    container = build_container(settings, "cli")
    try:
        timeline = container.point_in_time.timeline(kind, resource_id)
        if timeline is None:
            print(f"annals: no {kind} {resource_id}", file=sys.stderr)
            return 1
        aggregate = timeline.latest if as_of is None else timeline.at(parse_as_of(as_of))
        print(json.dumps(SHAPES[kind](container, aggregate), indent=2, default=str))
    except (InvalidAsOfError, PastTheHeadError) as error:
        print(f"annals: {error}", file=sys.stderr)
        return 2
    except NotYetRecordedError as error:
        print(f"annals: {error}", file=sys.stderr)
        return 1
    finally:
        container.close()
    return 0
