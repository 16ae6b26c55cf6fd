"""Fixtures every kind of test may use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.upstream.process import UpstreamProcess


@pytest.fixture(scope="session")
def fake_upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    """A real OpenAI-compatible server process with the default models (see tests/upstream)."""
    process = UpstreamProcess(tmp_path_factory.mktemp("upstream")).start()
    yield process
    process.stop()
