from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData

from domain.files.file import COMPLETED, FAILED, StoredFile
from projections.files.table import FileTables, define_file_tables
from projections.runtime.projector import Change, Projector, epoch

NOTHING: tuple[Change, ...] = ()


class FileViews(Projector):
    """Every file that is kept, as Open WebUI's ``file`` rows (without a storage path: ours is
    the file's id, in the blob store). A deleted file leaves the view."""

    view = "files"
    context = "Files"
    tables: FileTables

    def replica(self, metadata: MetaData, suffix: str) -> FileViews:
        return FileViews(define_file_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        return NOTHING

    @apply.register
    def _(self, event: StoredFile.Uploaded, conn: Connection, position: int) -> Iterable[Change]:
        now = epoch(event)
        conn.execute(self.tables.files.insert().values(
            id=str(event.originator_id), user_id=event.owner_id, filename=event.name,
            content_type=event.content_type, size=event.size, hash=event.sha256, data={},
            metadata=event.metadata, created_at=now, updated_at=now))
        return NOTHING

    @apply.register
    def _(self, event: StoredFile.TextExtracted, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, data={"status": COMPLETED})
        return NOTHING

    @apply.register
    def _(self, event: StoredFile.TextEdited, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, data={"status": COMPLETED})
        return NOTHING

    @apply.register
    def _(self, event: StoredFile.Renamed, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, filename=event.name)
        return NOTHING

    @apply.register
    def _(self, event: StoredFile.ExtractionFailed, conn: Connection, position: int) -> Iterable[Change]:
        self._update(conn, event, data={"status": FAILED, "error": event.error})
        return NOTHING

    @apply.register
    def _(self, event: StoredFile.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        files = self.tables.files
        conn.execute(files.delete().where(files.c.id == str(event.originator_id)))
        return NOTHING

    def _update(self, conn: Connection, event: Any, **values: Any) -> None:
        files = self.tables.files
        conn.execute(files.update().where(files.c.id == str(event.originator_id))
                     .values(updated_at=epoch(event), **values))
