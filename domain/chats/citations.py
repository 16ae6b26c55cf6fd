"""The passages a reply was given, as the chat keeps them: Open WebUI's ``sources`` of the reply's
message, each source recorded with the person whose files its passages come from.

A source is someone's text quoted into someone else's chat when the knowledge base it comes from is
shared: it is stored under the quoted person's key (``domain.privacy.subjects.quoted_person``), so
that forgetting them erases their passages here too, while the chat's own texts stay its owner's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple


class Citation(NamedTuple):
    quoted_user_id: str
    """Whose files the source's passages come from (the chat's owner for their own)."""
    source: dict[str, Any]
    """One source as Open WebUI keeps it on the message (``source``, ``document``, ``metadata``...)."""


def places_by_person(citations: Sequence[Citation]) -> dict[str, list[int]]:
    """Where each person's sources stand in the reply's list, persons in the order first cited."""
    places: dict[str, list[int]] = {}
    for place, citation in enumerate(citations):
        places.setdefault(citation.quoted_user_id, []).append(place)
    return places


def cited_as(sources: Sequence[Any], places: dict[str, list[int]]) -> list[Citation]:
    """A message's ``sources`` as the server cited them (``places``: where each person's stand, as
    ``places_by_person`` gives them); one no place names is left out, being nobody's to vouch for."""
    person_at = {place: person for person, theirs in places.items() for place in theirs}
    return [Citation(person_at[place], source) for place, source in enumerate(sources)
            if place in person_at and isinstance(source, dict)]
