"""Model presets of someone else's that a person's aggregate names. A preset's id is chosen by its
creator (the app makes it from the name they gave) and its name is theirs: a message naming it (its
``model``, ``modelName``, an entry of its ``models``), a chat choosing it (an entry of the chat's
``models``) or a rating of its reply (``model_id``, an entry of ``sibling_model_ids``) keeps those
texts under the creator's key (``Chat.PresetsNamed``, ``Feedback.PresetsNamed``), and in itself only
an empty text in their place. A person's settings choosing it (an entry of ``ui.models`` or
``ui.pinnedModels``), a folder's (an entry of its ``data.model_ids``) and a group's (an entry of
its ``data.config.default_models``) keep it under the creator's key too (``User.PresetsNamed``,
``Folder.PresetsNamed``, ``Group.PresetsNamed``). Forgetting the creator erases
them wherever they were named."""

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

    model: str | None
    """The field of the one model it is about (None: it lists models only)."""
    label: str | None
    """The field of that model's name, taken with its id."""
    listed: str
    """The field of a list of models."""


MESSAGE = Names(model="model", label="modelName", listed="models")
"""A chat message's (and a chat's properties, which list ``models``)."""
RATING = Names(model="model_id", label=None, listed="sibling_model_ids")
"""A rating's ``data``: the model rated and those it was compared with."""
FOLDER = Names(model=None, label=None, listed="model_ids")
"""A folder's ``data``: the models its new chats start with."""
GROUP = Names(model=None, label=None, listed="default_models")
"""A group's ``data.config``: the models its members' new chats start with."""
NOBODY = ""
"""The keeper of a workspace's texts (a group's settings): every preset named is another's."""


@dataclass
class Naming:
    """What one message, chat or rating names of one person's presets."""

    fields: dict[str, str] = field(default_factory=dict)
    """The model it is about and that model's name, when the model is their preset."""
    places: list[int] = field(default_factory=list)
    """Places in its list of models that hold ids of their presets; ``models`` holds the ids."""
    models: list[str] = field(default_factory=list)


SETTINGS_LISTS = ("models", "pinnedModels")
"""Where a person's settings (under ``ui``) list models: those a new chat starts with, and those
pinned in the sidebar."""


@dataclass
class SettingsNaming:
    """What one person's settings name of another's presets, by list (``SETTINGS_LISTS``)."""

    places: dict[str, list[int]] = field(default_factory=dict)
    """Places in each list that hold ids of their presets; ``models`` holds the ids."""
    models: dict[str, list[str]] = field(default_factory=dict)


def named_presets(fields: dict[str, Any], creator_of: CreatorOf, keeper: str,
                  names: Names = MESSAGE) -> tuple[dict[str, Any], dict[str, Naming]]:
    """``fields`` with the names of presets not ``keeper``'s emptied, and what was taken by the
    presets' creators, in the order first met. ``keeper``: the person whose key the rest is stored
    under."""
    namings: dict[str, Naming] = {}
    creator = _others_than(keeper, creator_of)
    kept = dict(fields)
    if names.model is not None and (person := creator(fields.get(names.model))) is not None:
        naming = namings.setdefault(person, Naming())
        naming.fields[names.model], kept[names.model] = fields[names.model], ""
        if names.label is not None and isinstance(name := fields.get(names.label), str):
            naming.fields[names.label], kept[names.label] = name, ""
    listed, taken = _taken_from_list(fields.get(names.listed), creator)
    for person, naming in taken.items():
        kept[names.listed] = listed
        named = namings.setdefault(person, Naming())
        named.places, named.models = naming.places, naming.models
    return kept, namings


def named_in_settings(settings: dict[str, Any], creator_of: CreatorOf,
                      keeper: str) -> tuple[dict[str, Any], dict[str, SettingsNaming]]:
    """``keeper``'s settings with the ids of others' presets emptied in their lists of models, and
    what was taken by the presets' creators."""
    ui = settings.get("ui")
    if not isinstance(ui, dict):
        return settings, {}
    creator, kept_ui = _others_than(keeper, creator_of), dict(ui)
    namings: dict[str, SettingsNaming] = {}
    for name in SETTINGS_LISTS:
        listed, taken = _taken_from_list(ui.get(name), creator)
        for person, naming in taken.items():
            kept_ui[name] = listed
            named = namings.setdefault(person, SettingsNaming())
            named.places[name], named.models[name] = naming.places, naming.models
    return ({**settings, "ui": kept_ui}, namings) if namings else (settings, {})


def _others_than(keeper: str, creator_of: CreatorOf) -> Callable[[Any], str | None]:
    """The creator of a model id's preset, unless it is ``keeper`` (or the id is no text)."""
    def creator(model_id: Any) -> str | None:
        person = creator_of(model_id) if isinstance(model_id, str) and model_id else None
        return person if person != keeper else None
    return creator


def _taken_from_list(listed: Any, creator: Callable[[Any], str | None]) -> tuple[list[Any], dict[str, Naming]]:
    """A list of model ids with those of others' presets emptied, and per creator the places and
    ids taken. Anything but a list names nothing."""
    models: list[Any] = listed if isinstance(listed, list) else []
    kept, taken = list(models), dict[str, Naming]()
    for place, model_id in enumerate(models):
        if (person := creator(model_id)) is not None:
            naming = taken.setdefault(person, Naming())
            naming.places.append(place)
            naming.models.append(model_id)
            kept[place] = ""
    return kept, taken


def named_in_message(model: str | None, extra: dict[str, Any], creator_of: CreatorOf,
                     keeper: str) -> tuple[str | None, dict[str, Any], dict[str, Naming]]:
    """A message's ``model`` and other fields (``Message.parts``) as ``named_presets`` keeps them."""
    kept, namings = named_presets({**extra, "model": model}, creator_of, keeper)
    return kept.pop("model"), kept, namings
