"""What every projector is: a view's tables, one apply per event type, and the changes it announces."""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any, ClassVar

from eventsourcing.domain import CanMutateAggregate, DomainEventProtocol
from sqlalchemy import Column, Connection, MetaData, Table, and_, select


@dataclasses.dataclass(frozen=True)
class Change:
    """What a projector announces after its transaction commits: a topic and a JSON payload."""

    topic: str
    payload: dict[str, Any]


class Projector(ABC):
    """Builds one read model from one bounded context's log.

    Subclasses name their ``view`` and ``context``, take their tables (a dataclass of ``Table``s)
    and handle event types in ``apply`` (a ``singledispatchmethod`` whose fallback ignores the event).
    """

    view: ClassVar[str]
    context: ClassVar[str]
    outlives_owners: ClassVar[bool] = False
    """Whether its rows stay after their owner's account is deleted (model presets): when someone is
    forgotten, such a view is replayed, so that their texts in it read ``[erased]``, as a rebuild would."""
    revision: ClassVar[int] = 1
    """Raised when what the view holds changes though its tables do not (what it indexes, what it
    leaves out): its version changes with it, so deployments built before build it anew beside the
    old one, as for a change of shape (``versions.py``)."""
    version_key: str | None = None
    """Under what the version of its tables is tracked (``versions.py``); None: unversioned."""

    def __init__(self, tables: Any) -> None:
        self.tables = tables

    @property
    def tracked_as(self) -> str:
        return self.version_key or self.view

    @abstractmethod
    def replica(self, metadata: MetaData, suffix: str) -> Projector:
        """The same projector on tables named with ``suffix``, so a rebuild writes beside the live ones."""

    @abstractmethod
    def apply(self, event: DomainEventProtocol[Any], conn: Connection, position: int) -> Iterable[Change]:
        """Apply one event inside the page's transaction; return what changed, for fan-out."""

    def quoting(self, conn: Connection, person_id: str) -> list[str]:
        """The aggregates whose rows hold the person's texts though someone else owns them (a
        reply's passages from their files): replayed when the person is forgotten, so that those
        texts read ``[erased]`` there, as a rebuild would (``drop_aggregate`` then every event)."""
        return []

    def drop_aggregate(self, conn: Connection, aggregate_id: str) -> None:
        """Every row of one aggregate removed, before it is replayed (a projector that names
        aggregates in ``quoting`` implements it)."""
        raise NotImplementedError(f"{self.view} replays no aggregate")

    def all_tables(self) -> list[Table]:
        return [getattr(self.tables, field.name) for field in dataclasses.fields(self.tables)]


def insert_once(conn: Connection, table: Table, **row: Any) -> None:
    """``row`` into ``table``, unless a row with those values is there already (a table of pairs
    kept once each: whose texts an aggregate quotes)."""
    if conn.execute(select(table).where(and_(*(table.c[k] == v for k, v in row.items())))).first() is None:
        conn.execute(table.insert().values(**row))


def quoting_in(conn: Connection, aggregate: Column[Any], quoted: Column[Any], person_id: str,
               owned: tuple[Column[Any], Column[Any]] | None = None) -> list[str]:
    """For ``Projector.quoting``: the ``aggregate`` of each pair (of a table kept with ``insert_once``)
    whose ``quoted`` person is ``person_id``, in order. ``owned``: the key and the owner of the
    aggregates' own table, to leave out those the person owns (they go with the person)."""
    query = select(aggregate).where(quoted == person_id)
    if owned is not None:
        key, owner = owned
        query = query.join(key.table, key == aggregate).where(owner != person_id)
    return list(conn.execute(query.order_by(aggregate)).scalars())


def epoch(event: CanMutateAggregate[Any]) -> int:
    """Open WebUI timestamps are whole epoch seconds; ours come from the event, so replays agree."""
    return int(event.timestamp.timestamp())
