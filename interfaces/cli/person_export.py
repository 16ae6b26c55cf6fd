"""``annals export-person USER_ID --out FILE``: a person's subject-access archive, with a progress
bar. The bar is rich's (already ours for the console's logs): it draws on a terminal and stays
quiet when the output is piped."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.progress import Progress as Bar

from application.audit.person_export import PersonNotFoundError
from infrastructure.bootstrap import build_container
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings


class _BarProgress:
    def __init__(self, bar: Bar) -> None:
        self._bar = bar
        self._task = bar.add_task("archive", total=None)

    def start(self, total: int) -> None:
        self._bar.update(self._task, total=total)

    def advance(self, step: str) -> None:
        self._bar.update(self._task, advance=1, description=step)


def export_person_to(settings: Settings, user_id: str, out: Path) -> int:
    configure_logging(settings)
    container = build_container(settings, "cli")
    staged = out.with_name(out.name + ".part")
    try:
        with staged.open("wb") as file, Bar(transient=True) as bar:
            manifest = container.person_archives.export(user_id, file, progress=_BarProgress(bar))
        staged.replace(out)
    except PersonNotFoundError as error:
        print(f"annals export-person: {error}", file=sys.stderr)
        return 1
    finally:
        staged.unlink(missing_ok=True)
        container.close()
    counts = ", ".join(f"{part['path']} ({part['count']})" for part in manifest["parts"])
    print(f"{out}: {counts}")
    return 0
