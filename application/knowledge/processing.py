"""A file added to a knowledge base (or to be processed anew) becomes chunks in the base's
collection (named by the base's id), embedded and indexed (``FileIndexing``); a file leaving the
base, or the base reset or deleted, takes its chunks out of the indexes. A reaction to the
Knowledge context's log, so that a crash anywhere finishes on restart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar
from uuid import UUID

from application.files.service import Files
from application.identity.person_deletion import Settled
from application.knowledge.commands import ReportProcessing
from application.knowledge.file_indexing import Chunkers, FileIndexing, Indexes, ProcessingError, never
from application.knowledge.service import COMPLETED, FAILED, STARTED, Knowledge
from application.retrieval.ports import IndexStaleError
from domain.knowledge.base import KnowledgeBase
from domain.knowledge.errors import FileNotInKnowledgeError, KnowledgeNotFoundError


class KnowledgeProcessing:
    name: ClassVar[str] = "knowledge_processing"
    context: ClassVar[str] = "Knowledge"
    reacts_to: ClassVar[tuple[type, ...]] = (
        KnowledgeBase.FilesAdded, KnowledgeBase.ProcessingRequested, KnowledgeBase.FileRemoved,
        KnowledgeBase.Reset, KnowledgeBase.Deleted)

    def __init__(self, knowledge: Knowledge, files: Files, chunkers: Chunkers, indexes: Indexes,
                 settled: Settled, shown: Settled, stopping: Callable[[], bool] = never) -> None:
        """``shown``: waits for the view of the files' statuses alone, enough for a file's start (its
        end, later in the log, is waited for in every view, ``settled``). One transaction per view
        less per file, the other views taking both events in one."""
        self._knowledge, self._indexes, self._settled, self._shown = knowledge, indexes, settled, shown
        self._files = FileIndexing(files, chunkers, indexes, stopping)

    def react(self, event: Any) -> None:
        knowledge_id = event.originator_id
        if isinstance(event, KnowledgeBase.FilesAdded):
            for file_id in event.file_ids:
                self._process(knowledge_id, file_id, event.actor_id)
        elif isinstance(event, KnowledgeBase.ProcessingRequested):
            self._process(knowledge_id, event.file_id, event.actor_id)
        elif isinstance(event, KnowledgeBase.FileRemoved):
            self._files.remove(str(knowledge_id), event.file_id)
        elif isinstance(event, KnowledgeBase.Reset | KnowledgeBase.Deleted):
            self._indexes.vectors.drop(str(knowledge_id))
            self._indexes.lexical.drop(str(knowledge_id))

    def _process(self, knowledge_id: UUID, file_id: str, actor_id: str) -> None:
        """Skipped if the base no longer holds the file (its start is refused): a later event in the
        log removes it. Failed (saying why) while the indexes are stale: its owner processes it again
        once they are rebuilt."""
        if not self._report(knowledge_id, file_id, actor_id, STARTED, self._shown):
            return
        try:
            self._files.index(str(knowledge_id), file_id)
        except (ProcessingError, IndexStaleError) as why:
            self._report(knowledge_id, file_id, actor_id, FAILED, self._settled, str(why))
            return
        self._report(knowledge_id, file_id, actor_id, COMPLETED, self._settled)

    def _report(self, knowledge_id: UUID, file_id: str, actor_id: str, outcome: str, waited_for: Settled,
                error: str = "") -> bool:
        """Whether it was recorded (then waited for in the views ``waited_for`` waits for): not if
        the file left the base (or the base went) meanwhile."""
        try:
            position = self._knowledge.report_processing(ReportProcessing(
                knowledge_id=knowledge_id, file_id=file_id, outcome=outcome, actor_id=actor_id, error=error))
        except (KnowledgeNotFoundError, FileNotInKnowledgeError):
            return False
        waited_for(self._knowledge.name, position)
        return True
