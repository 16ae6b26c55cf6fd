"""What happens to a file reaches every knowledge base that holds it: a deleted file leaves them,
as Open WebUI unlinks it on deletion, and a file whose text was edited is processed anew in them,
so that its old chunks stop answering there (Open WebUI re-indexes each base after the edit; the
base's own processing, ``KnowledgeProcessing``, makes the chunks). A reaction to the Files
context's log, so that a crash between the two contexts finishes on restart."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from application.identity.person_deletion import OwnedIds, Settled
from application.knowledge.commands import DropFileEverywhere, ReprocessFileEverywhere
from application.knowledge.service import Knowledge
from domain.files.file import StoredFile


class FilesInKnowledge:
    name: ClassVar[str] = "files_leaving_knowledge"
    """Its first name, kept: the name is where its position in the log is tracked."""
    context: ClassVar[str] = "Files"
    reacts_to: ClassVar[tuple[type, ...]] = (StoredFile.Deleted, StoredFile.TextEdited)

    def __init__(self, knowledge: Knowledge, holding: OwnedIds, settled: Settled) -> None:
        self._knowledge, self._holding, self._settled = knowledge, holding, settled

    def react(self, event: Any) -> None:
        if not isinstance(event, StoredFile.Deleted | StoredFile.TextEdited):
            return
        file_id = str(event.originator_id)
        if not (knowledge_ids := [UUID(k) for k in self._holding(file_id)]):
            return
        if isinstance(event, StoredFile.Deleted):
            changed = self._knowledge.drop_file_everywhere(DropFileEverywhere(
                file_id=file_id, knowledge_ids=knowledge_ids, actor_id=event.actor_id))
        else:
            changed = self._knowledge.reprocess_file_everywhere(ReprocessFileEverywhere(
                file_id=file_id, knowledge_ids=knowledge_ids, actor_id=event.actor_id))
        self._settled(self._knowledge.name, changed)
