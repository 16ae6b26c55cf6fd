from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData

from domain.knowledge.base import COMPLETED, FAILED, PENDING, PROCESSING, KnowledgeBase
from projections.grants import grant_rows
from projections.knowledge.table import KnowledgeTables, define_knowledge_tables
from projections.runtime.projector import Change, Projector, epoch

NOTHING: tuple[Change, ...] = ()


class KnowledgeViews(Projector):
    """Knowledge bases as Open WebUI's ``knowledge`` rows (with their grants), and the files each
    holds with their processing status. A deleted base leaves the view with its files."""

    view = "knowledge"
    context = "Knowledge"
    tables: KnowledgeTables

    def replica(self, metadata: MetaData, suffix: str) -> KnowledgeViews:
        return KnowledgeViews(define_knowledge_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        return NOTHING

    @apply.register
    def _(self, event: KnowledgeBase.Created, conn: Connection, position: int) -> Iterable[Change]:
        knowledge_id, now = str(event.originator_id), epoch(event)
        conn.execute(self.tables.bases.insert().values(
            id=knowledge_id, user_id=event.owner_id, name=event.name, description=event.description,
            access_grants=grant_rows("knowledge", knowledge_id, event.access_grants, now),
            created_at=now, updated_at=now))
        self._grant(conn, knowledge_id, event.access_grants)
        return NOTHING

    @apply.register
    def _(self, event: KnowledgeBase.Updated, conn: Connection, position: int) -> Iterable[Change]:
        self._touch(conn, event, name=event.name, description=event.description)
        return NOTHING

    @apply.register
    def _(self, event: KnowledgeBase.AccessChanged, conn: Connection, position: int) -> Iterable[Change]:
        knowledge_id, grants = str(event.originator_id), self.tables.grants
        self._touch(conn, event, access_grants=grant_rows("knowledge", knowledge_id, event.access_grants,
                                                          epoch(event)))
        conn.execute(grants.delete().where(grants.c.knowledge_id == knowledge_id))
        self._grant(conn, knowledge_id, event.access_grants)
        return NOTHING

    @apply.register
    def _(self, event: KnowledgeBase.FilesAdded, conn: Connection, position: int) -> Iterable[Change]:
        now = epoch(event)
        conn.execute(self.tables.files.insert(), [
            {"knowledge_id": str(event.originator_id), "file_id": file_id, "user_id": event.actor_id,
             "status": PENDING, "error": None, "created_at": now, "updated_at": now} for file_id in event.file_ids])
        self._touch(conn, event)
        return NOTHING

    @apply.register
    def _(self, event: KnowledgeBase.FileRemoved, conn: Connection, position: int) -> Iterable[Change]:
        files = self.tables.files
        conn.execute(files.delete().where(files.c.knowledge_id == str(event.originator_id),
                                          files.c.file_id == event.file_id))
        self._touch(conn, event)
        return NOTHING

    @apply.register
    def _(self, event: KnowledgeBase.Reset, conn: Connection, position: int) -> Iterable[Change]:
        files = self.tables.files
        conn.execute(files.delete().where(files.c.knowledge_id == str(event.originator_id)))
        self._touch(conn, event)
        return NOTHING

    @apply.register
    def _(self, event: KnowledgeBase.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        knowledge_id = str(event.originator_id)
        for table in (self.tables.files, self.tables.grants):
            conn.execute(table.delete().where(table.c.knowledge_id == knowledge_id))
        conn.execute(self.tables.bases.delete().where(self.tables.bases.c.id == knowledge_id))
        return NOTHING

    @apply.register(KnowledgeBase.ProcessingRequested)
    def _(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        self._status(conn, event, PENDING)
        return NOTHING

    @apply.register(KnowledgeBase.ProcessingStarted)
    def _(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        self._status(conn, event, PROCESSING)
        return NOTHING

    @apply.register(KnowledgeBase.ProcessingCompleted)
    def _(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        self._status(conn, event, COMPLETED)
        return NOTHING

    @apply.register
    def _(self, event: KnowledgeBase.ProcessingFailed, conn: Connection, position: int) -> Iterable[Change]:
        self._status(conn, event, FAILED, event.error)
        return NOTHING

    def _grant(self, conn: Connection, knowledge_id: str, grants: list[dict[str, str]]) -> None:
        if grants:
            conn.execute(self.tables.grants.insert(), [{"knowledge_id": knowledge_id, **g} for g in grants])

    def _status(self, conn: Connection, event: Any, status: str, error: str | None = None) -> None:
        files = self.tables.files
        conn.execute(files.update().where(files.c.knowledge_id == str(event.originator_id),
                                          files.c.file_id == event.file_id)
                     .values(status=status, error=error, updated_at=epoch(event)))

    def _touch(self, conn: Connection, event: Any, **values: Any) -> None:
        bases = self.tables.bases
        conn.execute(bases.update().where(bases.c.id == str(event.originator_id))
                     .values(updated_at=epoch(event), **values))
