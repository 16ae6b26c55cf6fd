"""A group of people, as Open WebUI's admin keeps them: a name and description, permissions its
members gain (``permissions``), its settings (``data``: who may share to it, its default models),
and its members. Every change names who made it (``actor_id``), so the log answers who granted
what to whom, and when."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.groups.errors import GroupNotFoundError, InvalidGroupError
from domain.groups.permissions import Permissions, checked
from domain.privacy.places import items_at
from domain.privacy.presets import GROUP, NOBODY, CreatorOf, Naming, named_presets, no_presets

Json = dict[str, Any]
MAX_NAME = 255
MAX_DESCRIPTION = 10_000
DEFAULT_SHARE = "members"
"""Who may share things to a new group (``data.config.share``): its members, as Open WebUI's
``DEFAULT_GROUP_SHARE_PERMISSION`` says by default."""


class Group(Aggregate):
    provider_id: str | None = None
    """The identity provider (SCIM) that provisions the group, which alone may change it over SCIM."""
    external_id: str | None = None
    parent_group_id: str | None = None
    """The group it is nested under (None: top level); whether it may be, ``GroupTree`` decides."""

    @classmethod
    def create(cls, *, group_id: UUID, actor_id: str, name: str, description: str,
               permissions: Permissions | None, data: Json | None, creator_of: CreatorOf = no_presets) -> Group:
        """Model presets its default models name are kept under their creators' keys
        (``domain.privacy.presets``), as ``configure`` keeps them."""
        settings = _checked_data(data or {})
        settings["config"] = {"share": DEFAULT_SHARE, **settings.get("config", {})}
        kept, namings = _named_presets(settings, creator_of)
        group = cls(id=group_id, actor_id=actor_id, name=_checked_name(name), description=_checked(description),
                    permissions=None if permissions is None else checked(permissions), data=kept)
        group._name_presets(actor_id, namings)
        return group

    class Created(Aggregate.Created):
        actor_id: str
        name: str
        description: str
        permissions: Permissions | None
        data: Json

    @event(Created)
    def __init__(self, *, id: UUID, actor_id: str, name: str, description: str, permissions: Permissions | None,
                 data: Json) -> None:
        self.name, self.description = name, description
        self.permissions, self.data = permissions, data
        self.members: set[str] = set()
        self.deleted = False

    def describe(self, *, actor_id: str, name: str, description: str) -> None:
        self._check_standing()
        name, description = _checked_name(name), _checked(description)
        if (name, description) != (self.name, self.description):
            self._describe(actor_id=actor_id, name=name, description=description)

    class Described(Aggregate.Event):
        actor_id: str
        name: str
        description: str

    @event(Described)
    def _describe(self, *, actor_id: str, name: str, description: str) -> None:
        self.name, self.description = name, description

    def set_permissions(self, *, actor_id: str, permissions: Permissions) -> None:
        self._check_standing()
        permissions = checked(permissions)
        if permissions != self.permissions:
            self._set_permissions(actor_id=actor_id, permissions=permissions)

    class PermissionsSet(Aggregate.Event):
        actor_id: str
        permissions: Permissions

    @event(PermissionsSet)
    def _set_permissions(self, *, actor_id: str, permissions: Permissions) -> None:
        self.permissions = permissions

    def configure(self, *, actor_id: str, data: Json, creator_of: CreatorOf = no_presets) -> None:
        """Open WebUI's update of ``data``: the keys sent replace those kept, ``config`` key by key."""
        self._check_standing()
        sent = _checked_data(data)
        merged = {**self.data, **sent, "config": {**self.data.get("config", {}), **sent.get("config", {})}}
        if merged != self.data:
            kept, namings = _named_presets(merged, creator_of)
            self._configure(actor_id=actor_id, data=kept)
            self._name_presets(actor_id, namings)

    class Configured(Aggregate.Event):
        actor_id: str
        data: Json

    @event(Configured)
    def _configure(self, *, actor_id: str, data: Json) -> None:
        self.data = data

    def _name_presets(self, actor_id: str, namings: dict[str, Naming]) -> None:
        for person, naming in namings.items():
            self._presets_named(actor_id=actor_id, quoted_user_id=person, places=naming.places, models=naming.models)

    class PresetsNamed(Aggregate.Event):
        """The ids of ``quoted_user_id``'s model presets at ``places`` of the default models just
        set, kept under their key."""

        actor_id: str
        quoted_user_id: str
        places: list[int]
        models: list[str]

    @event(PresetsNamed)
    def _presets_named(self, *, actor_id: str, quoted_user_id: str, places: list[int], models: list[str]) -> None:
        config = self.data["config"]
        self.data = {**self.data, "config": {**config, "default_models": items_at(
            config.get("default_models"), places, models)}}

    def set_parent(self, *, actor_id: str, parent_group_id: str | None) -> None:
        self._check_standing()
        if parent_group_id != self.parent_group_id:
            self._set_parent(actor_id=actor_id, parent_group_id=parent_group_id)

    class ParentSet(Aggregate.Event):
        actor_id: str
        parent_group_id: str | None

    @event(ParentSet)
    def _set_parent(self, *, actor_id: str, parent_group_id: str | None) -> None:
        self.parent_group_id = parent_group_id

    def add_members(self, *, actor_id: str, user_ids: Iterable[str]) -> None:
        self._check_standing()
        if added := sorted(set(user_ids) - self.members):
            self._add_members(actor_id=actor_id, user_ids=added)

    class MembersAdded(Aggregate.Event):
        actor_id: str
        user_ids: list[str]

    @event(MembersAdded)
    def _add_members(self, *, actor_id: str, user_ids: list[str]) -> None:
        self.members.update(user_ids)

    def remove_members(self, *, actor_id: str, user_ids: Iterable[str]) -> None:
        self._check_standing()
        if removed := sorted(self.members.intersection(user_ids)):
            self._remove_members(actor_id=actor_id, user_ids=removed)

    class MembersRemoved(Aggregate.Event):
        actor_id: str
        user_ids: list[str]

    @event(MembersRemoved)
    def _remove_members(self, *, actor_id: str, user_ids: list[str]) -> None:
        self.members.difference_update(user_ids)

    def link_to_provider(self, *, actor_id: str, provider_id: str, external_id: str | None) -> None:
        self._check_standing()
        if (provider_id, external_id) != (self.provider_id, self.external_id):
            self._link_to_provider(actor_id=actor_id, provider_id=provider_id, external_id=external_id)

    class LinkedToProvider(Aggregate.Event):
        actor_id: str
        provider_id: str
        external_id: str | None

    @event(LinkedToProvider)
    def _link_to_provider(self, *, actor_id: str, provider_id: str, external_id: str | None) -> None:
        self.provider_id, self.external_id = provider_id, external_id

    def replace_members(self, *, actor_id: str, user_ids: Iterable[str]) -> None:
        """Exactly ``user_ids`` stay members: those missing join, the others leave."""
        wanted = set(user_ids)
        self.remove_members(actor_id=actor_id, user_ids=self.members - wanted)
        self.add_members(actor_id=actor_id, user_ids=wanted)

    def delete(self, *, actor_id: str) -> None:
        """Its memberships end with it (the views drop them); the log keeps who was in it."""
        self._check_standing()
        self._delete(actor_id=actor_id)

    class Deleted(Aggregate.Event):
        actor_id: str

    @event(Deleted)
    def _delete(self, *, actor_id: str) -> None:
        self.deleted = True
        self.members = set()

    def _check_standing(self) -> None:
        if self.deleted:
            raise GroupNotFoundError(self.id)


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidGroupError("A group needs a name.")
    if len(name) > MAX_NAME:
        raise InvalidGroupError(f"A group's name is at most {MAX_NAME} characters; this one has {len(name)}.")
    return name


def _named_presets(data: Json, creator_of: CreatorOf) -> tuple[Json, dict[str, Naming]]:
    """The group's settings are the workspace's: every preset they name is kept under its creator's key."""
    config, namings = named_presets(data["config"], creator_of, NOBODY, GROUP)
    return {**data, "config": config}, namings


def _checked(description: str) -> str:
    if len(description) > MAX_DESCRIPTION:
        raise InvalidGroupError(f"A group's description is at most {MAX_DESCRIPTION} characters.")
    return description


def _checked_data(data: Json) -> Json:
    """``config.share`` is true, false or ``"members"``; ``config.default_models``, if given, model
    ids (kept trimmed, once each, in order), as Open WebUI checks them."""
    config = data.get("config", {})
    if not isinstance(config, dict):
        raise InvalidGroupError("A group's data.config must be an object.")
    share = config.get("share", DEFAULT_SHARE)
    if not (isinstance(share, bool) or share == "members"):
        raise InvalidGroupError('data.config.share must be true, false or "members".')
    models = config.get("default_models")
    if models is None:
        return {**data, "config": config} if "config" in data else dict(data)
    if not isinstance(models, list) or any(not isinstance(m, str) or not m.strip() for m in models):
        raise InvalidGroupError("data.config.default_models must be a list of model ids.")
    return {**data, "config": {**config, "default_models": list(dict.fromkeys(m.strip() for m in models))}}
