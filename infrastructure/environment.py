"""The environment as settings are read from it: names tried in order, values parsed or refused
with the variable's name and what it must be (``SettingsError``)."""

from __future__ import annotations

from collections.abc import Mapping
from ipaddress import ip_network
from typing import TypeVar

Choice = TypeVar("Choice", bound=str)
"""One of a setting's allowed values, typed as narrowly as the caller's tuple of them."""

_DURATION_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


class SettingsError(ValueError):
    """An environment variable holds a value Annals cannot use."""


class EnvironmentReader:
    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def text(self, *names: str) -> str | None:
        for name in names:
            value = self._environ.get(name, "").strip()
            if value:
                return value
        return None

    def networks(self, name: str, *, default: tuple[str, ...]) -> tuple[str, ...]:
        """CIDR networks; unset: ``default``; ``none``: no network at all."""
        value = self.text(name)
        if value is None:
            return default
        if value.lower() == "none":
            return ()
        try:
            return tuple(str(ip_network(part, strict=False)) for part in self.csv(name))
        except ValueError as error:
            raise SettingsError(f"{name}: {error}") from None

    def csv(self, name: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in (self.text(name) or "").split(",") if part.strip())

    def listed(self, *names: str) -> tuple[str, ...]:
        """Open WebUI's ``;``-separated lists; empty entries keep their place (keys align with URLs)."""
        value = self.text(*names)
        return tuple(part.strip() for part in value.split(";")) if value else ()

    def urls(self, *names: str) -> tuple[str, ...]:
        return tuple(url.rstrip("/") for url in self.listed(*names) if url)

    def flag(self, name: str, *, default: bool) -> bool:
        value = self.text(name)
        if value is None:
            return default
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name} must be true or false, got {value!r}")

    def integer(self, name: str, default: int) -> int:
        return int(self._parsed(name, default, int, "an integer"))

    def number(self, name: str, default: float) -> float:
        return self._parsed(name, default, float, "a number")

    def _parsed(self, name: str, default: float, kind: type[float], what: str) -> float:
        value = self.text(name)
        try:
            return default if value is None else kind(value)
        except ValueError:
            raise SettingsError(f"{name} must be {what}, got {value!r}") from None

    def optional(self, name: str) -> int | None:
        return None if self.text(name) is None else self.integer(name, 0)

    def choice(self, name: str, allowed: tuple[Choice, ...], default: Choice) -> Choice:
        value = self.text(name) or default
        for option in allowed:
            if value == option:
                return option
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")

    def duration(self, name: str, *, default: float) -> float:
        """Open WebUI style durations: ``30m``, ``4w``, ``-1`` (never; we cap it at a year)."""
        value = self.text(name)
        if value is None:
            return default
        if value == "-1":
            return 365 * 86400
        for unit in sorted(_DURATION_UNITS, key=len, reverse=True):
            if value.endswith(unit) and value[: -len(unit)].replace(".", "", 1).isdigit():
                return float(value[: -len(unit)]) * _DURATION_UNITS[unit]
        if value.replace(".", "", 1).isdigit():
            return float(value)
        raise SettingsError(f"{name} must be a duration such as 30m or 4w, got {value!r}")
