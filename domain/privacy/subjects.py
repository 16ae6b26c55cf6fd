"""Whose personal data an aggregate holds: the person whose key its texts are stored under."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.identity.user import User

_SUBJECT_FIELDS = ("owner_id", "user_id", "person_id")


def data_subject(event: Any) -> str | None:
    """The account itself for its own events; else the owner the event names. None: the workspace's
    (connections, settings), whose texts no single person's erasure takes away."""
    if isinstance(event, User.Event):
        return str(event.originator_id)
    named = next((getattr(event, name) for name in _SUBJECT_FIELDS if getattr(event, name, None)), None)
    return None if named is None else str(named)


def quoted_person(event: Any) -> str | None:
    """The person whose texts an event quotes into someone else's aggregate (passages of their files
    in a reply, their messages and title in a copy of their chat): that part's key is wrapped by
    theirs, not the owner's, so forgetting them erases what was quoted of them wherever it was."""
    quoted = getattr(event, "quoted_user_id", None)
    return quoted if isinstance(quoted, str) else None


def drawn_on(state: Mapping[str, Any]) -> list[str]:
    """The other people whose texts the model was given when it wrote an event's texts
    (``Chat.drawn_on``), from the event's state: those texts are sealed again under a key of each,
    so that forgetting any of them erases them."""
    people = state.get("drawn_on_user_ids")
    return [p for p in people if isinstance(p, str)] if isinstance(people, list) else []


def cited(state: Mapping[str, Any]) -> set[str]:
    """Of ``drawn_on``, the people whose passages the prompt of the reply an event is about held
    (``cited_user_ids``): texts written from them while they were being forgotten are not kept."""
    people = state.get("cited_user_ids")
    return {p for p in people if isinstance(p, str)} if isinstance(people, list) else set()


def layer_for(resource_id: str, person_id: str) -> str:
    """The resource a layer of sealing under ``person_id``'s key is kept as: a part of the same
    message (``part_of``), so deleting the message destroys it with the rest."""
    return f"{resource_id}+{person_id}"


def sealed_as(aggregate_id: str, version: int, state: Mapping[str, Any]) -> str:
    """What an event's texts are sealed as: the aggregate, or, when the event is about one of its
    messages, that event's part of the message (``chat/message/version``): deleting a message can
    then destroy its texts and nothing else, and the key of each part is new, so sealing one never
    has to look for it first. An event quoting someone else (``quoted_person``), or written from
    others' texts (``drawn_on``: its layers of sealing are then its own too), is a part of its own."""
    message_id = state.get("message_id")
    if isinstance(message_id, str):
        return f"{aggregate_id}/{message_id}/{version}"
    if isinstance(state.get("quoted_user_id"), str):  # another person's texts, not of a message
        return f"{aggregate_id}/quoted/{version}"
    if drawn_on(state):  # a model's text from others' texts, not of a message (a chat's title)
        return f"{aggregate_id}/drawn/{version}"
    return aggregate_id


def holder_of(resource_id: str) -> str:
    """The aggregate a sealed resource (``sealed_as``) belongs to."""
    return resource_id.split("/", 1)[0]


def part_of(resource_id: str) -> str:
    """The message a sealed part belongs to (``chat/message``); an aggregate is its own."""
    return resource_id if resource_id == holder_of(resource_id) else resource_id.rsplit("/", 1)[0]
