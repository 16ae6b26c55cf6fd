from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import structlog

from application.access.resources import Action, Principal
from application.access.resources import Kind as ResourceKind
from application.access.rules import permits
from application.context import BoundedContext, CommitListener, EventSealing
from application.idempotency import done_before, remembered
from application.log_positions import LogPosition
from application.models.commands import (
    ChangeConnectionOptions,
    ChangePresetAccess,
    ConfigureModelDefaults,
    ConfigureOllama,
    ConfigureOpenAI,
    ConfigureTasks,
    CreatePreset,
    DeleteAllPresets,
    DeletePreset,
    ImportPresets,
    PresetCommand,
    TogglePreset,
    UpdatePreset,
    WithdrawGroupFromPresets,
)
from application.models.connections import (
    DEFAULT_OPTIONS,
    ConnectionSeed,
    ConnectionSettings,
    Kind,
    Upstream,
    mask,
)
from application.models.imports import imported
from application.models.ports import Sealer, UnsealError
from application.models.tasks import TaskConfig
from domain.models.connections import CONNECTIONS_ID, Connections, ollama_state, openai_state
from domain.models.defaults import MODEL_DEFAULTS_ID, NO_MODEL_DEFAULTS, ModelDefaults
from domain.models.errors import (
    ForeignPresetError,
    ModelAccessDeniedError,
    ModelNotFoundError,
    PresetOnPresetError,
)
from domain.models.preset import ModelPreset, PresetFields
from domain.models.tasks import DEFAULT_TASK_SETTINGS, TASK_SETTINGS_ID, TaskSettings

log = structlog.get_logger()
KEY_CONTEXT = {"openai": "annals:openai-key", "ollama": "annals:ollama-key"}


class Models(BoundedContext):
    """Where the workspace's models come from (connections to upstreams) and the presets built on
    them. Keys are sealed before they reach an event, and unsealed only to call an upstream."""

    def __init__(self, env: Mapping[str, str], on_commit: CommitListener, *, sealer: Sealer,
                 seed: ConnectionSeed, sealing: EventSealing | None = None) -> None:
        super().__init__(env, on_commit, sealing)
        self._sealer = sealer
        self._seed = seed

    # -- connections -----------------------------------------------------------------------

    def connections(self) -> ConnectionSettings:
        """The connections with their keys in clear: for calling upstreams, never for showing."""
        return self.connections_of(self._stored_connections())

    def connections_of(self, state: Connections | None) -> ConnectionSettings:
        """``state``: the connections as stored now or at some point (None: the environment's, never stored)."""
        if state is None:
            seed = self._seed
            return ConnectionSettings(
                openai_enabled=seed.openai_enabled, ollama_enabled=seed.ollama_enabled,
                openai=[Upstream("openai", i, url, _at(seed.openai_keys, i)) for i, url in enumerate(seed.openai_urls)],
                ollama=[Upstream("ollama", i, url, "") for i, url in enumerate(seed.ollama_urls)],
                options=dict(DEFAULT_OPTIONS))
        openai, ollama = state.openai, state.ollama
        return ConnectionSettings(
            openai_enabled=openai["enabled"], ollama_enabled=ollama["enabled"],
            openai=[Upstream("openai", i, url, self._unseal(_at(openai["keys"], i), "openai"),
                             openai["configs"].get(str(i), {})) for i, url in enumerate(openai["base_urls"])],
            ollama=[self._ollama_upstream(i, url, ollama["configs"].get(str(i), {}))
                    for i, url in enumerate(ollama["base_urls"])],
            options={**DEFAULT_OPTIONS, **state.options})

    def configure_openai(self, command: ConfigureOpenAI) -> LogPosition | None:
        def change(connections: Connections) -> None:
            stored = connections.openai["keys"]
            keys = [self._kept_or_sealed(key, stored, i, "openai") for i, key in enumerate(command.keys)]
            connections.configure_openai(enabled=command.enabled, base_urls=list(command.base_urls), keys=keys,
                                         configs=dict(command.configs))

        return self._change_connections(change)

    def configure_ollama(self, command: ConfigureOllama) -> LogPosition | None:
        def change(connections: Connections) -> None:
            stored = [connections.ollama["configs"].get(str(i), {}).get("key", "")
                      for i in range(len(connections.ollama["base_urls"]))]
            configs = {}
            for index, asked in command.configs.items():
                config = dict(asked)
                if config.get("key") and isinstance(config["key"], str):  # the domain refuses a key of another type
                    config["key"] = self._kept_or_sealed(config["key"], stored, _int(index), "ollama")
                configs[index] = config
            connections.configure_ollama(enabled=command.enabled, base_urls=list(command.base_urls),
                                         configs=configs)

        return self._change_connections(change)

    def change_connection_options(self, command: ChangeConnectionOptions) -> LogPosition | None:
        return self._change_connections(lambda connections: connections.change_options(dict(command.changes)))

    def _change_connections(self, change: Callable[[Connections], None]) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            connections = self._stored_connections() or self._seeded()
            change(connections)
            return self.commit(connections)

        return self.retrying(attempt)

    def _stored_connections(self) -> Connections | None:
        return self.find(CONNECTIONS_ID)  # type: ignore[return-value]

    def _seeded(self) -> Connections:
        """The environment's connections, as the first event of their history (keys sealed)."""
        seed = self._seed
        keys = [self._seal(key, "openai") for key in seed.openai_keys]
        return Connections(
            openai=openai_state(enabled=seed.openai_enabled, base_urls=list(seed.openai_urls), keys=keys, configs={}),
            ollama=ollama_state(enabled=seed.ollama_enabled, base_urls=list(seed.ollama_urls), configs={}),
            options=dict(DEFAULT_OPTIONS))

    def _kept_or_sealed(self, submitted: str, stored: list[str], index: int, kind: Kind) -> str:
        """A key sent back as it was shown (masked) keeps its stored value; anything else is new."""
        if not submitted:
            return ""
        candidates = [stored[index]] if index < len(stored) else []
        candidates += [s for s in stored if s not in candidates]
        for sealed in candidates:
            if sealed and mask(self._unseal(sealed, kind)) == submitted:
                return sealed
        return self._seal(submitted, kind)

    def _ollama_upstream(self, index: int, url: str, config: dict[str, Any]) -> Upstream:
        key = self._unseal(config.get("key") or "", "ollama")
        return Upstream("ollama", index, url, key, {**config, "key": key} if key else config)

    def _seal(self, key: str, kind: Kind) -> str:
        return self._sealer.seal(key, KEY_CONTEXT[kind]) if key else ""

    def _unseal(self, sealed: str, kind: Kind) -> str:
        if not sealed:
            return ""
        try:
            return self._sealer.unseal(sealed, KEY_CONTEXT[kind])
        except UnsealError:
            log.warning("connections.key_unreadable", kind=kind)  # sealed under a secret we no longer hold
            return ""

    # -- task settings ---------------------------------------------------------------------

    def task_config(self) -> TaskConfig:
        stored = self.find(TASK_SETTINGS_ID)
        return TaskConfig(stored.current() if isinstance(stored, TaskSettings) else dict(DEFAULT_TASK_SETTINGS))

    def configure_tasks(self, command: ConfigureTasks) -> LogPosition | None:
        """Restating the settings in force records nothing, not even their founding."""
        def attempt() -> LogPosition | None:
            stored = self.find(TASK_SETTINGS_ID)
            settings = stored if isinstance(stored, TaskSettings) else TaskSettings(
                settings=dict(DEFAULT_TASK_SETTINGS))
            return self.commit(settings) if settings.change(dict(command.changes)) else None

        return self.retrying(attempt)

    # -- defaults for everyone's model list ------------------------------------------------

    def model_defaults(self) -> dict[str, Any]:
        stored = self.find(MODEL_DEFAULTS_ID)
        return copy.deepcopy(stored.current() if isinstance(stored, ModelDefaults) else NO_MODEL_DEFAULTS)

    def configure_model_defaults(self, command: ConfigureModelDefaults) -> LogPosition | None:
        """Restating the defaults in force records nothing."""
        def attempt() -> LogPosition | None:
            stored = self.find(MODEL_DEFAULTS_ID)
            defaults = stored if isinstance(stored, ModelDefaults) else ModelDefaults()
            return self.commit(defaults) if defaults.change(dict(command.changes)) else None

        return self.retrying(attempt)

    # -- model presets ---------------------------------------------------------------------

    def preset(self, model_id: str) -> ModelPreset | None:
        preset = self.find(ModelPreset.create_id(model_id))
        return preset if isinstance(preset, ModelPreset) and not preset.deleted else None

    def create_preset(self, command: CreatePreset) -> LogPosition | None:
        fields: PresetFields = {"owner_id": command.actor_id, "base_model_id": command.base_model_id,
                                "name": command.name, "params": command.params, "meta": command.meta,
                                "access_grants": command.access_grants, "is_active": command.is_active}

        def attempt() -> LogPosition | None:
            if done_before(self, command.once):
                return self.as_before()
            key = remembered(command.once, command.model_id)
            existing = self.find(ModelPreset.create_id(command.model_id))
            if isinstance(existing, ModelPreset):
                existing.recreate(**fields)
                return self.commit(*self._on_base_models(existing), *key)
            return self.commit(*self._on_base_models(ModelPreset.new(model_id=command.model_id, **fields)), *key)

        return self.retrying(attempt)

    def update_preset(self, command: UpdatePreset) -> LogPosition | None:
        def update(preset: ModelPreset) -> None:
            is_active = preset.is_active if command.is_active is None else command.is_active
            base_before = preset.base_model_id
            preset.update(base_model_id=command.base_model_id, name=command.name, params=command.params,
                          meta=command.meta, is_active=is_active)
            self._on_base_models(preset, kept={preset.model_id: base_before})

        return self._change_preset(command, update)

    def change_preset_access(self, command: ChangePresetAccess) -> LogPosition | None:
        """Grants on a base model that has no preset yet create one (admins only, as in Open WebUI)."""
        if self.preset(command.model_id) is None and command.actor_is_admin:
            return self.create_preset(CreatePreset(
                actor_id=command.actor_id, actor_is_admin=True, model_id=command.model_id, base_model_id=None,
                name=command.name or command.model_id, params={}, meta={}, access_grants=command.access_grants))
        return self._change_preset(command, lambda preset: preset.change_access(command.access_grants))

    def toggle_preset(self, command: TogglePreset) -> LogPosition | None:
        return self._change_preset(command, lambda preset: preset.toggle())

    def delete_preset(self, command: DeletePreset) -> LogPosition | None:
        return self._change_preset(command, lambda preset: preset.delete())

    def import_presets(self, command: ImportPresets) -> LogPosition | None:
        """All of them or, if any is refused, none: one save."""
        def attempt() -> LogPosition | None:
            changed: dict[str, ModelPreset] = {}
            kept: dict[str, str | None] = {}
            for item in command.presets:
                found = changed.get(item.model_id) or self.find(ModelPreset.create_id(item.model_id))
                if isinstance(found, ModelPreset) and not found.deleted:
                    kept.setdefault(item.model_id, found.base_model_id)
                changed[item.model_id] = imported(found if isinstance(found, ModelPreset) else None, item, command)
            return self.commit(*self._on_base_models(*changed.values(), kept=kept))

        return self.retrying(attempt)

    def delete_all_presets(self, command: DeleteAllPresets) -> LogPosition | None:
        """Admins only (the caller checks): the presets named, those still there, in one save."""
        def attempt() -> LogPosition | None:
            presets = [p for p in map(self.preset, dict.fromkeys(command.model_ids)) if p is not None]
            for preset in presets:
                preset.delete()
            return self.commit(*presets)

        return self.retrying(attempt)

    def withdraw_group_from_presets(self, command: WithdrawGroupFromPresets) -> LogPosition | None:
        """Idempotent, for a reaction: one save for every preset that still granted the group."""
        def attempt() -> LogPosition | None:
            presets = [p for p in map(self.preset, dict.fromkeys(command.model_ids)) if p is not None]
            return self.commit(*[p for p in presets if p.withdraw_group(command.group_id)])

        return self.retrying(attempt)

    def readable_preset(self, model_id: str, user_id: str, is_admin: bool,
                        group_ids: frozenset[str] = frozenset()) -> ModelPreset:
        """The preset, if the caller (or a group of theirs) may see it; to anyone else it does not exist."""
        preset = self.preset(model_id)
        if preset is None:
            raise ModelNotFoundError(model_id)
        if not permits(Principal.acting(user_id, is_admin, group_ids), Action.READ, ResourceKind.MODEL, preset.owner_id,
                       preset.grants):
            raise ForeignPresetError(model_id, user_id)
        return preset

    def _change_preset(self, command: PresetCommand, change: Callable[[ModelPreset], None]) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            preset = self.readable_preset(command.model_id, command.actor_id, command.actor_is_admin,
                                          command.actor_group_ids)
            actor = Principal.acting(command.actor_id, command.actor_is_admin, command.actor_group_ids)
            if not permits(actor, Action.WRITE, ResourceKind.MODEL, preset.owner_id, preset.grants):
                raise ModelAccessDeniedError(command.model_id)
            change(preset)
            return self.commit(preset)

        return self.retrying(attempt)

    def _on_base_models(self, *presets: ModelPreset, kept: Mapping[str, str | None] | None = None
                        ) -> tuple[ModelPreset, ...]:
        """``presets``, unless one is built on another preset (``PresetOnPresetError``), as the app
        offers only base models to build on; an admin's override of an upstream model (a preset
        without a base) is a base model. ``kept``: the bases presets had, which may stay (the app
        keeps one on edit)."""
        changed, kept = {preset.model_id: preset for preset in presets}, kept or {}
        for preset in presets:
            if preset.base_model_id and not preset.deleted and kept.get(preset.model_id) != preset.base_model_id:
                base = changed.get(preset.base_model_id) or self.preset(preset.base_model_id)
                if base is not None and not base.deleted and base.base_model_id:
                    raise PresetOnPresetError(preset.model_id, preset.base_model_id)
        return presets


def _at(values: list[str] | tuple[str, ...], index: int) -> str:
    return values[index] if index < len(values) else ""


def _int(index: str) -> int:
    return int(index) if index.isdecimal() else -1  # isdigit() is true of "²", which int() refuses
