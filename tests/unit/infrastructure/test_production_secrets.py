"""Production refuses to start with a secret that could be guessed, and says why."""

from __future__ import annotations

import secrets

import pytest

from infrastructure.environment import SettingsError
from infrastructure.settings import Settings

STRONG = "kq3R-Vx8pZt1LmN0wYc7bHd5sFj2uGe9aA4"


def _production(**env: str) -> Settings:
    return Settings.from_environ({"ANNALS_ENV": "production", "ANNALS_AUDIT_KEY_FILE": "/run/keys/audit.key",
                                  "ANNALS_KEY_FILE": "/run/keys/data-keys.kek", **env})


def test_a_generated_secret_starts() -> None:
    secret = secrets.token_urlsafe(32)
    assert _production(WEBUI_SECRET_KEY=secret).secret_key == secret


def test_a_random_hex_secret_of_32_characters_starts() -> None:
    assert _production(WEBUI_SECRET_KEY=secrets.token_hex(16)).secret_key


def test_no_secret_is_refused() -> None:
    with pytest.raises(SettingsError, match="WEBUI_SECRET_KEY must be set"):
        _production()


def test_a_short_secret_is_refused_with_its_length() -> None:
    with pytest.raises(SettingsError, match="it is 10 bytes long, and at least 32 are needed"):
        _production(WEBUI_SECRET_KEY="t0p-s3cr3t")


@pytest.mark.parametrize(("secret", "why"), [
    ("a" * 64, "only 1 different characters"),
    ("abababababababababababababababababab", "only 2 different characters"),
    ("0123456789abcdef0123456789abcdef", "repeats a shorter sequence"),
    ("abcdefghijklmnopqrstuvwxyz0123456789", "runs of neighbouring characters"),
])
def test_a_long_secret_of_little_entropy_is_refused(secret: str, why: str) -> None:
    with pytest.raises(SettingsError, match=why):
        _production(WEBUI_SECRET_KEY=secret)


def test_a_weak_previous_key_is_refused_too() -> None:
    with pytest.raises(SettingsError, match="ANNALS_PREVIOUS_SECRET_KEYS"):
        _production(WEBUI_SECRET_KEY=STRONG, ANNALS_PREVIOUS_SECRET_KEYS="changeme")


def test_outside_production_a_short_secret_is_allowed() -> None:
    assert Settings.from_environ({"WEBUI_SECRET_KEY": "short"}).secret_key == "short"


def test_no_audit_key_file_is_refused() -> None:
    with pytest.raises(SettingsError, match="ANNALS_AUDIT_KEY_FILE must name the file"):
        Settings.from_environ({"ANNALS_ENV": "production", "WEBUI_SECRET_KEY": STRONG})


def test_no_key_encryption_key_file_is_refused() -> None:
    with pytest.raises(SettingsError, match="ANNALS_KEY_FILE must name the file"):
        Settings.from_environ({"ANNALS_ENV": "production", "WEBUI_SECRET_KEY": STRONG,
                               "ANNALS_AUDIT_KEY_FILE": "/run/keys/audit.key"})
