"""Finding files by name, as Open WebUI 0.12.4's app does: the chat box's file picker and ``#``
command (``/files/search``: one's own files, everyone's for admins, as the file list; 404 when none
match, as Open WebUI answers), and Settings > Data Controls' Manage Files (``/files/user/search``
and ``/files/user/count``: always one's own). ``filename`` is a glob (``*``, ``?``)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import Parameter

from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from projections.files.queries import FileQueries

Json = dict[str, Any]
Glob = Annotated[str, Parameter(max_length=255)]
Skip = Annotated[int, Parameter(ge=0, le=1_000_000_000)]
Limit = Annotated[int, Parameter(ge=1, le=1000)]


@get("/api/v1/files/search", sync_to_thread=True, guards=[members])
def search_files(user: NamedDependency[SessionUser], file_views: NamedDependency[FileQueries], filename: Glob,
                 skip: Skip = 0,
                 limit: Limit = 100) -> list[Json]:
    found = file_views.search_files(None if user.is_admin else user.id, filename, skip=skip, limit=limit)
    if not found:
        raise NotFoundException("No files found matching the pattern.")
    return found


@get("/api/v1/files/user/search", sync_to_thread=True, guards=[members])
def search_own_files(user: NamedDependency[SessionUser], file_views: NamedDependency[FileQueries], filename: Glob = "*",
                     skip: Skip = 0,
                     limit: Limit = 50) -> list[Json]:
    return file_views.search_files(user.id, filename, skip=skip, limit=limit)


@get("/api/v1/files/count", sync_to_thread=True, guards=[members])
def count_files(user: NamedDependency[SessionUser], file_views: NamedDependency[FileQueries]) -> int:
    return file_views.count_files(None if user.is_admin else user.id)


@get("/api/v1/files/user/count", sync_to_thread=True, guards=[members])
def count_own_files(user: NamedDependency[SessionUser], file_views: NamedDependency[FileQueries]) -> int:
    return file_views.count_files(user.id)


ROUTES = [search_files, search_own_files, count_files, count_own_files]
