from __future__ import annotations

from functools import partial

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from infrastructure.bootstrap import build_container
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings
from projections.runtime.rebuild import rebuild


def rebuild_all(settings: Settings) -> int:
    """Replays every view into fresh tables; exit status 1 if any differed from the live one or
    met events it could not apply (each printed: the view keeps serving without them)."""
    configure_logging(settings)
    container = build_container(settings, "cli")
    differing = 0
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn()) as progress:
            for view, projector in container.runner.projectors.items():
                total = container.contexts[projector.context].position
                task = progress.add_task(view, total=max(total, 1))
                report = rebuild(container.runner, view, on_page=partial(_advance, progress, task))
                progress.update(task, completed=max(total, 1))
                rate = report.position / report.seconds if report.seconds else 0.0
                verdict = "equal" if report.equal else f"DIFFERENT: {', '.join(report.differences)}"
                progress.console.print(f"{view}: {report.position} events in {report.seconds:.2f}s "
                                       f"({rate:,.0f}/s), {verdict}")
                for fault in report.faults:
                    progress.console.print(f"  FAULT at position {fault['position']} ({fault['topic']}, "
                                           f"aggregate {fault['originator_id']}): {fault['error']}",
                                           markup=False)
                differing += not report.equal or bool(report.faults)
    finally:
        container.close()
    return 1 if differing else 0


def _advance(progress: Progress, task: TaskID, position: int) -> None:
    progress.update(task, completed=position)
