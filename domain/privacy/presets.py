"""Model presets of someone else's that a person's aggregate names. A preset's id is chosen by its
creator (the app makes it from the name they gave) and its name is theirs: a message naming it (its
``model``, ``modelName``, an entry of its ``models``), a chat choosing it (an entry of the chat's
``models``) or a rating of its reply (``model_id``, an entry of ``sibling_model_ids``) keeps those
texts under the creator's key (``Chat.PresetsNamed``, ``Feedback.PresetsNamed``), and in itself only
an empty text in their place. Forgetting the creator erases them wherever they were named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CreatorOf = Callable[[str], str | None]
"""Who created the preset of a model id; None for a model that is no preset."""


def no_presets(model_id: str) -> None:
    """For a command that names no model."""


@dataclass(frozen=True)
class Names:
    """Where a kind of state names models."""

    model: str
    """The field of the one model it is about."""
    label: str | None
    """The field of that model's name, taken with its id."""
    listed: str
    """The field of a list of models."""


MESSAGE = Names(model="model", label="modelName", listed="models")
"""A chat message's (and a chat's properties, which list ``models``)."""
RATING = Names(model="model_id", label=None, listed="sibling_model_ids")
"""A rating's ``data``: the model rated and those it was compared with."""


@dataclass
class Naming:
    """What one message, chat or rating names of one person's presets."""

    fields: dict[str, str] = field(default_factory=dict)
    """The model it is about and that model's name, when the model is their preset."""
    places: list[int] = field(default_factory=list)
    """Places in its list of models that hold ids of their presets; ``models`` holds the ids."""
    models: list[str] = field(default_factory=list)


def named_presets(fields: dict[str, Any], creator_of: CreatorOf, keeper: str,
                  names: Names = MESSAGE) -> tuple[dict[str, Any], dict[str, Naming]]:
    """``fields`` with the names of presets not ``keeper``'s emptied, and what was taken by the
    presets' creators, in the order first met. ``keeper``: the person whose key the rest is stored
    under."""
    namings: dict[str, Naming] = {}

    def creator(model_id: Any) -> str | None:
        person = creator_of(model_id) if isinstance(model_id, str) and model_id else None
        return person if person != keeper else None

    kept = dict(fields)
    if (person := creator(fields.get(names.model))) is not None:
        naming = namings.setdefault(person, Naming())
        naming.fields[names.model], kept[names.model] = fields[names.model], ""
        if names.label is not None and isinstance(name := fields.get(names.label), str):
            naming.fields[names.label], kept[names.label] = name, ""
    listed = fields.get(names.listed)
    models: list[Any] = listed if isinstance(listed, list) else []
    creators = [creator(m) for m in models]
    if any(creators):
        kept[names.listed] = list(models)
        for place, (model_id, person) in enumerate(zip(models, creators, strict=True)):
            if person is not None:
                naming = namings.setdefault(person, Naming())
                naming.places.append(place)
                naming.models.append(model_id)
                kept[names.listed][place] = ""
    return kept, namings


def named_in_message(model: str | None, extra: dict[str, Any], creator_of: CreatorOf,
                     keeper: str) -> tuple[str | None, dict[str, Any], dict[str, Naming]]:
    """A message's ``model`` and other fields (``Message.parts``) as ``named_presets`` keeps them."""
    kept, namings = named_presets({**extra, "model": model}, creator_of, keeper)
    return kept.pop("model"), kept, namings
