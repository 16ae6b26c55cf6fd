"""What differs between the embedded default and production: each port whose adapter depends on
the deployment (Redis or none, Postgres or SQLite, and the process's role), chosen from the settings.
Everything else is wired the same way for both (``bootstrap``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol

from application.completions.running import RunningReplies
from application.context import BoundedContext
from application.live import LiveEmitter
from application.log_positions import LogPositions as RequestLogPositions
from application.presence import LocalSockets, Presence
from infrastructure.fanout import LocalFanout, RedisFanout
from infrastructure.kicks import ArqKicks, InProcessKicks
from infrastructure.live_emitter import LoopEmitter, NoEmitter, RedisEmitter
from infrastructure.log_positions import PostgresLogPositions, SqliteLogPositions
from infrastructure.presence import LocalPresence, RedisPresence
from infrastructure.running_replies import LocalReplies, RedisReplies
from infrastructure.settings import Settings
from projections.runtime.projector import Change
from projections.runtime.runner import ProjectionRunner

Role = Literal["api", "worker", "cli"]


class Kicks(Protocol):
    def kick(self, context: str, position: int) -> None: ...
    def start(self, runner: ProjectionRunner, sweep: Callable[[], None]) -> None: ...
    def close(self) -> None: ...


class Fanout(Protocol):
    def __call__(self, changes: list[Change]) -> None: ...
    def close(self) -> None: ...


class Emitter(LiveEmitter, Protocol):
    def close(self) -> None: ...


class LogPositions(RequestLogPositions, Protocol):
    async def start(self) -> None: ...
    async def close(self) -> None: ...


class Replies(RunningReplies, Protocol):
    async def start(self) -> None: ...
    async def close(self) -> None: ...


class Presences(Presence, Protocol):
    async def start(self) -> None: ...
    async def close(self) -> None: ...


class NoKicks:
    """The worker and the CLI commit nothing that someone else must project."""

    def kick(self, context: str, position: int) -> None:
        pass

    def start(self, runner: ProjectionRunner, sweep: Callable[[], None]) -> None:
        pass

    def close(self) -> None:
        pass


def log_positions_for(settings: Settings, contexts: dict[str, BoundedContext]) -> LogPositions:
    if settings.database_url:
        return PostgresLogPositions(settings.database_url, contexts)
    return SqliteLogPositions(contexts)


def kicks_for(settings: Settings, role: Role) -> Kicks:
    if role != "api":
        return NoKicks()
    return ArqKicks(settings.redis_url) if settings.redis_url else InProcessKicks()


def emitter_for(settings: Settings, role: Role) -> Emitter:
    """The API's Socket.IO server attaches itself to a LoopEmitter; other processes publish on
    Socket.IO's Redis channel, or (embedded) have nobody to reach."""
    if role == "api":
        return LoopEmitter()
    return RedisEmitter(settings.redis_url) if settings.redis_url else NoEmitter()


def fanout_for(settings: Settings) -> Fanout:
    return RedisFanout(settings.redis_url) if settings.redis_url else LocalFanout()


def replies_for(settings: Settings) -> Replies:
    return RedisReplies(settings.redis_url) if settings.redis_url else LocalReplies()


def presence_for(settings: Settings, sockets: LocalSockets) -> Presences:
    """Shared by every API replica through Redis, or (embedded) this process's own sockets."""
    return RedisPresence(settings.redis_url, sockets) if settings.redis_url else LocalPresence(sockets)
