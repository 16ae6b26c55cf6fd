"""GET /api/v1/knowledge/{id}/export: a knowledge base's texts as a zip archive, as Open WebUI
0.12.4's Workspace offers it to admins (the Knowledge list's Export): each file's indexed text as
``name.txt``, files with no text yet (still processing, or failed) left out.

Admins only, as in Open WebUI. The archive holds what other people wrote, so an admin exporting
a base whose texts are someone else's is recorded in the audit trail, about each of them, before
the archive is answered (no record, no archive). Its entries' names are safe to unpack: a file's
name is its last segment without control characters (``domain.files.names``), and names that
would repeat are numbered, so no entry replaces another.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import quote

import anyio
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Stream

from application.audit.commands import RecordDisclosure
from application.audit.service import Audit
from application.files.service import Files
from application.knowledge.service import Knowledge
from domain.files.errors import NoSuchFileError
from domain.files.names import sanitised_name
from interfaces.http.access import admins
from interfaces.http.auth import SessionUser
from interfaces.http.ids import existing_id
from projections.knowledge.queries import KnowledgeQueries

IN_MEMORY = 16 * 1024 * 1024
"""An archive up to this size is made in memory; a larger one spills to a temporary file."""
CHUNK = 64 * 1024


@get("/api/v1/knowledge/{knowledge_id:str}/export", guards=[admins])
async def export_knowledge(request: Request[Any, Any, Any], knowledge_id: FromPath[str],
                           user: NamedDependency[SessionUser], knowledge: NamedDependency[Knowledge],
                           knowledge_views: NamedDependency[KnowledgeQueries], files: NamedDependency[Files],
                           audit: NamedDependency[Audit]) -> Stream:
    def exported() -> tuple[IO[bytes], str]:
        base = knowledge.readable(existing_id(knowledge_id), user.id, user.is_admin, user.group_ids)
        archive = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
        try:
            authors = _write(archive, files, [f["id"] for f in knowledge_views.file_metadatas(str(base.id))])
            others = sorted({base.owner_id, *authors} - {user.id})
            if others:
                audit.record_disclosure(RecordDisclosure(user_id=user.id, owners=others,
                                                         resource=f"knowledge {base.id}", path=request.url.path))
        except BaseException:
            archive.close()
            raise
        archive.seek(0)
        return archive, (knowledge_views.get_base(str(base.id)) or {}).get("name", "knowledge")

    archive, name = await anyio.to_thread.run_sync(exported)
    return Stream(_chunks(archive), media_type="application/zip",
                  headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(_zip_name(name), safe='')}"})


def _write(archive: IO[bytes], files: Files, file_ids: list[str]) -> set[str]:
    """Each file's text as an entry of ``archive``; whose texts they are."""
    authors: set[str] = set()
    taken: set[str] = set()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for file_id in file_ids:
            try:
                stored = files.file(existing_id(file_id))
            except NoSuchFileError:
                continue  # deleted since the base was read
            if text := files.text(stored):
                zipped.writestr(_unique(_entry_name(stored.name), taken), text)
                authors.add(stored.owner_id)
    return authors


def _entry_name(file_name: str) -> str:
    name = sanitised_name(file_name)
    return name if name.endswith(".txt") else f"{name}.txt"


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``stem (2).txt``, ``stem (3).txt``... if an entry already has it (in any case:
    unpacked on a case-insensitive disk, they would replace each other too)."""
    stem, candidate, number = name.removesuffix(".txt"), name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}).txt"
    taken.add(candidate.casefold())
    return candidate


def _zip_name(base_name: str) -> str:
    """The base's name with every character but letters, digits, spaces, ``-`` and ``_`` made ``_``."""
    return "".join(c if c.isalnum() or c in " -_" else "_" for c in base_name) + ".zip"


def _chunks(archive: IO[bytes]) -> Iterator[bytes]:
    with archive:
        while chunk := archive.read(CHUNK):
            yield chunk


ROUTES = [export_knowledge]
