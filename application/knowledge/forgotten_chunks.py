"""A forgotten person's chunks, as a copy of their texts (``Copies`` of ``Forgetting``): their files
and knowledge bases were deleted first, so their chunks are gone from every collection (their files'
own, their bases', and other people's bases their files were in) once the reactions that act on
those deletions have acted, one after the other; forgetting is not done before."""

from __future__ import annotations

from collections.abc import Callable, Sequence


class ChunksForgotten:
    def __init__(self, reached: Sequence[Callable[[], None]]) -> None:
        """``reached``: each waits until a reaction has acted on everything committed when it is
        called, in the order the deletions flow (a file's deletion takes it out of the bases, whose
        processing then drops its chunks)."""
        self._reached = reached

    def forget_person(self, person_id: str) -> None:
        for reached in self._reached:
            reached()
