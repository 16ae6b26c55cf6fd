"""/api/v1/files: uploads, as Open WebUI 0.12.4's app makes them (a picture or document attached
to a message) and reads them back.

A file is its owner's; admins may read every file, as in Open WebUI, and so may whoever may read a
chat share or knowledge base that holds it (``file_access.py``). To anyone else it does not exist
(404, and the attempt is recorded). Bytes are served as attachments, except raster pictures
and plain text, which the app shows in place; always with ``nosniff`` and a sandboxing CSP, so an
uploaded page or SVG never runs as ours.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

import anyio
from litestar import Request, Response, delete, get, post
from litestar.datastructures import UploadFile as Upload
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import ClientException
from litestar.handlers import HTTPRouteHandler
from litestar.params import Body, FromPath, FromQuery, Parameter
from litestar.response import Stream

from application.access.service import Authorisation
from application.files.commands import DeleteFile, UploadFile
from application.files.service import Files
from application.knowledge.service import Knowledge
from domain.files.errors import NoSuchFileError
from domain.files.file import StoredFile, named_knowledge_id
from domain.files.kinds import is_raster_image, media_type
from infrastructure.settings import Settings
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import PAGE
from interfaces.http.file_access import readable_file
from interfaces.http.idempotency import once
from interfaces.http.ids import existing_id
from interfaces.http.knowledge_uploads import KnowledgeUploadProgress
from interfaces.http.permissions import require
from projections.files.projector import FileViews
from projections.files.queries import FileQueries
from projections.knowledge.queries import KnowledgeQueries
from projections.runtime.settling import reads

PAGE_SIZE = 50  # Open WebUI's page of files
MULTIPART_SLACK = 1024 * 1024
"""Room in a request for the form around the file (boundaries, headers, metadata)."""
MAX_METADATA = 10_000
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")
SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox",
                "Cache-Control": "private, no-cache"}
Json = dict[str, Any]


@dataclass
class UploadForm:
    file: Upload
    metadata: str | None = None


UPLOAD_THREADS = anyio.CapacityLimiter(2)
"""Documents are read one at a time (docling's PDF backend is not thread-safe), for up to seconds
each: uploads queue on two worker threads of their own here, so a burst of long PDFs never holds
the threads every other request needs."""


def routes(settings: Settings) -> list[HTTPRouteHandler]:
    """The upload's body limit is the file limit (and the form around it), not the API's."""
    limit = settings.files.max_size_mb * 1024 * 1024 + MULTIPART_SLACK
    upload = post("/api/v1/files/", request_max_body_size=limit, status_code=200, guards=[members],
                  opt=reads(FileViews))(upload_file)
    return [upload, list_files, get_file, file_content, process_status, delete_file]


async def upload_file(request: Request[Any, Any, Any],
                      data: Annotated[UploadForm, Body(media_type=RequestEncodingType.MULTI_PART)],
                      user: NamedDependency[SessionUser], files: NamedDependency[Files],
                      knowledge: NamedDependency[Knowledge],
                      file_views: NamedDependency[FileQueries], process: FromQuery[bool] = True) -> Json:
    """An upload whose metadata names a knowledge base joins it (``UploadsIntoKnowledge``) if the
    uploader may write the base; otherwise it is refused before anything is stored (404 for a base
    they cannot see, 403 for one they may only read), where Open WebUI keeps the file unlinked and
    says nothing: the app would then wait for a file that never appears in the base."""
    require(user, "chat.file_upload")
    content, name, metadata = await data.file.read(), data.file.filename, _metadata(data.metadata)
    await data.file.close()
    key = once(request, user, "files.upload", [name, data.file.content_type, hashlib.sha256(content).hexdigest(),
                                               metadata, process])
    command = UploadFile(file_id=key.created_id() if key else uuid.uuid4(), owner_id=user.id, name=name,
                         content_type=_declared_type(data.file.content_type), data=content, metadata=metadata,
                         process=process, once=key)
    if (knowledge_id := named_knowledge_id(metadata)) is not None:
        await anyio.to_thread.run_sync(knowledge.writable, existing_id(knowledge_id), user.id, user.is_admin,
                                       user.group_ids)
    return await anyio.to_thread.run_sync(_uploaded, command, files, file_views, limiter=UPLOAD_THREADS)


def _uploaded(command: UploadFile, files: Files, file_views: FileQueries) -> Json:
    files.upload_file(command)
    file = file_views.get_file(str(command.file_id))
    if file is None:  # a retry of an upload whose file was deleted since
        raise NoSuchFileError(str(command.file_id))
    return {"status": True, **file} if command.process else file


@get("/api/v1/files/", sync_to_thread=True, guards=[members])
def list_files(user: NamedDependency[SessionUser], file_views: NamedDependency[FileQueries],
               page: int = Parameter(default=1, **PAGE)) -> Json:
    """A person's own files; an admin's list is everyone's, as Open WebUI's."""
    items, total = file_views.list_files(None if user.is_admin else user.id,
                                         skip=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return {"items": items, "total": total}


@get("/api/v1/files/{file_id:str}", sync_to_thread=True, guards=[members])
def get_file(file_id: FromPath[str], user: NamedDependency[SessionUser], authorisation: NamedDependency[Authorisation],
             files: NamedDependency[Files],
             file_views: NamedDependency[FileQueries]) -> Json:
    readable_file(file_id, user, files, authorisation)
    file = file_views.get_file(file_id)
    if file is None:
        raise NoSuchFileError(file_id)
    return file


@get("/api/v1/files/{file_id:str}/content", sync_to_thread=True, guards=[members])
def file_content(file_id: FromPath[str], user: NamedDependency[SessionUser],
                 authorisation: NamedDependency[Authorisation],
                 files: NamedDependency[Files], attachment: FromQuery[bool] = False) -> Response[bytes]:
    return content_response(readable_file(file_id, user, files, authorisation), files, attachment)


def content_response(stored: StoredFile, files: Files, attachment: bool) -> Response[bytes]:
    """A file's bytes, named by its own name whatever the path said, served so that they never run as ours."""
    served, disposition = _served_as(stored, attachment)
    return Response(files.content(stored), media_type=served, headers={
        **SAFE_HEADERS, "Content-Disposition": f"{disposition}; {_filename(stored.name)}"})


@get("/api/v1/files/{file_id:str}/process/status", guards=[members])
async def process_status(file_id: FromPath[str], user: NamedDependency[SessionUser],
                         authorisation: NamedDependency[Authorisation],
                         knowledge_views: NamedDependency[KnowledgeQueries], files: NamedDependency[Files],
                         knowledge: NamedDependency[Knowledge],
                         stream: FromQuery[bool] = False) -> Response[Any] | Stream:
    """A file uploaded into a knowledge base is done when the base holds it processed (the app waits
    on this stream, then lists the base); any other file's text is extracted while the upload is
    answered, so its status is already final: one event (Open WebUI's stream stops at
    ``completed`` or ``failed``), none for a file not processed."""
    stored = await anyio.to_thread.run_sync(readable_file, file_id, user, files, authorisation)
    if stored.knowledge_id is not None:
        progress = KnowledgeUploadProgress(stored, user, knowledge, knowledge_views)
        if not stream:
            return Response({"status": (await anyio.to_thread.run_sync(progress.now))["status"]})
        return Stream(progress.events(), media_type="text/event-stream")
    status: Json = {} if stored.text_status is None else {"status": stored.text_status}
    if stored.text_error:
        status["error"] = stored.text_error
    if not stream:
        return Response({"status": stored.text_status or "pending"})
    body = f"data: {json.dumps(status)}\n\n" if status else ""
    return Response(body, media_type="text/event-stream")


@delete("/api/v1/files/{file_id:str}", sync_to_thread=True, status_code=200, guards=[members], opt=reads(FileViews))
def delete_file(file_id: FromPath[str], user: NamedDependency[SessionUser], files: NamedDependency[Files]) -> Json:
    files.delete_file(DeleteFile(file_id=existing_id(file_id), actor_id=user.id, is_admin=user.is_admin))
    return {"message": "File deleted successfully"}


def _served_as(stored: StoredFile, attachment: bool) -> tuple[str, str]:
    """Raster pictures and plain text may be shown in place; anything else (HTML, SVG, scripts,
    PDFs...) is only ever a download, of a type no browser runs."""
    declared = media_type(stored.content_type)
    if not attachment and is_raster_image(declared):
        return declared, "inline"
    if not attachment and declared == "text/plain":
        return "text/plain", "inline"  # Litestar adds the charset
    return "application/octet-stream", "attachment"


def _filename(name: str) -> str:
    fallback = re.sub(r"[^A-Za-z0-9._ -]", "_", name)[:255] or "file"
    return f"filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _declared_type(content_type: str | None) -> str | None:
    declared = media_type(content_type)
    return declared if _MEDIA_TYPE.match(declared) else None


def _metadata(raw: str | None) -> Json:
    if not raw:
        return {}
    if len(raw) > MAX_METADATA:
        raise ClientException(f"metadata may be at most {MAX_METADATA} characters")
    try:
        metadata = json.loads(raw)
    except ValueError:
        raise ClientException("Invalid metadata format") from None
    if not isinstance(metadata, dict):
        raise ClientException("Invalid metadata format")
    return metadata
