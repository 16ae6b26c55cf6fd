"""What an import does to each preset it names, decided on the aggregates: the same rules as
creating and changing one by hand (only a writer changes a preset, only an admin makes a base
model's override, a member's preset never takes an upstream model's id)."""

from __future__ import annotations

import msgspec

from application.access.resources import Action, Kind, Principal
from application.access.rules import permits
from application.models.commands import ImportedPreset, ImportPresets
from domain.models.errors import ModelAccessDeniedError, ModelIdTakenError
from domain.models.preset import ModelPreset, PresetFields


def imported(found: ModelPreset | None, item: ImportedPreset, command: ImportPresets) -> ModelPreset:
    """``found``: the aggregate holding the model id, if any (deleted or not)."""
    if found is None or found.deleted:
        return _created(found, item, command)
    actor = Principal.acting(command.actor_id, command.actor_is_admin, command.actor_group_ids)
    if not permits(actor, Action.WRITE, Kind.MODEL, found.owner_id, found.grants):
        raise ModelAccessDeniedError(item.model_id)
    base = found.base_model_id if item.base_model_id is msgspec.UNSET else item.base_model_id
    if found.base_model_id and not base and not command.actor_is_admin:
        raise ModelAccessDeniedError(item.model_id)
    found.update(base_model_id=base, name=item.name, params=item.params, meta=item.meta,
                 is_active=found.is_active if item.is_active is None else item.is_active)
    return found


def _created(found: ModelPreset | None, item: ImportedPreset, command: ImportPresets) -> ModelPreset:
    base = None if item.base_model_id is msgspec.UNSET else item.base_model_id
    if not command.actor_is_admin:
        if not base or base == item.model_id:
            raise ModelAccessDeniedError(item.model_id)
        if item.model_id in command.upstream_model_ids:
            raise ModelIdTakenError(item.model_id)
    fields: PresetFields = {"owner_id": command.actor_id, "base_model_id": base, "name": item.name,
                            "params": item.params, "meta": item.meta, "access_grants": item.access_grants,
                            "is_active": item.is_active is not False}
    if found is not None:
        found.recreate(**fields)
        return found
    return ModelPreset.new(model_id=item.model_id, **fields)
