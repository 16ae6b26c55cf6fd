"""``annals reindex``: the retrieval indexes built anew from the views, beside those in force,
with the embedding model in force (the admin's, else the environment's), then swapped in (see
``application.retrieval.reindexing``). Needed after the environment's embedding model changed
(``RAG_EMBEDDING_ENGINE``/``RAG_EMBEDDING_MODEL``; an admin's change rebuilds by itself) or the
index was lost; also how new Documents chunking settings reach files processed before. Safe to
interrupt and run again."""

from __future__ import annotations

import sys

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from application.knowledge.file_indexing import EngineFailedError
from application.retrieval.ports import EmbeddingError
from infrastructure.bootstrap import build_container
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings


def reindex(settings: Settings) -> int:
    configure_logging(settings)
    container = build_container(settings, "cli")
    try:
        choice = container.embedding_config.chosen()
        try:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn()) as progress:
                tasks: dict[str, TaskID] = {}

                def advance(what: str, done: int, total: int) -> None:
                    if what not in tasks:  # one bar per kind: setdefault would add a bar per call
                        tasks[what] = progress.add_task(what, total=total)
                    progress.update(tasks[what], completed=done)

                report = container.rebuilds.rebuild(choice, advance)
        except (EngineFailedError, EmbeddingError) as error:
            print(f"annals reindex: interrupted, the indexes in force stay so: {error}", file=sys.stderr)
            return 1
        model = f"{choice.engine or 'local'}:{choice.model}"
    finally:
        container.close()
    print(f"indexed {report.files} files ({report.chunks} chunks) and {report.memories} memories "
          f"with {model}")
    for left_out in report.left_out:
        print(f"  left out {left_out}")
    return 0
