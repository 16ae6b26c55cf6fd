"""The audit trail as its readers ask for it: every event of every context, with who acted, whom
it concerns, from where and when, filtered and read a page at a time.

Paging is by log position: a cursor holds, per context, the last position already read
(``chats:40,identity:12``). Each page takes every context's next entries in position order and
merges them by time, so no entry is skipped or repeated however the logs grow meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple, Protocol

import msgspec

Cursor = dict[str, int]
Entry = dict[str, Any]


class BadTrailQueryError(ValueError):
    """A filter or cursor that cannot be read; its message says why."""


class TrailFilter(msgspec.Struct, frozen=True, kw_only=True):
    person: str | None = None
    """Entries by this person, about them, or about their data read by someone else."""
    resource: str | None = None
    """The aggregate (a chat, a file, an account...) the entries are of."""
    type: str | None = None
    """``User.SignedIn``, ``Refusal.Recorded``, ``Disclosure.Recorded``, ``Chat.Created``..."""
    context: str | None = None
    since: float | None = None
    until: float | None = None

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.since > self.until:
            raise BadTrailQueryError("since must not be later than until")


class TrailPage(NamedTuple):
    entries: list[Entry]
    after: Cursor
    more: bool


class TrailReader(Protocol):
    @property
    def context_names(self) -> list[str]: ...

    def page(self, query: TrailFilter, after: Mapping[str, int], limit: int,
             upto: Mapping[str, int] | None = None) -> TrailPage:
        """The next ``limit`` entries after ``after``, none beyond ``upto`` (per context) if given."""


def every_entry(trail: TrailReader, query: TrailFilter, upto: Mapping[str, int] | None = None,
                page_size: int = 1000) -> Iterator[Entry]:
    after: Cursor = {}
    while True:
        page = trail.page(query, after, page_size, upto)
        yield from page.entries
        if not page.more:
            return
        after = page.after


def parse_cursor(text: str | None, contexts: list[str]) -> Cursor:
    cursor: Cursor = {}
    for part in filter(None, (text or "").split(",")):
        name, _, position = part.partition(":")
        if name.lower() not in contexts:
            raise BadTrailQueryError(f"after: {name!r} is not one of {', '.join(contexts)}")
        if not position.isdigit() or int(position) > 2**63 - 1:
            raise BadTrailQueryError(f"after: {part!r} must be context:position")
        cursor[name.lower()] = int(position)
    return cursor


def format_cursor(cursor: Mapping[str, int]) -> str:
    return ",".join(f"{name}:{position}" for name, position in sorted(cursor.items()))


def checked_context(query: TrailFilter, contexts: list[str]) -> TrailFilter:
    if query.context is not None and query.context.lower() not in contexts:
        raise BadTrailQueryError(f"context must be one of {', '.join(contexts)}")
    return query
