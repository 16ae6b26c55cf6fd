"""``annals`` as it would run if events were stored as the library stores them, unsealed: the
benchmarks' baseline for what sealing costs end to end (``annals-embedded-unsealed``,
``annals-postgres-unsealed``). Only a benchmark starts it; no setting of Annals turns sealing off.

``python -m ops.bench.unsealed serve --port N`` (or ``worker``): the command line of ``annals``,
every context's events stored by the library's own ``Mapper`` (no texts sealed, so no data keys
made); reading, erasure and the rest run as they do in Annals.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper, StoredEvent

from infrastructure.event_sealing import EventSealing
from infrastructure.resource_keys import ResourceKeys
from infrastructure.sealing_mapper import SealingMapper
from interfaces.cli.main import main


class UnsealingMapper(SealingMapper):
    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        return Mapper.to_stored_event(self, domain_event)


def _unsealing_mapper(self: EventSealing, context: Application) -> Mapper[Any]:
    return UnsealingMapper(context.construct_transcoder(), ResourceKeys(self.people))


if __name__ == "__main__":
    EventSealing.mapper = _unsealing_mapper  # type: ignore[method-assign]  # the baseline: library storage
    raise SystemExit(main())
