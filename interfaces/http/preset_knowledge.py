"""Who may attach knowledge to a preset: whoever saves it must be able to read every knowledge
base and file its ``meta.knowledge`` newly names. Whoever may use a preset is shown its knowledge
without a grant of their own (``attachments.py``), so without this check a member could read
any base whose id they learnt by naming it in a preset of theirs (CVE-2026-54012). Items the
preset already named are not checked again: a writer through a grant may keep what its author
attached without being able to read it. What they may not read answers 404, as if it did not
exist, and is recorded as a refusal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from application.access.service import Authorisation
from application.files.service import Files
from application.knowledge.service import Knowledge
from application.models.catalog import preset_knowledge
from interfaces.http.auth import SessionUser
from interfaces.http.file_access import readable_file
from interfaces.http.ids import existing_id


def check_knowledge(meta: dict[str, Any] | None, before: dict[str, Any] | None, user: SessionUser,
                    knowledge: Knowledge, files: Files, authorisation: Authorisation) -> None:
    """``before``: the preset's meta as stored (None for a new preset)."""
    kept = {(item["type"], item["id"]) for item in preset_knowledge(before)}
    added = [item for item in preset_knowledge(meta) if (item["type"], item["id"]) not in kept]
    check_readable(added, user, knowledge, files, authorisation)


def check_readable(items: Iterable[dict[str, Any]], user: SessionUser, knowledge: Knowledge, files: Files,
                   authorisation: Authorisation) -> None:
    """Each of ``items`` (a base or a file by id: ``named_knowledge``) is one ``user`` may read."""
    for item in items:
        if item["type"] == "file":
            readable_file(item["id"], user, files, authorisation)
        else:
            knowledge.readable(existing_id(item["id"]), user.id, user.is_admin, user.group_ids)
