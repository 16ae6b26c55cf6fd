"""An admin's new embedding model takes over through a rebuild: the retrieval indexes are built
anew with it beside those in force (``Reindexing``), then swapped in. Until the swap, searches
and newly processed files go on with the indexes in force and the model they were made with; the
rebuild's last step takes in the files processed meanwhile.

A reaction to the choice, run in the background: its position moves past the choice only once
the new build is in force, so a crash, a stop or an engine that fails (``Postponed``) leaves the
choice to be acted on again, on the next catch-up or start, from a fresh build."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Protocol

import structlog

from application.knowledge.file_indexing import EngineFailedError
from application.reactions import Postponed
from application.retrieval.ports import EmbeddingChoice, EmbeddingError
from application.retrieval.reindexing import Progress, Reindexed
from domain.knowledge.document_settings import DocumentSettings

log = structlog.get_logger()


class Rebuilds(Protocol):
    def in_force(self) -> EmbeddingChoice:
        """The choice the indexes in force were made with."""

    def rebuild(self, choice: EmbeddingChoice, progress: Progress) -> Reindexed:
        """Indexes made with ``choice`` built beside those in force, then swapped in; when
        ``progress`` raises, they are abandoned and those in force stay."""

    def failed(self, why: str) -> None:
        """Why the last rebuild failed, for the admin, until a build is swapped in."""


class EmbeddingSwitch:
    name: ClassVar[str] = "embedding_switch"
    context: ClassVar[str] = "Knowledge"
    reacts_to: ClassVar[tuple[type, ...]] = (DocumentSettings.EmbeddingChosen,)

    def __init__(self, chosen: Callable[[], EmbeddingChoice], rebuilds: Rebuilds,
                 stopping: Callable[[], bool]) -> None:
        self._chosen, self._rebuilds, self._stopping = chosen, rebuilds, stopping

    def react(self, event: Any) -> None:
        """Builds for the choice in force now: a later choice already recorded is the one wanted
        (its own event then finds it in force and does nothing)."""
        wanted = self._chosen()
        if wanted.same_vectors(self._rebuilds.in_force()):
            return
        log.info("embedding_switch.started", model=f"{wanted.engine}:{wanted.model}")
        try:
            report = self._rebuilds.rebuild(wanted, self._progress)
        except (EngineFailedError, EmbeddingError) as why:
            self._rebuilds.failed(str(why))
            raise Postponed(f"the embedding engine failed, the indexes in force stay: {why}") from None
        log.info("embedding_switch.swapped", model=f"{wanted.engine}:{wanted.model}", files=report.files,
                 chunks=report.chunks, memories=report.memories, left_out=report.left_out)

    def _progress(self, what: str, done: int, total: int) -> None:
        if self._stopping():
            raise Postponed("the process is stopping")
