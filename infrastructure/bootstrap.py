"""The composition root: ``build_container(settings)`` wires every port to its adapter."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from sqlalchemy import MetaData

from application.chats.service import Chats
from application.context import BoundedContext
from application.identity.service import Identity
from infrastructure.event_store import event_store_env
from infrastructure.fanout import LocalFanout, RedisFanout
from infrastructure.kicks import ArqKicks, InProcessKicks
from infrastructure.passwords import Argon2Passwords
from infrastructure.settings import Settings
from infrastructure.setup_lock import setup_lock
from infrastructure.tokens import Keyring, Tokens, load_or_create_secret
from infrastructure.views_db import SqlViewStore, create_view_store
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.chats.table import define_chat_tables
from projections.event_catalog.projector import EventCatalog
from projections.event_catalog.queries import EventQueries
from projections.event_catalog.table import define_catalog_tables
from projections.folders.projector import FolderViews
from projections.folders.queries import FolderQueries
from projections.folders.table import define_folder_tables
from projections.runtime.projector import Change
from projections.runtime.runner import ProjectionRunner
from projections.users.projector import UserDirectory
from projections.users.queries import UserQueries
from projections.users.table import define_user_tables

Role = Literal["api", "worker", "cli"]


class Kicks(Protocol):
    def kick(self, context: str, position: int) -> None: ...
    def start(self, runner: ProjectionRunner) -> None: ...
    def close(self) -> None: ...


class Fanout(Protocol):
    def __call__(self, changes: list[Change]) -> None: ...
    def close(self) -> None: ...


class NoKicks:
    """The worker and the CLI commit nothing that someone else must project."""

    def kick(self, context: str, position: int) -> None:
        pass

    def start(self, runner: ProjectionRunner) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class Container:
    settings: Settings
    identity: Identity
    chats: Chats
    views: SqlViewStore
    runner: ProjectionRunner
    users: UserQueries
    chat_views: ChatQueries
    folder_views: FolderQueries
    events: EventQueries
    tokens: Tokens
    fanout: Fanout
    kicks: Kicks
    contexts: dict[str, BoundedContext] = field(default_factory=dict)

    def close(self) -> None:
        self.kicks.close()
        self.fanout.close()
        for context in self.contexts.values():
            context.close()
        self.views.dispose()


def build_container(settings: Settings, role: Role = "api") -> Container:
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    with setup_lock(settings):
        return _build(settings, role)


def _build(settings: Settings, role: Role) -> Container:
    kicks = _kicks(settings, role)
    identity = Identity(
        event_store_env(settings, "Identity"), kicks.kick, hasher=Argon2Passwords(),
        initial_auth_config={"ENABLE_SIGNUP": settings.enable_signup,
                             "DEFAULT_USER_ROLE": settings.default_user_role},
    )
    chats = Chats(event_store_env(settings, "Chats"), kicks.kick)
    contexts: dict[str, BoundedContext] = {"Identity": identity, "Chats": chats}

    metadata = MetaData()
    user_tables, chat_tables = define_user_tables(metadata), define_chat_tables(metadata)
    folder_tables = define_folder_tables(metadata)
    catalogs = {name: define_catalog_tables(name, metadata) for name in contexts}
    projectors = [UserDirectory(user_tables), ChatViews(chat_tables), FolderViews(folder_tables),
                  *(EventCatalog(name, tables) for name, tables in catalogs.items())]

    views = create_view_store(settings)
    fanout: Fanout = RedisFanout(settings.redis_url) if settings.redis_url else LocalFanout()
    runner = ProjectionRunner(views, contexts, projectors, fanout, settings.projection_page_size)
    runner.create_tables()
    kicks.start(runner)
    return Container(
        settings=settings, identity=identity, chats=chats, views=views, runner=runner,
        users=UserQueries(views.reader, user_tables), chat_views=ChatQueries(views.reader, chat_tables),
        folder_views=FolderQueries(views.reader, folder_tables),
        events=EventQueries(views.reader, catalogs, contexts),
        tokens=Tokens(_keyring(settings), settings.token_lifetime_seconds),
        fanout=fanout, kicks=kicks, contexts=contexts,
    )


def _kicks(settings: Settings, role: Role) -> Kicks:
    if role != "api":
        return NoKicks()
    return ArqKicks(settings.redis_url) if settings.redis_url else InProcessKicks()


def _keyring(settings: Settings) -> Keyring:
    current = settings.secret_key or load_or_create_secret(Path(settings.data_dir))
    return Keyring([current, *settings.previous_secret_keys])
