"""A file uploaded from a knowledge base's page joins that base, as Open WebUI 0.12.4's upload
does when its metadata names the base (``knowledge_id``): the app then only waits for the file's
processing status and never calls ``file/add`` itself.

The upload's handler refuses a base the uploader may not write before anything is stored; this
reaction, reading the Files log, asks again with the uploader's standing at the time it acts, so
that an upload recorded before that check existed (or whose uploader lost the right since) never
puts a file into someone else's base. Adding is idempotent: a file the base already holds is
skipped, and so is a file deleted since."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar
from uuid import UUID

import structlog

from application.files.service import Files
from application.identity.person_deletion import Settled
from application.knowledge.commands import AddKnowledgeFiles
from application.knowledge.service import Knowledge
from domain.files.errors import NoSuchFileError
from domain.files.file import StoredFile, named_knowledge_id
from domain.knowledge.errors import KnowledgeAccessDeniedError, KnowledgeNotFoundError

log = structlog.get_logger()
Standing = Callable[[str], tuple[bool, frozenset[str]]]
"""A person's standing now: whether they are an admin, and their groups."""


class UploadsIntoKnowledge:
    name: ClassVar[str] = "uploads_into_knowledge"
    context: ClassVar[str] = "Files"
    reacts_to: ClassVar[tuple[type, ...]] = (StoredFile.Uploaded,)

    def __init__(self, knowledge: Knowledge, files: Files, standing: Standing, settled: Settled) -> None:
        self._knowledge, self._files, self._standing, self._settled = knowledge, files, standing, settled

    def react(self, event: Any) -> None:
        if not isinstance(event, StoredFile.Uploaded) or (named := named_knowledge_id(event.metadata)) is None:
            return
        try:
            knowledge_id = UUID(named)
        except ValueError:
            return  # no base has such an id: the upload was refused, or predates the check
        try:
            self._files.file(event.originator_id)
        except NoSuchFileError:
            return  # deleted since: it would only be dropped from the base again
        is_admin, group_ids = self._standing(event.owner_id)
        try:
            added = self._knowledge.add_knowledge_files(AddKnowledgeFiles(
                knowledge_id=knowledge_id, actor_id=event.owner_id, actor_is_admin=is_admin,
                actor_group_ids=group_ids, file_ids=[str(event.originator_id)]))
        except (KnowledgeNotFoundError, KnowledgeAccessDeniedError) as why:
            log.warning("upload not added to knowledge", file_id=str(event.originator_id), reason=type(why).__name__)
            return
        self._settled(self._knowledge.name, added)
