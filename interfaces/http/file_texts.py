"""A file's text as it was indexed, as Open WebUI 0.12.4's app shows it in a knowledge base's file
viewer (its Indexed text tab): the text extracted from the file, which its chunks are cut from;
empty while (or when) there is none. Readable by whoever may read the file itself."""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.access.service import Authorisation
from application.files.service import Files
from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.file_access import readable_file


@get("/api/v1/files/{file_id:str}/data/content", sync_to_thread=True, guards=[members])
def indexed_text(file_id: FromPath[str], user: NamedDependency[SessionUser],
                 authorisation: NamedDependency[Authorisation],
                 files: NamedDependency[Files]) -> dict[str, str]:
    return {"content": files.text(readable_file(file_id, user, files, authorisation)) or ""}


ROUTES = [indexed_text]
