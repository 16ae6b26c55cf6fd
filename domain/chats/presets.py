"""Model presets of someone else's that a chat names. A preset's id is chosen by its creator (the
app makes it from the name they gave) and its name is theirs: a message naming it (its ``model``,
``modelName``, an entry of its ``models``) or a chat choosing it (an entry of the chat's ``models``)
keeps those texts under the creator's key (``Chat.PresetsNamed``), and in itself only an empty text
in their place. Forgetting the creator erases them in every chat that named their presets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CreatorOf = Callable[[str], str | None]
"""Who created the preset of a model id; None for a model that is no preset."""


def no_presets(model_id: str) -> None:
    """For a command that names no model."""


@dataclass
class Naming:
    """What one message, or the chat itself, names of one person's presets."""

    fields: dict[str, str] = field(default_factory=dict)
    """The message's ``model`` and its ``modelName``, when its model is their preset."""
    places: list[int] = field(default_factory=list)
    """Places in its list ``models`` that hold ids of their presets; ``models`` holds the ids."""
    models: list[str] = field(default_factory=list)


def named_presets(fields: dict[str, Any], creator_of: CreatorOf,
                  keeper: str) -> tuple[dict[str, Any], dict[str, Naming]]:
    """``fields`` (a message's, or a chat's properties) with the names of presets not ``keeper``'s
    emptied, and what was taken by the presets' creators, in the order first met. ``keeper``: the
    person whose key the rest is stored under."""
    namings: dict[str, Naming] = {}

    def creator(model_id: Any) -> str | None:
        person = creator_of(model_id) if isinstance(model_id, str) and model_id else None
        return person if person != keeper else None

    kept = dict(fields)
    if (person := creator(fields.get("model"))) is not None:
        naming = namings.setdefault(person, Naming())
        naming.fields["model"], kept["model"] = fields["model"], ""
        if isinstance(name := fields.get("modelName"), str):
            naming.fields["modelName"], kept["modelName"] = name, ""
    models = fields.get("models")
    if isinstance(models, list) and any(creator(m) for m in models):
        kept["models"] = list(models)
        for place, model_id in enumerate(models):
            if (person := creator(model_id)) is not None:
                naming = namings.setdefault(person, Naming())
                naming.places.append(place)
                naming.models.append(model_id)
                kept["models"][place] = ""
    return kept, namings



def named_in_message(model: str | None, extra: dict[str, Any], creator_of: CreatorOf,
                     keeper: str) -> tuple[str | None, dict[str, Any], dict[str, Naming]]:
    """A message's ``model`` and other fields (``Message.parts``) as ``named_presets`` keeps them."""
    kept, namings = named_presets({**extra, "model": model}, creator_of, keeper)
    return kept.pop("model"), kept, namings
