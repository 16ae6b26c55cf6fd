"""Who may attach knowledge to a folder (its ``data.files``, Open WebUI's folder "Project"): every
item must name a knowledge base (``collection``) or a file by id that the saver, the folder's
owner, may read. Whoever may read the folder is shown what it names with the owner's rights
(``folder_projects.py``), so without this check a person could reach any base whose id they
learnt by naming it in a folder of theirs (as CVE-2026-54012 did through a preset). Open WebUI
checks the whole list at every save, not only what is added; so do we. What they may not read
answers 404, as if it did not exist; an item of another shape (a note, which Annals does not
have) cannot be checked, and is refused."""

from __future__ import annotations

from typing import Any

from litestar.exceptions import ValidationException

from application.access.service import Authorisation
from application.files.service import Files
from application.knowledge.service import Knowledge
from application.models.catalog import named_knowledge, names_knowledge
from interfaces.http.auth import SessionUser
from interfaces.http.preset_knowledge import check_readable

MAX_FOLDER_FILES = 100
"""Each is looked up at every turn of every chat in the folder."""


def check_folder_files(data: dict[str, Any] | None, user: SessionUser, knowledge: Knowledge, files: Files,
                       authorisation: Authorisation) -> None:
    entries = (data or {}).get("files")
    if entries is None:
        return
    if not isinstance(entries, list) or len(entries) > MAX_FOLDER_FILES:
        raise ValidationException(f"data.files: a list of at most {MAX_FOLDER_FILES} items")
    if not all(names_knowledge(entry) for entry in entries):
        raise ValidationException("data.files: each item names a knowledge base (collection) or a file by id")
    check_readable(named_knowledge(entries), user, knowledge, files, authorisation)
