"""Log lines go to whatever stderr is when they are written: a stream swapped out and closed since
logging was configured (a test's captured output) breaks nothing."""

from __future__ import annotations

import io
import sys

import pytest
import structlog

from infrastructure.logging import configure_logging
from infrastructure.settings import Settings


def test_a_stderr_closed_since_logging_was_configured_breaks_no_later_line(monkeypatch: pytest.MonkeyPatch):
    passing = io.StringIO()
    monkeypatch.setattr(sys, "stderr", passing)
    configure_logging(Settings(log_format="json"))
    passing.close()
    now = io.StringIO()
    monkeypatch.setattr(sys, "stderr", now)
    structlog.get_logger().warning("still.heard", n=1)
    assert '"event": "still.heard"' in now.getvalue()
