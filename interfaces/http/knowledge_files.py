"""The files of knowledge bases, as Open WebUI 0.12.4's app lists, adds and removes them.

A base holds files of the Files context by id. Adding one needs write access to the base and read
access to the file (its owner, an admin, or whoever a share or a base lends it to): a base never
launders someone else's file. Each file then waits for its processing for the base (chunks,
embeddings, index), whose state it carries in the listing as ``data.status`` (``pending``,
``processing``, ``completed``, or ``failed`` with ``data.error``), as the app shows it; the files
still under way are also ``files/pending``. Directories come later: none exists, so a file can only
be put at a base's top.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

import anyio
import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter
from litestar.response import Stream

from application.access.service import Authorisation
from application.files.service import Files
from application.knowledge import commands as k
from application.knowledge.service import Knowledge
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import PAGE
from interfaces.http.file_access import readable_file
from interfaces.http.forms import Form
from interfaces.http.ids import existing_id
from interfaces.http.knowledge import PAGE_SIZE, Query, acting, changed
from projections.knowledge.projector import KnowledgeViews
from projections.knowledge.queries import KnowledgeQueries, Listing, Reader
from projections.runtime.settling import reads

Json = dict[str, Any]
FileId = Annotated[str, msgspec.Meta(min_length=1, max_length=36)]
MAX_BATCH = 1000
PENDING_POLL_SECONDS, PENDING_POLLS = 3, 1200
"""How often ``files/pending?stream=true`` looks again, and for how long at most (an hour, as Open WebUI)."""
NO_DIRECTORY = "Target directory not found."


class KnowledgeFileForm(Form):
    file_id: FileId
    directory_id: Annotated[str, msgspec.Meta(max_length=36)] | None = None


@get("/api/v1/knowledge/{knowledge_id:str}/files", sync_to_thread=True, guards=[members])
def list_knowledge_files(knowledge_id: FromPath[str], user: NamedDependency[SessionUser],
                         knowledge: NamedDependency[Knowledge],
                         knowledge_views: NamedDependency[KnowledgeQueries],
                         text: Annotated[str | None, QueryParameter(name="query", max_length=1000)] = None,
                         view_option: FromQuery[Query | None] = None, order_by: FromQuery[Query | None] = None,
                         direction: FromQuery[Query | None] = None, directory_id: FromQuery[Query | None] = None,
                         page: int = Parameter(default=1, **PAGE),
                         limit: int | None = Parameter(default=None, ge=1, le=1000)) -> Json:
    """Open WebUI's ``KnowledgeFileListResponse``; admins may ask for pages of another size."""
    base = knowledge.readable(existing_id(knowledge_id), user.id, user.is_admin, user.group_ids)
    if directory_id:  # no directory exists, so none holds a file
        return {"items": [], "directories": [], "breadcrumbs": [], "total": 0}
    size = limit if user.is_admin and limit is not None else PAGE_SIZE
    listing = Listing(query=text, view_option=view_option, order_by=order_by, direction=direction)
    items, total = knowledge_views.list_files(str(base.id), user.id, listing, skip=(page - 1) * size, limit=size)
    return {"items": items, "directories": [], "breadcrumbs": [], "total": total}


@get("/api/v1/knowledge/search/files", sync_to_thread=True, guards=[members])
def search_knowledge_files(user: NamedDependency[SessionUser], knowledge_views: NamedDependency[KnowledgeQueries],
                           text: Annotated[str | None, QueryParameter(name="query", max_length=1000)] = None,
                           page: int = Parameter(default=1, **PAGE)) -> Json:
    """The files of every base the caller may read (admins too: Open WebUI does not bypass here)."""
    items, total = knowledge_views.search_files(Reader(user.id, user.group_ids), text,
                                                skip=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return {"items": items, "directories": [], "breadcrumbs": [], "total": total}


@get("/api/v1/knowledge/{knowledge_id:str}/files/pending", guards=[members])
async def pending_knowledge_files(knowledge_id: FromPath[str], user: NamedDependency[SessionUser],
                                  knowledge: NamedDependency[Knowledge],
                                  knowledge_views: NamedDependency[KnowledgeQueries],
                                  stream: FromQuery[bool] = False) -> Any:
    """The base's files still waiting for or under processing; streamed (``stream=true``), the list
    again every few seconds until none is left."""
    base = await anyio.to_thread.run_sync(knowledge.readable, existing_id(knowledge_id), user.id, user.is_admin,
                                          user.group_ids)
    if not stream:
        return await anyio.to_thread.run_sync(knowledge_views.pending_files, str(base.id))

    async def polled() -> AsyncIterator[str]:
        for _ in range(PENDING_POLLS):
            pending = await anyio.to_thread.run_sync(knowledge_views.pending_files, str(base.id))
            yield f"data: {json.dumps(pending)}\n\n"
            if not pending:
                return
            await anyio.sleep(PENDING_POLL_SECONDS)

    return Stream(polled(), media_type="text/event-stream")


@post("/api/v1/knowledge/{knowledge_id:str}/file/add", status_code=200, guards=[members], opt=reads(KnowledgeViews))
async def add_knowledge_file(knowledge_id: FromPath[str], data: JSONBody[KnowledgeFileForm],
                             user: NamedDependency[SessionUser],
                             knowledge: NamedDependency[Knowledge], files: NamedDependency[Files],
                             authorisation: NamedDependency[Authorisation],
                             knowledge_views: NamedDependency[KnowledgeQueries]) -> Json:
    return await _add(knowledge_id, [data], user, knowledge, files, authorisation, knowledge_views)


@post("/api/v1/knowledge/{knowledge_id:str}/files/batch/add", status_code=200, guards=[members],
      opt=reads(KnowledgeViews))
async def add_knowledge_files(knowledge_id: FromPath[str], data: Annotated[list[KnowledgeFileForm], msgspec.Meta(
                                  max_length=MAX_BATCH)], user: NamedDependency[SessionUser],
                              knowledge: NamedDependency[Knowledge], files: NamedDependency[Files],
                              authorisation: NamedDependency[Authorisation],
                              knowledge_views: NamedDependency[KnowledgeQueries]) -> Json:
    return await _add(knowledge_id, data, user, knowledge, files, authorisation, knowledge_views)


@post("/api/v1/knowledge/{knowledge_id:str}/file/update", status_code=200, guards=[members],
      opt=reads(KnowledgeViews))
async def reprocess_knowledge_file(knowledge_id: FromPath[str], data: JSONBody[KnowledgeFileForm],
                                   user: NamedDependency[SessionUser],
                                   knowledge: NamedDependency[Knowledge],
                                   knowledge_views: NamedDependency[KnowledgeQueries]) -> Json:
    """The file's content changed: it waits to be processed for the base again."""
    command = k.ReprocessKnowledgeFile(**acting(user, knowledge_id), file_id=data.file_id)
    return await changed(knowledge_views, knowledge.reprocess_knowledge_file, command)


@post("/api/v1/knowledge/{knowledge_id:str}/file/remove", status_code=200, guards=[members],
      opt=reads(KnowledgeViews))
async def remove_knowledge_file(knowledge_id: FromPath[str], data: JSONBody[KnowledgeFileForm],
                                user: NamedDependency[SessionUser],
                                knowledge: NamedDependency[Knowledge],
                                knowledge_views: NamedDependency[KnowledgeQueries]) -> Json:
    """The file leaves the base; the file itself is kept (its owner deletes it in Files)."""
    command = k.RemoveKnowledgeFile(**acting(user, knowledge_id), file_id=data.file_id)
    return await changed(knowledge_views, knowledge.remove_knowledge_file, command)


async def _add(knowledge_id: str, forms: list[KnowledgeFileForm], user: SessionUser, knowledge: Knowledge,
               files: Files, authorisation: Authorisation, knowledge_views: KnowledgeQueries) -> Json:
    def command() -> k.AddKnowledgeFiles:
        knowledge.writable(existing_id(knowledge_id), user.id, user.is_admin, user.group_ids)  # 404 before 403
        if any(form.directory_id for form in forms):
            raise NotFoundException(NO_DIRECTORY)
        for form in forms:  # each, before anything is added: all of them or none
            readable_file(form.file_id, user, files, authorisation)
        return k.AddKnowledgeFiles(**acting(user, knowledge_id), file_ids=[form.file_id for form in forms])

    return await changed(knowledge_views, knowledge.add_knowledge_files, await anyio.to_thread.run_sync(command))


ROUTES = [list_knowledge_files, search_knowledge_files, pending_knowledge_files, add_knowledge_file,
          add_knowledge_files, reprocess_knowledge_file, remove_knowledge_file]
