"""Open WebUI's license forbids replacing its branding: like Open WebUI itself, a custom
``WEBUI_NAME`` is shown with "(Open WebUI)" after it."""

from __future__ import annotations

OPEN_WEBUI = "Open WebUI"


def branded(name: str) -> str:
    return name if name == OPEN_WEBUI else f"{name} ({OPEN_WEBUI})"
