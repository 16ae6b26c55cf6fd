"""The views' side of forgetting a person (``application/privacy/forgetting.py``): once their key is
gone, what views still show of their texts is replayed from the log, where those texts now read
``[erased]``, as any later rebuild reads them; and the database keeps no byte of the rows that went.

Views whose rows outlive their owners are rebuilt whole; others replay only the aggregates whose
rows quote the person (``Projector.quoting``), each in its place: its rows dropped and its events
applied again at their positions, up to where the view stands, under the view's lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import Connection

from application.event_log import aggregate_positions
from projections.runtime.projector import Projector
from projections.runtime.rebuild import rebuild
from projections.runtime.runner import ProjectionRunner
from projections.runtime.store import replays_key, track, tracked_position


class ForgottenInViews:
    def __init__(self, runner: ProjectionRunner) -> None:
        self._runner = runner

    def forget_person(self, person_id: str) -> None:
        for view, projector in self._runner.projectors.items():
            if projector.outlives_owners:
                rebuild(self._runner, view)
            else:
                self._replay_quoting(projector, person_id)
        self._runner.store.compact()

    def _replay_quoting(self, projector: Projector, person_id: str) -> None:
        store, key = self._runner.store, projector.tracked_as
        with store.writer.begin() as conn:
            store.lock_view(conn, key)
            quoting = projector.quoting(conn, person_id)
            if quoting:
                self._replay(projector, conn, quoting, tracked_position(conn, key))
                track(conn, replays_key(key), tracked_position(conn, replays_key(key)) + 1)

    def _replay(self, projector: Projector, conn: Connection, aggregate_ids: Sequence[str], reached: int) -> None:
        source = self._runner.sources[projector.context]
        for aggregate_id in aggregate_ids:
            projector.drop_aggregate(conn, aggregate_id)
            positions = dict(aggregate_positions(source, UUID(aggregate_id)))
            for event in source.repository.event_store.get(UUID(aggregate_id)):
                position = positions[event.originator_version]
                if position > reached:  # the view has not come this far yet: its pages will
                    break
                projector.apply(event, conn, position)
