from __future__ import annotations

from typing import Any, TypedDict
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.grants import Grant, normalised, without_group
from domain.models.errors import InvalidModelIdError, ModelIdTakenError


class PresetFields(TypedDict):
    """What ``ModelPreset.new`` (with the model id) and ``recreate`` take."""

    owner_id: str
    base_model_id: str | None
    name: str
    params: dict[str, Any]
    meta: dict[str, Any]
    access_grants: list[Grant]
    is_active: bool


class ModelPreset(Aggregate):
    """A workspace model: a base model with a name, a system prompt and parameters, and who may
    use it (its owner, the holders of its grants, or everyone).

    Its id derives from the model id, so two presets can never hold one model id, even when
    created at the same moment. A deleted preset's id can be taken again; the preset is recreated.
    """

    @staticmethod
    def create_id(model_id: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:model:{model_id}")

    @classmethod
    def new(cls, *, model_id: str, owner_id: str, base_model_id: str | None, name: str,
            params: dict[str, Any], meta: dict[str, Any], access_grants: list[Grant], is_active: bool,
            ) -> ModelPreset:
        _check_id(model_id)
        return cls(id=cls.create_id(model_id), model_id=model_id, owner_id=owner_id,
                   base_model_id=_base(model_id, base_model_id), name=name, params=params, meta=meta,
                   access_grants=normalised(access_grants), is_active=is_active)

    class Created(Aggregate.Created):
        model_id: str
        owner_id: str
        base_model_id: str | None
        name: str
        params: dict[str, Any]
        meta: dict[str, Any]
        access_grants: list[Grant]
        is_active: bool

    @event(Created)
    def __init__(self, *, id: UUID, model_id: str, owner_id: str, base_model_id: str | None, name: str,
                 params: dict[str, Any], meta: dict[str, Any], access_grants: list[Grant],
                 is_active: bool) -> None:
        self._set(model_id, owner_id, base_model_id, access_grants, is_active)

    def recreate(self, *, owner_id: str, base_model_id: str | None, name: str, params: dict[str, Any],
                 meta: dict[str, Any], access_grants: list[Grant], is_active: bool) -> None:
        if not self.deleted:
            raise ModelIdTakenError(self.model_id)
        self._recreate(model_id=self.model_id, owner_id=owner_id, base_model_id=_base(self.model_id, base_model_id),
                       name=name, params=params, meta=meta, access_grants=normalised(access_grants),
                       is_active=is_active)

    class Recreated(Aggregate.Event):
        model_id: str
        owner_id: str
        base_model_id: str | None
        name: str
        params: dict[str, Any]
        meta: dict[str, Any]
        access_grants: list[Grant]
        is_active: bool

    @event(Recreated)
    def _recreate(self, *, model_id: str, owner_id: str, base_model_id: str | None, name: str,
                  params: dict[str, Any], meta: dict[str, Any], access_grants: list[Grant], is_active: bool) -> None:
        self._set(model_id, owner_id, base_model_id, access_grants, is_active)

    def _set(self, model_id: str, owner_id: str, base_model_id: str | None, grants: list[Grant],
             is_active: bool) -> None:
        self.model_id = model_id
        self.owner_id = owner_id
        self.base_model_id = base_model_id
        self.grants = grants
        self.is_active = is_active
        self.deleted = False

    def update(self, *, base_model_id: str | None, name: str, params: dict[str, Any], meta: dict[str, Any],
               is_active: bool) -> None:
        self._update(base_model_id=_base(self.model_id, base_model_id), name=name, params=params, meta=meta,
                     is_active=is_active)

    class Updated(Aggregate.Event):
        base_model_id: str | None
        name: str
        params: dict[str, Any]
        meta: dict[str, Any]
        is_active: bool

    @event(Updated)
    def _update(self, *, base_model_id: str | None, name: str, params: dict[str, Any], meta: dict[str, Any],
                is_active: bool) -> None:
        self.base_model_id = base_model_id
        self.is_active = is_active

    def change_access(self, access_grants: list[Grant]) -> None:
        grants = normalised(access_grants)
        if grants != self.grants:
            self._change_access(access_grants=grants)

    def withdraw_group(self, group_id: str) -> bool:
        """A deleted group's grants go; whether it had any."""
        kept = without_group(self.grants, group_id)
        if kept == self.grants:
            return False
        self.change_access(kept)
        return True

    class AccessChanged(Aggregate.Event):
        access_grants: list[Grant]

    @event(AccessChanged)
    def _change_access(self, *, access_grants: list[Grant]) -> None:
        self.grants = access_grants

    def toggle(self) -> None:
        if self.is_active:
            self._deactivate()
        else:
            self._activate()

    class Activated(Aggregate.Event):
        pass

    @event(Activated)
    def _activate(self) -> None:
        self.is_active = True

    class Deactivated(Aggregate.Event):
        pass

    @event(Deactivated)
    def _deactivate(self) -> None:
        self.is_active = False

    class Deleted(Aggregate.Event):
        pass

    @event(Deleted)
    def delete(self) -> None:
        self.deleted = True


def _check_id(model_id: str) -> None:
    if not model_id or len(model_id) > 256 or any(c.isspace() for c in model_id):
        raise InvalidModelIdError(model_id)


def _base(model_id: str, base_model_id: str | None) -> str | None:
    """A model cannot be based on itself: that would be an override of the base model."""
    return None if not base_model_id or base_model_id == model_id else base_model_id
