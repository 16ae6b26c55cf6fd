"""eventsourcing's settings for each bounded context, derived from ours."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from eventsourcing.persistence import JSONTranscoder
from eventsourcing.utils import get_topic

from application.transcoding import DICT, Named, escaped
from domain.text import UnstorableTextError, unstorable_reason
from infrastructure.connection_budget import SMALLEST_POOL, Pool
from infrastructure.keyed_recorders import KeyedPostgresApplicationRecorder, KeyedSQLiteApplicationRecorder
from infrastructure.settings import Settings

AGGREGATE_CACHE_SIZE = "2000"
DATABASE_CONNECT_TIMEOUT = 5
"""Seconds anything waits for a connection to Postgres before it gives up (and the request is a 503)."""
ALONE = Pool.of(SMALLEST_POOL, kept=1)
_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")
r"""``\u0000`` as the JSON encoder writes a NUL: after an even number of backslashes (an odd
number would make it the text ``\u0000`` that someone typed)."""


class StorableTextTranscoder(JSONTranscoder):
    """The last guard before the log: an event whose text no view could hold is never stored.

    The boundary refuses such text earlier, with a reason; this catches whatever path it missed
    (Socket.IO, multipart fields, a future context), so the log never holds a poison event. Nor
    one whose dicts would read back as other types (``application.transcoding``).
    """

    def __init__(self) -> None:
        super().__init__()
        self.names[DICT.name] = DICT

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        return o.encoded() if isinstance(o, Named) else super()._encode_obj(o)

    def encode(self, obj: Any) -> bytes:
        obj = escaped(obj)
        text = self.encoder.encode(obj)
        try:
            if "\\u0000" not in text or _NUL_ESCAPE.search(text) is None:  # (a scan far faster than re's)
                return text.encode("utf8")
        except UnicodeEncodeError:
            pass
        raise UnstorableTextError(_first_unstorable(obj))


def _first_unstorable(obj: Any, path: str = "") -> str:
    for where, text in _texts(obj, path):
        if reason := unstorable_reason(text):
            return f"{where.lstrip('.') or 'text'}: {reason}"
    return "text may not contain NUL characters or lone surrogates"


def _texts(obj: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _texts(key, f"{path}.{key}")
            yield from _texts(value, f"{path}.{key}")
    elif isinstance(obj, list | tuple):
        for index, value in enumerate(obj):
            yield from _texts(value, f"{path}[{index}]")


def event_store_env(settings: Settings, context: str, pool: Pool = ALONE) -> dict[str, str]:
    """``pool``: the context's share of the process's connections to Postgres (``ALONE``: a context
    opened by itself, by a tool or a test)."""
    env = {"AGGREGATE_CACHE_MAXSIZE": AGGREGATE_CACHE_SIZE, "AGGREGATE_CACHE_FASTFORWARD": "y",
           "TRANSCODER_TOPIC": get_topic(StorableTextTranscoder)}
    if settings.database_url is None:
        path = Path(settings.data_dir) / f"events-{context.lower()}.sqlite3"
        return {**env, "PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": "30", "APPLICATION_RECORDER_TOPIC": get_topic(KeyedSQLiteApplicationRecorder)}
    url = urlsplit(settings.database_url)
    return {
        **env,
        # Never POSTGRES_ENABLE_DB_FUNCTIONS: its insert skips the table lock, and readers skip events.
        "PERSISTENCE_MODULE": "infrastructure.postgres_store:FailFastPostgresFactory",
        "APPLICATION_RECORDER_TOPIC": get_topic(KeyedPostgresApplicationRecorder),
        "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_POOL_SIZE": str(pool.size),  # psycopg_pool opens this many at start
        "POSTGRES_MAX_OVERFLOW": str(pool.overflow),
        "POSTGRES_LOCK_TIMEOUT": "10",
        # How long one of the library's tries waits for a pooled connection (its default: 30 s, and
        # it tries ten times); stale connections are found before use, not by a request.
        "POSTGRES_CONNECT_TIMEOUT": "2",
        "POSTGRES_PRE_PING": "y",
    }
