"""Fixtures every kind of test may use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ldap_directory import Directory, ensure_slapd, running_directory
from tests.upstream.process import UpstreamProcess


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
