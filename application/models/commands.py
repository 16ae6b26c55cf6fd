"""Commands of the models context: the admin's connections, and the workspace's model presets."""

from __future__ import annotations

from typing import Any

import msgspec

from application.idempotency import Once

Json = dict[str, Any]


class ConfigureOpenAI(msgspec.Struct, frozen=True, kw_only=True):
    """Keys as the admin submitted them: a key shown masked and sent back unchanged keeps its value."""

    actor_id: str
    enabled: bool
    base_urls: list[str]
    keys: list[str]
    configs: dict[str, Json]


class ConfigureOllama(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: str
    enabled: bool
    base_urls: list[str]
    configs: dict[str, Json]


class ChangeConnectionOptions(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: str
    changes: dict[str, bool]


class PresetCommand(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: str
    actor_is_admin: bool
    model_id: str
    actor_group_ids: frozenset[str] = frozenset()
    """The actor's groups: a grant to one of them counts as one to the actor."""


class CreatePreset(PresetCommand, frozen=True, kw_only=True):
    base_model_id: str | None
    name: str
    params: Json
    meta: Json
    access_grants: list[dict[str, str]]
    is_active: bool = True
    once: Once | None = None


class UpdatePreset(PresetCommand, frozen=True, kw_only=True):
    base_model_id: str | None
    name: str
    params: Json
    meta: Json
    is_active: bool | None = None
    """None: keep it (an update that does not mention it never re-enables a disabled model)."""


class ChangePresetAccess(PresetCommand, frozen=True, kw_only=True):
    access_grants: list[dict[str, str]]
    name: str | None = None
    """For a base model without a preset yet: the name of the preset the admin's grants create."""


class TogglePreset(PresetCommand, frozen=True, kw_only=True):
    pass


class DeletePreset(PresetCommand, frozen=True, kw_only=True):
    pass


class ImportedPreset(msgspec.Struct, frozen=True, kw_only=True):
    """One model of an import: a preset to create, or to change if one holds its id (then an unset
    base model and activity keep theirs; the caller has merged the name and meta already)."""

    model_id: str
    name: str
    base_model_id: str | None | msgspec.UnsetType = msgspec.UNSET
    params: Json = msgspec.field(default_factory=dict)
    meta: Json = msgspec.field(default_factory=dict)
    access_grants: list[dict[str, str]] = msgspec.field(default_factory=list)
    is_active: bool | None = None


class ImportPresets(msgspec.Struct, frozen=True, kw_only=True):
    """All or nothing: one save. ``upstream_model_ids`` are ids a member's new preset may not take."""

    actor_id: str
    actor_is_admin: bool
    presets: list[ImportedPreset]
    actor_group_ids: frozenset[str] = frozenset()
    upstream_model_ids: frozenset[str] = frozenset()


class DeleteAllPresets(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: str
    model_ids: list[str]


class WithdrawGroupFromPresets(msgspec.Struct, frozen=True, kw_only=True):
    """A deleted group's grants leave the presets named (those still there that have any)."""

    group_id: str
    model_ids: list[str]


class ConfigureModelDefaults(msgspec.Struct, frozen=True, kw_only=True):
    """Open WebUI's names (``DEFAULT_MODELS``...); those left out keep their value."""

    actor_id: str
    changes: dict[str, Any]


class ConfigureTasks(msgspec.Struct, frozen=True, kw_only=True):
    """The task settings the admin submitted (Open WebUI's names); those left out keep their value."""

    actor_id: str
    changes: dict[str, Any]
