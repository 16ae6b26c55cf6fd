"""Knowledge bases and their files in Open WebUI 0.12.4's shapes (``KnowledgeUserModel``,
``FileUserResponse``...), asked with the caller's access in SQL: a base they may not read is in no
answer of theirs, and counts in no total."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select

from application.access.resources import Holding, Principal
from domain.grants import GROUP, READ, USER, WRITE
from domain.knowledge.base import COMPLETED, PENDING, PROCESSING
from projections.files.table import FileTables
from projections.knowledge.table import KnowledgeTables
from projections.runtime.lookup import KeyedLookup
from projections.runtime.store import ViewReader
from projections.users.table import UserTables

Json = dict[str, Any]
SORTABLE = ("name", "created_at", "updated_at")


@dataclass(frozen=True)
class Reader:
    """Who asks: an admin who sees every base (Open WebUI's ``BYPASS_ADMIN_ACCESS_CONTROL``), or a
    person with their groups."""

    user_id: str
    group_ids: Collection[str] = ()
    sees_all: bool = False


@dataclass(frozen=True)
class Listing:
    """What a list asks for: Open WebUI's ``query``, ``view_option``, ``order_by``, ``direction``."""

    query: str | None = None
    view_option: str | None = None
    order_by: str | None = None
    direction: str | None = None


class KnowledgeQueries:
    def __init__(self, engine: ViewReader, tables: KnowledgeTables, files: FileTables, users: UserTables) -> None:
        self._engine = engine
        self._bases, self._grants, self._held = tables.bases, tables.grants, tables.files
        self._files, self._users = files.files, users.users
        self._access = KeyedLookup(engine, self._bases.c.user_id, self._bases.c.access_grants, key=self._bases.c.id)

    # -- bases -----------------------------------------------------------------------------------

    def get_base(self, knowledge_id: str) -> Json | None:
        """The base as Open WebUI's ``KnowledgeModel``."""
        with self._engine.connect() as conn:
            row = conn.execute(select(self._bases).where(self._bases.c.id == knowledge_id)).first()
        return _base(row) if row else None

    def owned_by(self, person_id: str) -> list[Json]:
        """The bases ``person_id`` made, oldest first (for their subject-access archive)."""
        bases = self._bases
        statement = select(bases).where(bases.c.user_id == person_id).order_by(bases.c.created_at, bases.c.id)
        with self._engine.connect() as conn:
            return [_base(row) for row in conn.execute(statement)]

    def list_bases(self, reader: Reader, listing: Listing, *, skip: int, limit: int) -> tuple[list[Json], int]:
        """The bases ``reader`` may read, as ``KnowledgeUserModel`` (with the owner and the number of
        files), a page of them and how many there are."""
        bases, users = self._bases, self._users
        statement = (select(bases, users.c.name.label("owner_name"), users.c.email.label("owner_email"),
                            users.c.role.label("owner_role"), users.c.profile_image_url.label("owner_image"))
                     .outerjoin(users, users.c.id == bases.c.user_id)
                     .where(*self._listed(reader, listing)))
        column = bases.c[listing.order_by] if listing.order_by in SORTABLE else bases.c.updated_at
        ordered = column.asc() if listing.order_by in SORTABLE and listing.direction == "asc" else column.desc()
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
            rows = conn.execute(statement.order_by(ordered, bases.c.id).offset(skip).limit(limit)).all()
            counts = self._file_counts(conn, [row.id for row in rows])
        return [{**_base(row), "user": _owner(row), "file_count": counts.get(row.id, 0)} for row in rows], int(total)

    def writable_ids(self, reader: Reader, knowledge_ids: list[str]) -> set[str]:
        """Which of these bases ``reader`` may change (an admin any)."""
        bases = self._bases
        where: list[ColumnElement[bool]] = [bases.c.id.in_(knowledge_ids)]
        if not reader.sees_all:
            where.append(self._may(reader, WRITE))
        with self._engine.connect() as conn:
            return set(conn.execute(select(bases.c.id).where(*where)).scalars())

    def ids_of(self, owner_id: str) -> list[str]:
        """The bases a person owns (a deleted person's go with them)."""
        with self._engine.connect() as conn:
            return list(conn.execute(select(self._bases.c.id).where(self._bases.c.user_id == owner_id)).scalars())

    def holding(self, file_id: str) -> list[str]:
        """The bases that hold a file."""
        held = self._held
        with self._engine.connect() as conn:
            return list(conn.execute(select(held.c.knowledge_id).where(held.c.file_id == file_id)).scalars())

    def granted_to_group(self, group_id: str) -> list[str]:
        """The bases with a grant to a group (a deleted group's leave them)."""
        grants = self._grants
        statement = select(grants.c.knowledge_id).distinct().where(grants.c.principal_type == GROUP,
                                                                  grants.c.principal_id == group_id)
        with self._engine.connect() as conn:
            return list(conn.execute(statement).scalars())

    def access_of(self, knowledge_id: str) -> Holding | None:
        row = self._access.row(knowledge_id)
        return None if row is None else Holding(row.user_id, row.access_grants or ())

    def lends_file(self, file_id: str, owner_id: str, principal: Principal) -> bool:
        """Whether a base ``principal`` may read holds the file, whoever's it is: then they may read
        the file too (Open WebUI's ``has_access_to_file``)."""
        held, reader = self._held, Reader(principal.user_id or "", principal.group_ids)
        statement = select(held.c.knowledge_id).join(self._bases, self._bases.c.id == held.c.knowledge_id).where(
            held.c.file_id == file_id, self._may(reader, READ)).limit(1)
        with self._engine.connect() as conn:
            return conn.execute(statement).first() is not None

    # -- the files of bases ----------------------------------------------------------------------

    def file_metadatas(self, knowledge_id: str) -> list[Json]:
        """Open WebUI's ``FileMetadataResponse`` of each file in the base."""
        held, files = self._held, self._files
        statement = (select(files).join(held, held.c.file_id == files.c.id)
                     .where(held.c.knowledge_id == knowledge_id).order_by(held.c.created_at, files.c.id))
        with self._engine.connect() as conn:
            return [{"id": row.id, "hash": row.hash, "meta": _meta(row), "created_at": row.created_at,
                     "updated_at": row.updated_at} for row in conn.execute(statement)]

    def list_files(self, knowledge_id: str, user_id: str, listing: Listing, *, skip: int,
                   limit: int) -> tuple[list[Json], int]:
        """A page of the base's files as ``FileUserResponse`` (who added each as its ``user``), each
        with its processing for the base as ``data``; and how many there are."""
        held, files = self._held, self._files
        where: list[ColumnElement[bool]] = [held.c.knowledge_id == knowledge_id]
        if listing.query:
            where.append(files.c.filename.ilike(f"%{_escaped(listing.query)}%", escape="\\"))
        if listing.view_option == "created":
            where.append(held.c.user_id == user_id)
        elif listing.view_option == "shared":
            where.append(held.c.user_id != user_id)
        column = {"name": files.c.filename, "created_at": files.c.created_at}.get(listing.order_by or "",
                                                                                  files.c.updated_at)
        ordered = column.asc() if listing.direction == "asc" else column.desc()
        return self._file_page(self._held_files().where(*where).order_by(ordered, files.c.id), skip, limit)

    def search_files(self, reader: Reader, query: str | None, *, skip: int, limit: int) -> tuple[list[Json], int]:
        """Files of every base ``reader`` may read, newest first, each with its base as ``collection``."""
        held, files, bases = self._held, self._files, self._bases
        where: list[ColumnElement[bool]] = [self._may(reader, READ)]
        if query:
            where.append(files.c.filename.ilike(f"%{_escaped(query)}%", escape="\\"))
        statement = (self._held_files().add_columns(*[c.label(f"base_{c.name}") for c in bases.c])
                     .join(bases, bases.c.id == held.c.knowledge_id).where(*where)
                     .order_by(files.c.updated_at.desc(), files.c.id))
        return self._file_page(statement, skip, limit, with_base=True)

    def processing_of(self, knowledge_id: str, file_id: str) -> Json | None:
        """How far a file's processing for the base has come (``status``, and ``error`` if it
        failed); None if the base does not hold it."""
        held = self._held
        with self._engine.connect() as conn:
            row = conn.execute(select(held.c.status, held.c.error).where(
                held.c.knowledge_id == knowledge_id, held.c.file_id == file_id)).first()
        if row is None:
            return None
        return {"status": row.status, **({"error": row.error} if row.error else {})}

    def pending_files(self, knowledge_id: str) -> list[Json]:
        """The base's files still waiting for or under processing, as ``FileModelResponse``, newest first."""
        held = self._held
        statement = self._held_files().where(held.c.knowledge_id == knowledge_id,
                                             held.c.status.in_((PENDING, PROCESSING)))
        with self._engine.connect() as conn:
            rows = conn.execute(statement.order_by(held.c.created_at.desc(), held.c.file_id)).all()
        return [_file(row) for row in rows]

    def processed_files(self) -> list[tuple[str, str]]:
        """Every (base, file) whose processing completed: what the indexes hold chunks of."""
        held = self._held
        with self._engine.connect() as conn:
            rows = conn.execute(select(held.c.knowledge_id, held.c.file_id).where(held.c.status == COMPLETED)
                                .order_by(held.c.knowledge_id, held.c.created_at, held.c.file_id)).all()
        return [(row.knowledge_id, row.file_id) for row in rows]

    def _held_files(self) -> Select[Any]:
        held, files, users = self._held, self._files, self._users
        return (select(files, held.c.status, held.c.error, held.c.user_id.label("added_by"),
                       users.c.name.label("owner_name"), users.c.email.label("owner_email"),
                       users.c.role.label("owner_role"), users.c.profile_image_url.label("owner_image"))
                .join(held, held.c.file_id == files.c.id).outerjoin(users, users.c.id == held.c.user_id))

    def _file_page(self, statement: Select[Any], skip: int, limit: int,
                   with_base: bool = False) -> tuple[list[Json], int]:
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
            rows = conn.execute(statement.offset(skip).limit(limit)).all()
        items = [{**_file(row), "directory_id": None, "directory_path": "", "has_original": True,
                  "user": _owner(row, "added_by")} for row in rows]
        if with_base:
            for item, row in zip(items, rows, strict=True):
                item["collection"] = _base(row, "base_")
        return items, int(total)

    def _listed(self, reader: Reader, listing: Listing) -> list[ColumnElement[bool]]:
        bases, users = self._bases, self._users
        where: list[ColumnElement[bool]] = [] if reader.sees_all else [self._may(reader, READ)]
        if listing.view_option == "created":
            where.append(bases.c.user_id == reader.user_id)
        elif listing.view_option == "shared":
            where.append(bases.c.user_id != reader.user_id)
        if listing.query:
            like = f"%{_escaped(listing.query)}%"
            where.append(or_(*(column.ilike(like, escape="\\") for column in (
                bases.c.name, bases.c.description, users.c.name, users.c.email))))
        return where

    def _may(self, reader: Reader, permission: str) -> ColumnElement[bool]:
        """The owner, or a grant of ``permission`` to them, to everyone signed in, or to a group of theirs."""
        grants, bases = self._grants, self._bases
        groups = and_(grants.c.principal_type == GROUP, grants.c.principal_id.in_(list(reader.group_ids))) \
            if reader.group_ids else false()
        granted = exists().where(grants.c.knowledge_id == bases.c.id, grants.c.permission == permission, or_(
            and_(grants.c.principal_type == USER, grants.c.principal_id.in_((reader.user_id, "*"))), groups))
        return or_(bases.c.user_id == reader.user_id, granted)

    def _file_counts(self, conn: Any, knowledge_ids: list[str]) -> dict[str, int]:
        held = self._held
        statement = (select(held.c.knowledge_id, func.count()).where(held.c.knowledge_id.in_(knowledge_ids))
                     .group_by(held.c.knowledge_id))
        return {knowledge_id: int(count) for knowledge_id, count in conn.execute(statement)}


def _base(row: Any, prefix: str = "") -> Json:
    def field(name: str) -> Any:
        return getattr(row, f"{prefix}{name}")

    return {"id": field("id"), "user_id": field("user_id"), "name": field("name"),
            "description": field("description"), "meta": None, "access_grants": field("access_grants"),
            "created_at": field("created_at"), "updated_at": field("updated_at")}


def _owner(row: Any, id_field: str = "user_id") -> Json | None:
    if row.owner_email is None:
        return None
    return {"id": getattr(row, id_field), "name": row.owner_name, "email": row.owner_email, "role": row.owner_role,
            "profile_image_url": row.owner_image}


def _file(row: Any) -> Json:
    """``FileModelResponse``, its ``data`` the file's processing for the base."""
    data: Json = {"status": row.status}
    if row.error:
        data["error"] = row.error
    return {"id": row.id, "user_id": row.user_id, "hash": row.hash, "filename": row.filename, "data": data,
            "meta": _meta(row), "created_at": row.created_at, "updated_at": row.updated_at}


def _meta(row: Any) -> Json:
    return {"name": row.filename, "content_type": row.content_type, "size": row.size, "data": row.metadata}


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
