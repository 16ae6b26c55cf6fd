"""An in-memory event store where a rival writer can win the race between a command's load and
its save: the way to make optimistic-concurrency conflicts happen on cue, without threads.

Select it with ``PERSISTENCE_MODULE=tests.unit.application.racing:RacingFactory``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory


class RacingRecorder(POPOApplicationRecorder):
    """Before each insert, the next waiting rival commits its own command first."""

    def __init__(self) -> None:
        super().__init__()
        self.rivals: list[Callable[[], Any]] = []
        self._racing = False

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if self.rivals and not self._racing:
            self._racing = True  # the rival's own save must not summon the next rival
            try:
                self.rivals.pop(0)()
            finally:
                self._racing = False
        return super().insert_events(stored_events, **kwargs)


class RacingFactory(POPOFactory):
    def application_recorder(self) -> ApplicationRecorder:
        return RacingRecorder()


RACING = {"PERSISTENCE_MODULE": f"{__name__}:RacingFactory"}
