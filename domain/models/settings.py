"""What the admin's settings aggregates of the models context share: a singleton that records only
the values that differ from those in force."""

from __future__ import annotations

from typing import Any, ClassVar


class KeptSettings:
    """Mixed into an Aggregate that holds ``settings`` and records them with its own ``Changed``
    event (``_change``); ``check`` refuses a value before anything is recorded."""

    DEFAULTS: ClassVar[dict[str, Any]]
    settings: dict[str, Any]

    def change(self, changes: dict[str, Any]) -> bool:
        """Records the settings that differ from those in force; False when none do."""
        for name, value in changes.items():
            self.check(name, value)
        current = self.current()
        changed = {name: value for name, value in changes.items() if current[name] != value}
        if changed:
            self._change(changes=changed)
        return bool(changed)

    def check(self, name: str, value: Any) -> None:
        raise NotImplementedError

    def _change(self, *, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    def current(self) -> dict[str, Any]:
        return {**self.DEFAULTS, **self.settings}
