"""The views' side of forgetting a person (``application/privacy/forgetting.py``): once their key is
gone, views whose rows outlive their owners are replayed (their texts then read ``[erased]``, as any
later rebuild reads them), and the database keeps no byte of the rows that went."""

from __future__ import annotations

from projections.runtime.rebuild import rebuild
from projections.runtime.runner import ProjectionRunner


class ForgottenInViews:
    def __init__(self, runner: ProjectionRunner) -> None:
        self._runner = runner

    def forget_person(self, person_id: str) -> None:
        for view, projector in self._runner.projectors.items():
            if projector.outlives_owners:
                rebuild(self._runner, view)
        self._runner.store.compact()
