"""structlog: human-readable on a terminal, JSON lines otherwise; context via contextvars."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from infrastructure.settings import Settings


def configure_logging(settings: Settings) -> None:
    use_console = settings.log_format == "console" or (
        settings.log_format == "auto" and sys.stderr.isatty()
    )
    renderer = structlog.dev.ConsoleRenderer() if use_console else structlog.processors.JSONRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            without_row_values,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(settings.log_level, logging.INFO)
        ),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),  # type: ignore[arg-type]  # a TextIO's write
        cache_logger_on_first_use=True,
    )


_DETAIL = re.compile(r"DETAIL:.*?(?=\[SQL:|HINT:|CONTEXT:|$)", re.DOTALL)
"""Postgres's detail of an error, up to what follows it in psycopg's or SQLAlchemy's text."""


def without_row_values(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """A database error's text without Postgres's ``DETAIL``, which repeats the values of the row
    or key that failed ("Failing row contains (...)", "Key (email)=(...) already exists"): people's
    texts, which a log line would outlive. (SQLAlchemy leaves out a statement's parameters:
    ``views_db.HIDE_PARAMETERS``.)"""
    for key, value in event.items():
        if isinstance(value, str) and "DETAIL:" in value:
            event[key] = _DETAIL.sub("DETAIL: (left out of the log) ", value)
    return event


class _CurrentStderr:
    """Whatever ``sys.stderr`` is when a line is written, not when logging was configured: a
    stream swapped out and closed since (a test's captured output) must not break every later log
    line of the process."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()
