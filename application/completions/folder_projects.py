"""A folder as a project (Open WebUI's folder "Project"): what its owner set in its settings
(``data.system_prompt``, and the knowledge bases and files of ``data.files``) reaches every turn of
a chat in it, and of a request that names it (``folder_id``: Open WebUI's fallback for chats it
does not keep).

Only someone who may read the folder gets anything of it: its owner, or an admin (as in Open
WebUI); anyone else's folder lends nothing, as if it did not exist. Its bases and files are read
with the owner's rights, not the reader's (``get_owner_accessible_folder_files``): the owner
attached them for whoever uses the folder, so those the owner can still read are vouched for
(``Caller.using``), and one deleted since, or no longer readable by the owner, is left out.
Notes, which Annals does not have, are not ours to read.

The system prompt's variables are filled in as Open WebUI fills them on the server: the clock's
(``{{CURRENT_DATE}}``...) and the reader's ``{{USER_NAME}}`` and ``{{USER_EMAIL}}``; those the app
fills from the browser's values (location, language...) are left as written."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple, Protocol

import structlog

from application.access.resources import Action, Kind, Principal, Resource
from application.access.service import Authorisation
from application.completions.templates import clock_of
from application.models.catalog import Caller, named_knowledge

log = structlog.get_logger()
Json = dict[str, Any]
KINDS = {"collection": Kind.KNOWLEDGE, "file": Kind.FILE}
_VARIABLE = re.compile(r"\{\{(CURRENT_DATE|CURRENT_TIME|CURRENT_DATETIME|CURRENT_WEEKDAY|USER_NAME|USER_EMAIL)\}\}")


class FolderProject(NamedTuple):
    system: str | None = None
    """The folder's system prompt, if it has one."""
    knowledge: tuple[Json, ...] = ()
    """Its bases and files that its owner may read, vouched for whoever may read the folder."""


NO_PROJECT = FolderProject()


class Folders(Protocol):
    def get_folder(self, folder_id: str) -> Json | None: ...


class People(Protocol):
    def get_user(self, user_id: str) -> Json | None: ...


class Memberships(Protocol):
    def group_ids_of(self, person_id: str, *, include_inherited: bool = False) -> list[str]: ...


class FolderProjects:
    def __init__(self, folders: Folders, people: People, memberships: Memberships,
                 authorisation: Authorisation, now: Callable[[], datetime] = datetime.now) -> None:
        self._folders = folders
        self._people = people
        self._memberships = memberships
        self._authorisation = authorisation
        self._now = now

    def of(self, folder_id: str | None, caller: Caller) -> FolderProject:
        """What the folder lends ``caller``'s turn; nothing if there is no such folder, or it is
        not theirs to read."""
        folder = self._folders.get_folder(folder_id) if folder_id else None
        if folder is None or not self._may_read(folder, caller):
            if folder is not None:
                log.info("folder_project.unreadable", folder_id=folder_id, user_id=caller.user_id)
            return NO_PROJECT
        data = folder.get("data") or {}
        system = data.get("system_prompt")
        return FolderProject(self._filled(system, caller) if isinstance(system, str) and system.strip() else None,
                             self._lent(named_knowledge(data.get("files")), folder["user_id"]))

    def _filled(self, system: str, caller: Caller) -> str:
        """In one pass: a value (the reader's name) is never read for variables itself."""
        reader = self._people.get_user(caller.user_id) or {}
        values = {**clock_of(self._now()), "USER_NAME": str(reader.get("name") or "Unknown"),
                  "USER_EMAIL": str(reader.get("email") or "Unknown")}
        return _VARIABLE.sub(lambda found: values[found[1]], system)

    def _may_read(self, folder: Json, caller: Caller) -> bool:
        """Open WebUI lets admins use anyone's folder here, though our rule keeps folders their owners'."""
        principal = Principal.acting(caller.user_id, caller.is_admin, caller.group_ids)
        return caller.is_admin or self._authorisation.decide(
            principal, Action.READ, Resource(Kind.FOLDER, folder["id"])).allowed

    def _lent(self, items: tuple[Json, ...], owner_id: str) -> tuple[Json, ...]:
        """The ``items`` the folder's owner may read now (none if the owner is gone)."""
        owner = self._people.get_user(owner_id) if items else None
        if owner is None:
            return ()
        principal = Principal(owner_id, owner.get("role"),
                              frozenset(self._memberships.group_ids_of(owner_id, include_inherited=True)))
        return tuple(item for item in items if self._authorisation.decide(
            principal, Action.READ, Resource(KINDS[item["type"]], item["id"])).allowed)
