from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from application.access.resources import Holding
from domain.files.file import COMPLETED, named_knowledge_id
from projections.files.table import FileTables
from projections.runtime.lookup import KeyedLookup
from projections.runtime.store import ViewReader


class FileQueries:
    def __init__(self, engine: ViewReader, tables: FileTables) -> None:
        self._engine = engine
        self._files = tables.files
        self._owner = KeyedLookup(engine, tables.files.c.user_id, key=tables.files.c.id)

    def get_file(self, file_id: str) -> dict[str, Any] | None:
        """The file as Open WebUI's ``FileModel``."""
        with self._engine.connect() as conn:
            row = conn.execute(select(self._files).where(self._files.c.id == file_id)).first()
        return _file(row) if row else None

    def access_of(self, file_id: str) -> Holding | None:
        row = self._owner.row(file_id)
        return None if row is None else Holding(row.user_id)

    def list_files(self, user_id: str | None, *, skip: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        """A person's files (everyone's when ``user_id`` is None), newest first, and how many there are."""
        files = self._files
        where = [] if user_id is None else [files.c.user_id == user_id]
        page = select(files).where(*where).order_by(files.c.created_at.desc(), files.c.id).offset(skip).limit(limit)
        with self._engine.connect() as conn:
            rows = [_file(row) for row in conn.execute(page)]
        return rows, self.count_files(user_id)

    def search_files(self, user_id: str | None, pattern: str, *, skip: int, limit: int) -> list[dict[str, Any]]:
        """Files whose name matches a glob (``*`` any run of characters, ``?`` one; case ignored), newest
        first; a person's (everyone's when ``user_id`` is None)."""
        files = self._files
        where = [] if user_id is None else [files.c.user_id == user_id]
        like = _like(pattern)
        if like != "%":
            where.append(files.c.filename.ilike(like, escape="\\"))
        page = (select(files).where(*where).order_by(files.c.created_at.desc(), files.c.id.desc())
                .offset(skip).limit(limit))
        with self._engine.connect() as conn:
            return [_file(row) for row in conn.execute(page)]

    def count_files(self, user_id: str | None) -> int:
        files = self._files
        where = [] if user_id is None else [files.c.user_id == user_id]
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(files).where(*where)).scalar_one())

    def uploaded(self, before: float | None, among: Sequence[str] | None = None) -> list[tuple[str, str, int]]:
        """(id, owner, upload time) of the files uploaded before ``before`` (any, if None), of ``among``
        if given, oldest first: what a retention policy finds due."""
        files = self._files
        statement = select(files.c.id, files.c.user_id, files.c.created_at).order_by(files.c.created_at, files.c.id)
        if before is not None:
            statement = statement.where(files.c.created_at < before)
        if among is not None:
            statement = statement.where(files.c.id.in_(list(among)))
        with self._engine.connect() as conn:
            return [(row.id, row.user_id, row.created_at) for row in conn.execute(statement)]

    def ids_of(self, user_id: str) -> list[str]:
        with self._engine.connect() as conn:
            return list(conn.execute(select(self._files.c.id).where(self._files.c.user_id == user_id)).scalars())

    def extracted_for_chats(self) -> list[str]:
        """The files whose text was extracted, but not uploaded into a knowledge base (which indexes
        them itself), oldest first: those with chunks in a collection of their own."""
        files = self._files
        statement = select(files.c.id, files.c.data, files.c.metadata).order_by(files.c.created_at, files.c.id)
        with self._engine.connect() as conn:
            return [row.id for row in conn.execute(statement)
                    if (row.data or {}).get("status") == COMPLETED and named_knowledge_id(row.metadata or {}) is None]


def _file(row: Any) -> dict[str, Any]:
    meta = {"name": row.filename, "content_type": row.content_type, "size": row.size, "data": row.metadata}
    return {"id": row.id, "user_id": row.user_id, "hash": row.hash, "filename": row.filename, "data": row.data,
            "meta": meta, "created_at": row.created_at, "updated_at": row.updated_at}


def _like(glob: str) -> str:
    """A glob as SQL LIKE: what LIKE reads as wildcards escaped, then ``*`` and ``?`` turned into them."""
    escaped = glob.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")
