"""The composition root: ``build_container(settings)`` wires every port to its adapter, in the parts
of ``infrastructure.wiring``: the write side, the read side, the reactions and what falls due with
time, and the conversations; then what the interfaces use besides (``Container``)."""

from __future__ import annotations

import asyncio
from dataclasses import fields
from pathlib import Path
from typing import Any

import structlog

from application.access.resources import Kind
from application.access.service import Authorisation
from application.audit.past_reads import PastReads
from application.audit.person_export import PersonArchives
from application.audit.point_in_time import PointInTime
from application.context import BoundedContext
from application.identity.api_key_rules import CurrentApiKeyRules
from application.identity.directory_sign_in import DirectorySignIn
from application.identity.provisioning import Provisioning
from application.identity.single_sign_on import SingleSignOn, SingleSignOnPolicy
from application.knowledge.document_config import DocumentConfig
from application.knowledge.embedding_config import EmbeddingConfig
from application.knowledge.file_collections import file_collection
from application.knowledge.file_indexing import Chunkers
from application.log_positions import request_position
from application.memories.index import MemoryIndex
from application.memories.indexing import MemoryIndexing
from application.models.state import CurrentModelsState
from application.retrieval.embedding_switch import EmbeddingSwitch
from application.retrieval.reindexing import Reindexing
from domain.identity.single_sign_on import RoleMapping
from infrastructure.chunking.documents import DocumentChunker
from infrastructure.chunking.text import Splitting, TextChunker
from infrastructure.connection_budget import ConnectionBudget
from infrastructure.container import Container
from infrastructure.deployment import Role, fanout_for, kicks_for, log_positions_for
from infrastructure.embeddings.engines import EngineProbe, environment_choice
from infrastructure.index_rebuilds import IndexRebuilds
from infrastructure.ldap_directory import LdapDirectory
from infrastructure.oauth_settings import OAuthSettings
from infrastructure.oidc import OpenIdProvider
from infrastructure.outbound import UpstreamAddressPolicy
from infrastructure.person_views import ViewsOfPerson
from infrastructure.postgres_store import DATABASE_DOWN
from infrastructure.profile_pictures import GuardedProfilePictures
from infrastructure.redis_clients import Backoff
from infrastructure.retrieval import RetrievalLayer, documents_in_force
from infrastructure.sealing import AesGcmSealer
from infrastructure.settings import Settings
from infrastructure.setup_lock import setup_lock
from infrastructure.sign_in_flows import SignInFlows
from infrastructure.tokens import Keyring, Tokens, load_or_create_secret
from infrastructure.views_db import create_view_store
from infrastructure.wiring.conversations import conversations
from infrastructure.wiring.reactions import add_reactions
from infrastructure.wiring.read_side import ReadSide, projectors, read_side
from infrastructure.wiring.upkeep import upkeep
from infrastructure.wiring.write_side import CONTEXTS, write_side
from projections.groups.projector import GroupViews
from projections.groups.standings import Standings
from projections.models.projector import ModelPresetViews
from projections.runtime.runner import ProjectionRunner
from projections.runtime.settling import SettledReader, settle
from projections.users.projector import UserDirectory
from projections.users.sessions import SessionUsers

log = structlog.get_logger()


def build_container(settings: Settings, role: Role = "api") -> Container:
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    with setup_lock(settings):
        return _build(settings, role)


async def built_when_the_database_answers(settings: Settings, role: Role) -> Container:
    """A server or worker started while its database is away or full waits for it, rather than
    exit (anything else, a setting it cannot use say, still stops it)."""
    backoff = Backoff()
    while True:
        try:
            return await asyncio.to_thread(build_container, settings, role)
        except DATABASE_DOWN as error:
            log.warning("startup.database_unavailable", role=role, error=repr(error))
        await asyncio.sleep(backoff.delay())


def _build(settings: Settings, role: Role) -> Container:
    kicks = kicks_for(settings, role)
    budget = ConnectionBudget.split(settings.database_connections, len(CONTEXTS), settings.database_idle_connections)

    def unknown_people(user_ids: list[str]) -> list[str]:
        """The users view, as of every account committed, is built below; commands run once it is."""
        settle(runner, UserDirectory, write.identity.position)
        return read.users.unknown_ids(user_ids)

    def preset_creator(model_id: str) -> str | None:
        """The models context's state, below, as of the request (or of now) knows every preset."""
        return models_state.preset_creator(model_id)

    secret_keys = _secrets(settings)
    sealer = AesGcmSealer(secret_keys)
    write = write_side(settings, budget, kicks, sealer, unknown_people, preset_creator)
    contexts = write.contexts
    built = projectors(contexts)
    views, fanout = create_view_store(settings, budget.views), fanout_for(settings)
    runner = ProjectionRunner(views, contexts, built, fanout, settings.projection_page_size,
                              wait_timeout=settings.read_your_writes_timeout, version_grace=settings.version_grace)
    runner.create_tables()
    read = read_side(SettledReader(views.reader), built, contexts)
    models_state = CurrentModelsState(write.models, read.model_views,
                                      caught_up=lambda position: settle(runner, ModelPresetViews, position))

    document_config = DocumentConfig(write.knowledge, documents_in_force(settings.rag, settings.files.rag_template))
    embedding_config = EmbeddingConfig(write.knowledge, sealer, EngineProbe(),
                                       environment_choice(settings.rag))
    retrieval = RetrievalLayer(settings, indexed=lambda: _indexed(runner, read), chosen=embedding_config.chosen)
    memory_index = MemoryIndex(retrieval, read.memory_views)
    chunkers = Chunkers(text=TextChunker(lambda: Splitting(**document_config.splitting()), retrieval.tokenizer),
                        structure=DocumentChunker(retrieval.tokenizer))
    reindexing = Reindexing(write.files, chunkers, read.memory_views, lambda: _indexed_files(read),
                            read.memory_views.everyones)
    rebuilds = IndexRebuilds(settings, reindexing, retrieval)
    add_reactions(runner, write, read, settings, retrieval=retrieval, chunkers=chunkers,
                  document_config=document_config, memory_index=memory_index,
                  embedding_switch=EmbeddingSwitch(embedding_config.chosen, rebuilds, runner.stopping.is_set))
    due = upkeep(settings, runner, views, write, read)
    kicks.start(runner, due.sweep)
    authorisation = _authorisation(read)
    talk = conversations(settings, role, write, read, models_state, retrieval=retrieval,
                         document_config=document_config, authorisation=authorisation, runner=runner)

    person_views = ViewsOfPerson(read.users, read.chat_views, read.folder_views, read.feedback_views,
                                 read.knowledge_views, read.memory_views, read.model_views, read.group_views,
                                 read.file_views, write.files)
    return Container(
        **_parts(write), **_parts(read), **_parts(due), **_parts(talk),
        settings=settings, views=views, runner=runner, fanout=fanout, kicks=kicks, contexts=contexts,
        log=log_positions_for(settings, contexts),
        sessions=SessionUsers(read.users, position=lambda: _request_position_or_now(write.identity),
                              caught_up=lambda position: settle(runner, UserDirectory, position)),
        standings=Standings(read.group_views, write.groups.initial_defaults,
                            position=lambda: _request_position_or_now(write.groups),
                            caught_up=lambda position: settle(runner, GroupViews, position)),
        authorisation=authorisation,
        api_key_rules=CurrentApiKeyRules(write.identity),
        tokens=Tokens(Keyring(secret_keys), settings.token_lifetime_seconds),
        retrieval=retrieval, memory_index=memory_index, document_config=document_config,
        embedding_config=embedding_config, reindexing=reindexing, rebuilds=rebuilds,
        person_views=person_views,
        person_archives=PersonArchives(contexts, read.trail, person_views, runner.wait),
        past_reads=PastReads(PointInTime(contexts), write.audit),
        provisioning=Provisioning(write.identity),
        directory_sign_in=DirectorySignIn(write.identity, LdapDirectory(), sealer,
                                          enabled=settings.directory.ldap_enabled,
                                          server=settings.directory.ldap_server),
        openid=OpenIdProvider(settings.oauth) if settings.oauth.enabled else None,
        sign_in_flows=SignInFlows(secret_keys[0]),
        single_sign_on=SingleSignOn(write.identity, _single_sign_on_policy(settings.oauth), GuardedProfilePictures(
            UpstreamAddressPolicy(settings.oauth.picture_private_networks, ()))),
    )


def _parts(built: Any) -> dict[str, Any]:
    """A part's fields by name (not ``dataclasses.asdict``: that copies them)."""
    return {field.name: getattr(built, field.name) for field in fields(built)}


def _authorisation(read: ReadSide) -> Authorisation:
    return Authorisation(
        {Kind.CHAT: read.chat_views, Kind.SHARE: read.chat_shares, Kind.FILE: read.file_views,
         Kind.FOLDER: read.folder_views, Kind.KNOWLEDGE: read.knowledge_views, Kind.MODEL: read.model_views,
         Kind.GROUP: read.group_views},
        lenders=(read.chat_shares, read.knowledge_views))


def _single_sign_on_policy(oauth: OAuthSettings) -> SingleSignOnPolicy:
    roles = RoleMapping(oauth.roles_claim, oauth.allowed_roles, oauth.admin_roles) if oauth.role_management else None
    return SingleSignOnPolicy(signup=oauth.signup, merge_by_email=oauth.merge_accounts_by_email,
                              email_claim=oauth.email_claim, name_claim=oauth.username_claim,
                              picture_claim=oauth.picture_claim, sub_claim=oauth.sub_claim,
                              allowed_domains=oauth.allowed_domains, roles=roles,
                              groups_claim=oauth.groups_claim if oauth.group_management else None,
                              create_groups=oauth.group_creation, blocked_groups=oauth.blocked_groups,
                              update_picture_on_login=oauth.update_picture_on_login)


def _indexed(runner: ProjectionRunner, read: ReadSide) -> bool:
    """Whether the vector index held something: a file's processing completed (reported once its
    chunks were indexed), or a memory is kept that the indexing reaction has been past. (A chat's
    files are not asked: their reaction's position says nothing of whether one was indexed.)"""
    return bool(read.knowledge_views.processed_files()) or (
        runner.reactions[MemoryIndexing.name].position() > 0 and bool(read.memory_views.everyones()))


def _indexed_files(read: ReadSide) -> list[tuple[str, str]]:
    """Every (collection, file) the indexes hold chunks of: the bases' processed files, and the
    chats' files in collections of their own."""
    return read.knowledge_views.processed_files() + [(file_collection(file_id), file_id)
                                                     for file_id in read.file_views.extracted_for_chats()]


def _request_position_or_now(context: BoundedContext) -> int:
    position = request_position(context.name)
    return context.position if position is None else position


def _secrets(settings: Settings) -> list[str]:
    """The secret key first (it signs and seals), then the previous ones (they still verify and open);
    read once, for every part that signs or seals."""
    current = settings.secret_key or load_or_create_secret(Path(settings.data_dir))
    return [current, *settings.previous_secret_keys]
