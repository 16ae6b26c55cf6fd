"""A chat's message tree as the aggregate keeps it: each message id mapped to its parent's, in
the order the messages were appended, so a parent's last child is its newest reply."""

from __future__ import annotations

from dataclasses import dataclass

Parents = dict[str, str | None]


@dataclass(frozen=True)
class Deletion:
    """What deleting one message does to the tree."""

    message_ids: list[str]
    """The message, then its direct replies: all removed."""
    moved: list[str]
    """The replies to those, which move up to become the newest replies of ``new_parent``."""
    new_parent: str | None
    new_current: str | None
    """Where the cursor lands: the newest leaf below ``new_parent`` (or below the last root)."""


def deletion(parents: Parents, message_id: str) -> Deletion:
    """Deleting a prompt removes its answers and keeps the conversation that followed them."""
    parent_id = parents[message_id]
    replies = [m for m, p in parents.items() if p == message_id]
    doomed = {message_id, *replies}
    moved = [m for m, p in parents.items() if p in doomed and m not in doomed]
    after = {m: p for m, p in parents.items() if m not in doomed and m not in moved}
    after.update(dict.fromkeys(moved, parent_id))  # moved replies become the parent's newest
    return Deletion(message_ids=[message_id, *replies], moved=moved, new_parent=parent_id,
                    new_current=newest_leaf(after, parent_id))


def newest_leaf(parents: Parents, start: str | None) -> str | None:
    """From ``start`` (or the newest root), follow the newest reply down to a leaf."""
    children: dict[str | None, list[str]] = {}
    for message_id, parent_id in parents.items():  # insertion order is append order
        children.setdefault(parent_id, []).append(message_id)
    roots = children.get(None)
    cursor = start if start is not None else (roots[-1] if roots else None)
    while cursor is not None and children.get(cursor):
        cursor = children[cursor][-1]
    return cursor
