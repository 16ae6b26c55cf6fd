"""Events read by position and decoded through their context, as people and auditors are shown
them (the event API, a person's archive)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
import structlog
from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from application.event_log import read_log

_HIDDEN = {"originator_id", "originator_version", "timestamp"}
log = structlog.get_logger()


def read_positions(app: Application, positions: Sequence[int]) -> dict[int, Notification]:
    """The events at these ascending positions, read in a few ranges rather than one by one."""
    if not positions:
        return {}
    return {n.id: n for first, last in _runs(positions)
            for n in read_log(app, start=first, limit=last - first + 1, stop=last)}


def event_data(app: Application, notification: Notification) -> dict[str, Any]:
    """The event's own fields, decoded (decrypted where the context can); a poison event
    (projections/runtime/faults.py) is shown as such."""
    try:
        event = app.mapper.to_domain_event(notification)
    except Exception as error:  # noqa: BLE001 - shown, never raised: one bad event must not hide the rest
        log.warning("events.undecodable", position=notification.id, error=repr(error))
        return {"undecodable": f"{type(error).__name__}: {error}"}
    return msgspec.to_builtins({k: v for k, v in vars(event).items() if k not in _HIDDEN})


def _runs(positions: Sequence[int], gap: int = 64) -> list[tuple[int, int]]:
    """Ascending positions as ranges to read, split where a filter skipped many events."""
    runs = [[positions[0], positions[0]]]
    for position in positions[1:]:
        if position - runs[-1][1] > gap:
            runs.append([position, position])
        else:
            runs[-1][1] = position
    return [(first, last) for first, last in runs]
