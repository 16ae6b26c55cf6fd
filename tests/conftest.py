"""Fixtures every kind of test may use."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.ldap_directory import Directory, ensure_slapd, running_directory
from tests.services import IDLE_CONNECTIONS
from tests.upstream.process import UpstreamProcess


def pytest_configure() -> None:
    """What every process a test starts inherits: ``annals`` servers, workers and commands."""
    os.environ.setdefault("ANNALS_DATABASE_IDLE_CONNECTIONS", str(IDLE_CONNECTIONS))


@pytest.fixture(scope="session")
def fake_upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    """A real OpenAI-compatible server process with the default models (see tests/upstream)."""
    process = UpstreamProcess(tmp_path_factory.mktemp("upstream")).start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def ldap_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    """Debian's slapd with the people and groups of ``tests/ldap_directory.py``, for the whole session."""
    if not ensure_slapd():
        pytest.skip("slapd is not installed, and apt-get may not be run here to install it")
    with running_directory(tmp_path_factory.mktemp("slapd")) as directory:
        yield directory
