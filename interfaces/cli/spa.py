from __future__ import annotations

import sys

from infrastructure.settings import Settings
from infrastructure.spa import SpaInstallError, SpaPlace, install_spa


def install(settings: Settings) -> int:
    """Puts the Open WebUI app where ``annals serve`` looks for it; does nothing if it is there."""
    place = SpaPlace.of(settings)
    try:
        outcome = install_spa(place)
    except SpaInstallError as error:
        print(f"annals spa: {error}", file=sys.stderr)
        return 1
    print(f"Open WebUI {place.version}: {outcome} in {place.directory}")
    return 0
