"""/api/v1/files: what Open WebUI 0.12.4's file pages and knowledge file viewer change of a file
(its name, its indexed text), the bytes under a name of the browser's choosing, and an admin's
deletion of every file.

Renaming and editing the text are its owner's and admins' (to anyone else the file does not
exist); an edited text is indexed anew, in the file's own collection and in every knowledge base
holding it, by reactions to the edit. Deleting every file deletes each as one delete would.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from application.access.service import Authorisation
from application.files.commands import DeleteFile, EditFileText, RenameFile
from application.files.service import Files
from domain.files.errors import NoSuchFileError
from interfaces.http.access import admins, members
from interfaces.http.auth import SessionUser
from interfaces.http.file_access import readable_file
from interfaces.http.files import content_response
from interfaces.http.ids import existing_id
from projections.files.projector import FileViews
from projections.files.queries import FileQueries
from projections.runtime.settling import reads


class RenameForm(msgspec.Struct, forbid_unknown_fields=True):
    filename: str


class TextForm(msgspec.Struct, forbid_unknown_fields=True):
    content: str


@post("/api/v1/files/{file_id:str}/rename", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(FileViews))
def rename_file(file_id: FromPath[str], data: JSONBody[RenameForm], user: NamedDependency[SessionUser],
                files: NamedDependency[Files],
                file_views: NamedDependency[FileQueries]) -> dict[str, Any]:
    """The file as Open WebUI's ``FileModel``, under its new name (cleaned as an upload's is)."""
    files.rename_file(RenameFile(file_id=existing_id(file_id), name=data.filename, actor_id=user.id,
                                 is_admin=user.is_admin))
    file = file_views.get_file(file_id)
    if file is None:
        raise NoSuchFileError(file_id)
    return file


@get("/api/v1/files/{file_id:str}/content/{file_name:str}", sync_to_thread=True, guards=[members])
def named_file_content(file_id: FromPath[str], file_name: FromPath[str], user: NamedDependency[SessionUser],
                       authorisation: NamedDependency[Authorisation], files: NamedDependency[Files],
                       attachment: FromQuery[bool] = False) -> Response[bytes]:
    """``file_name`` is only for the browser (the name it saves under); the file's own name is sent."""
    return content_response(readable_file(file_id, user, files, authorisation), files, attachment)


@post("/api/v1/files/{file_id:str}/data/content/update", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(FileViews))
def edit_text(file_id: FromPath[str], data: JSONBody[TextForm], user: NamedDependency[SessionUser],
              files: NamedDependency[Files]) -> dict[str, str]:
    files.edit_file_text(EditFileText(file_id=existing_id(file_id), text=data.content, actor_id=user.id,
                                      is_admin=user.is_admin))
    return {"content": data.content}


@delete("/api/v1/files/all", sync_to_thread=True, status_code=200, guards=[admins], opt=reads(FileViews))
def delete_all_files(user: NamedDependency[SessionUser], files: NamedDependency[Files],
                     file_views: NamedDependency[FileQueries]) -> dict[str, str]:
    """Each file as ``DELETE /files/{id}`` deletes it (its bytes, text and chunks go, and it leaves
    the knowledge bases that held it); one deleted meanwhile is already gone."""
    for file_id, _, _ in file_views.uploaded(None):
        try:
            files.delete_file(DeleteFile(file_id=existing_id(file_id), actor_id=user.id, is_admin=user.is_admin))
        except NoSuchFileError:
            continue
    return {"message": "All files deleted successfully"}


ROUTES = [rename_file, named_file_content, edit_text, delete_all_files]
