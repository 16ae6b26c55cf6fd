"""A view of one resource as it was: its own events replayed through the view's projector into a
throwaway in-memory database, then read by the view's own queries. So a past answer has exactly the
fields and shape of the present one, and nothing of the projector is written twice."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine
from sqlalchemy.pool import StaticPool

from projections.runtime.projector import Projector


@contextmanager
def replayed(projector_on: Callable[[MetaData], Projector], events: Sequence[Any]) -> Iterator[tuple[Engine, Any]]:
    """The engine and tables of a view that has seen only ``events`` (one aggregate's, oldest first).
    Each event's aggregate version stands in for its log position: it orders them the same way."""
    engine = create_engine("sqlite://", poolclass=StaticPool, hide_parameters=True)  # as views_db's
    try:
        metadata = MetaData()
        projector = projector_on(metadata)
        metadata.create_all(engine)
        with engine.begin() as conn:
            for event in events:
                projector.apply(event, conn, event.originator_version)
        yield engine, projector.tables
    finally:
        engine.dispose()
