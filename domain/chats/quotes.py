"""Items of a person's message that describe someone else's things: the app copies a knowledge base
or file it names (the composer's ``#``) into the message's ``files``, whole, with its name, its
description and its owner's name and e-mail. Those texts are the owner's: each such item is kept
under its owner's key (``Chat.FilesQuoted``), and in the message itself only what points at it."""

from __future__ import annotations

from typing import Any

Item = dict[str, Any]


def owner_of(item: Any) -> str | None:
    """Whose thing an item describes, as the app states it (a base's or file's ``user_id``). A
    client that misstates it can only put its own texts under someone else's key, where they are
    erased with that person, or keep someone's in its own message, as typing them would."""
    if not isinstance(item, dict):
        return None
    nested, user = item.get("file"), item.get("user")
    nested, user = (nested if isinstance(nested, dict) else {}), (user if isinstance(user, dict) else {})
    for stated in (item.get("user_id"), nested.get("user_id"), user.get("id")):
        if isinstance(stated, str) and stated:
            return stated
    return None


def pointer(item: Item) -> Item:
    """What stands in the message for an item kept apart: what finds it again, nothing anyone wrote."""
    return {k: item[k] for k in ("type", "id") if k in item}


Quoted = dict[str, tuple[list[int], list[Item]]]
"""Items of other people's by owner: their places in ``files``, and the items."""


def quoted_files(extra: dict[str, Any], owner_id: str) -> tuple[dict[str, Any], Quoted]:
    """The message's other fields with each item of someone else's replaced by its ``pointer``, and
    those items by owner: their places in ``files`` and the items, owners in the order first met."""
    files = extra.get("files")
    if not isinstance(files, list):
        return extra, {}
    quoted: Quoted = {}
    kept: list[Any] = []
    for place, item in enumerate(files):
        owner = owner_of(item)
        if owner is None or owner == owner_id:
            kept.append(item)
            continue
        places, items = quoted.setdefault(owner, ([], []))
        places.append(place)
        items.append(item)
        kept.append(pointer(item))
    return ({**extra, "files": kept} if quoted else extra), quoted
