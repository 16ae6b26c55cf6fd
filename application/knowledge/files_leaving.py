"""A deleted file leaves every knowledge base that held it, as Open WebUI unlinks it on deletion:
a reaction to the Files context's log, so that a crash between the two contexts finishes on restart."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from application.identity.person_deletion import OwnedIds, Settled
from application.knowledge.commands import DropFileEverywhere
from application.knowledge.service import Knowledge
from domain.files.file import StoredFile


class FilesLeavingKnowledge:
    name: ClassVar[str] = "files_leaving_knowledge"
    context: ClassVar[str] = "Files"
    reacts_to: ClassVar[tuple[type, ...]] = (StoredFile.Deleted,)

    def __init__(self, knowledge: Knowledge, holding: OwnedIds, settled: Settled) -> None:
        self._knowledge, self._holding, self._settled = knowledge, holding, settled

    def react(self, event: Any) -> None:
        if not isinstance(event, StoredFile.Deleted):
            return
        file_id = str(event.originator_id)
        if knowledge_ids := [UUID(k) for k in self._holding(file_id)]:
            dropped = self._knowledge.drop_file_everywhere(DropFileEverywhere(
                file_id=file_id, knowledge_ids=knowledge_ids, actor_id=event.actor_id))
            self._settled(self._knowledge.name, dropped)
