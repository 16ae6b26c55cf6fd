"""A statement that fails is logged saying what failed, never with the values it was given nor
those of the row it failed on: its error ends up in a log line (a projector's fault), and those
values are people's texts, which would outlive their forgetting there."""

from __future__ import annotations

import uuid

import pytest
import structlog
from sqlalchemy.exc import DBAPIError

from infrastructure.container import Container
from infrastructure.logging import configure_logging


def test_a_failed_statement_on_the_views_is_logged_without_its_values(
        container: Container, capsys: pytest.CaptureFixture[str]):
    chats, mark = container.runner.projectors["chats"].tables.chats, uuid.uuid4().hex  # not in a traceback's source
    with pytest.raises(DBAPIError) as failed, container.views.writer.begin() as conn:
        conn.execute(chats.insert().values(id=mark[:36], user_id=None, title=f"{mark} typed\ntitle"))
    configure_logging(container.settings)
    capsys.readouterr()
    structlog.get_logger("test").error("projection.fault", error=repr(failed.value))
    try:
        raise RuntimeError("failed") from failed.value
    except RuntimeError:
        structlog.get_logger("test").exception("reaction.failed")
    logged = capsys.readouterr().err
    assert "projection.fault" in logged and "reaction.failed" in logged and "chats" in logged
    assert mark[:12] not in logged
