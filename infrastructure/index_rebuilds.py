"""The retrieval indexes built anew beside those in force, with an embedding choice, then swapped
in (``annals reindex`` and the embedding switch). Builds an interrupted run left behind go first.
Files processed (or removed) between the build's last look at the views and the swap went into the
old build only: they are taken in once more after the swap. Why the last rebuild failed is kept
beside the builds (every process shows it) until one is swapped in."""

from __future__ import annotations

from pathlib import Path

from application.retrieval.ports import EmbeddingChoice
from application.retrieval.reindexing import Progress, Reindexed, Reindexing
from infrastructure.retrieval import RetrievalLayer
from infrastructure.settings import Settings
from infrastructure.vector_index.chosen import (
    abandoned_builds,
    build_in_force,
    new_build,
    record_embedding,
    remove,
    retrieval_directory,
)


class IndexRebuilds:
    def __init__(self, settings: Settings, reindexing: Reindexing, in_force: RetrievalLayer) -> None:
        self._settings, self._reindexing, self._layer = settings, reindexing, in_force

    def in_force(self) -> EmbeddingChoice:
        return self._layer.embedding()

    def failed(self, why: str) -> None:
        self._failure.parent.mkdir(parents=True, exist_ok=True)
        self._failure.write_text(why)

    def last_failure(self) -> str | None:
        return self._failure.read_text() if self._failure.exists() else None

    @property
    def _failure(self) -> Path:
        return retrieval_directory(self._settings) / "rebuild-failed"

    def rebuild(self, choice: EmbeddingChoice, progress: Progress) -> Reindexed:
        for abandoned in abandoned_builds(self._settings, keep=build_in_force(self._settings)):
            remove(self._settings, abandoned)
        build = new_build()
        record_embedding(self._settings, build, choice)
        fresh = RetrievalLayer(self._settings, chosen=lambda: choice, build=build)
        try:
            report = self._reindexing.build(fresh, progress)
        except BaseException:
            fresh.close()
            raise
        fresh.swap_in()
        self._failure.unlink(missing_ok=True)
        self._reindexing.changed_since(self._layer, report.seen, _unstoppable)
        return report


def _unstoppable(what: str, done: int, total: int) -> None:
    """The new build is in force: what changed just before the swap is taken in, stop or not."""
