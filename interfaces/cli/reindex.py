"""``annals reindex``: the retrieval indexes built anew from the views, beside those in force,
then swapped in (see ``application.retrieval.reindexing``). Needed after the embedding model
changed (``RAG_EMBEDDING_ENGINE``/``RAG_EMBEDDING_MODEL``) or the index was lost; also how new
Documents chunking settings reach files processed before. Safe to interrupt and run again."""

from __future__ import annotations

import sys

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from application.knowledge.file_indexing import EngineFailedError
from application.retrieval.ports import EmbeddingError
from infrastructure.bootstrap import build_container
from infrastructure.logging import configure_logging
from infrastructure.retrieval import RetrievalLayer
from infrastructure.settings import Settings
from infrastructure.vector_index.chosen import abandoned_builds, build_in_force, new_build, remove


def reindex(settings: Settings) -> int:
    configure_logging(settings)
    container = build_container(settings, "cli")
    try:
        for abandoned in abandoned_builds(settings, keep=build_in_force(settings)):
            remove(settings, abandoned)
        fresh = RetrievalLayer(settings, build=new_build())
        try:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn()) as progress:
                tasks: dict[str, TaskID] = {}

                def advance(what: str, done: int, total: int) -> None:
                    task = tasks.setdefault(what, progress.add_task(what, total=total))
                    progress.update(task, completed=done)

                report = container.reindexing.build(fresh, advance)
            model = fresh.embedder.model().name
        except (EngineFailedError, EmbeddingError) as error:
            fresh.close()
            print(f"annals reindex: interrupted, the indexes in force stay so: {error}", file=sys.stderr)
            return 1
        except BaseException:
            fresh.close()
            raise
        fresh.swap_in()
    finally:
        container.close()
    print(f"indexed {report.files} files ({report.chunks} chunks) and {report.memories} memories "
          f"with {model}")
    for left_out in report.left_out:
        print(f"  left out {left_out}")
    return 0
