"""The composition root: ``build_container(settings)`` wires every port to its adapter."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import MetaData

from application.access.resources import Kind
from application.access.service import Authorisation
from application.audit.checkpoints import checkpoint_heads, sign_due_checkpoints
from application.audit.past_reads import PastReads
from application.audit.person_export import PersonArchives
from application.audit.point_in_time import PointInTime
from application.audit.service import Audit
from application.chats.service import Chats
from application.completions.service import Completions
from application.completions.turns import ChatTurns
from application.context import BoundedContext
from application.evaluations.replies import ChatReplies
from application.evaluations.service import Evaluations
from application.files.attachments import Attachments, Searching
from application.files.extraction import Extraction
from application.files.service import Files
from application.groups.departures import LeavingGroups
from application.groups.reported_groups import FollowingReportedGroups
from application.groups.service import Groups
from application.identity.api_key_rules import CurrentApiKeyRules
from application.identity.directory_sign_in import DirectorySignIn
from application.identity.person_deletion import PersonDeletion
from application.identity.provisioning import Provisioning
from application.identity.service import Identity
from application.identity.single_sign_on import SingleSignOn, SingleSignOnPolicy
from application.knowledge.chat_file_indexing import ChatFileChunksForgotten, ChatFileIndexing
from application.knowledge.chat_sources import ChatSources, KnowledgeBases
from application.knowledge.document_config import DocumentConfig
from application.knowledge.file_collections import ChatFiles, FileChunks, file_collection
from application.knowledge.files_leaving import FilesLeavingKnowledge
from application.knowledge.processing import KnowledgeProcessing
from application.knowledge.service import Knowledge
from application.knowledge.uploads import UploadsIntoKnowledge
from application.knowledge.whole_bases import WholeBases
from application.log_positions import request_position
from application.memories.index import MemoryIndex
from application.memories.indexing import MemoryIndexing
from application.memories.service import Memories
from application.models.catalog import ModelCatalog
from application.models.connections import ConnectionSeed
from application.models.service import Models
from application.models.state import CurrentModelsState
from application.privacy.erasure import DELETIONS, Erasure
from application.privacy.forgetting import Forgetting
from application.retention.policies import RetentionPolicies
from application.retention.purge import Purging, RetentionPurge
from application.retrieval.reindexing import Reindexing
from domain.identity.roles import ADMIN
from domain.identity.single_sign_on import RoleMapping
from infrastructure.audit_keys import DEFAULT_NAME, AuditKey, load_or_create
from infrastructure.blobs import LocalBlobStore
from infrastructure.chunking.text import Splitting, TextChunker
from infrastructure.connection_budget import ConnectionBudget
from infrastructure.container import Container
from infrastructure.deployment import (
    Role,
    emitter_for,
    fanout_for,
    kicks_for,
    log_positions_for,
    replies_for,
)
from infrastructure.documents import DoclingReader
from infrastructure.event_sealing import EventSealing
from infrastructure.event_store import event_store_env
from infrastructure.initial_permissions import initial_permissions
from infrastructure.key_encryption import DEFAULT_NAME as KEK_FILE
from infrastructure.key_encryption import load_or_create as load_keks
from infrastructure.ldap_directory import LdapDirectory
from infrastructure.llm.local_model import built_in_models
from infrastructure.llm.upstreams import HttpUpstreams
from infrastructure.oauth_settings import OAuthSettings
from infrastructure.oidc import OpenIdProvider
from infrastructure.outbound import UpstreamAddressPolicy
from infrastructure.passwords import Argon2Passwords
from infrastructure.person_keys import create_person_keys
from infrastructure.person_views import ViewsOfPerson
from infrastructure.postgres_store import DATABASE_DOWN
from infrastructure.redis_clients import Backoff
from infrastructure.resource_keys import ResourceKeys
from infrastructure.retention_views import RetentionViews
from infrastructure.retrieval import RetrievalLayer, documents_in_force
from infrastructure.sealing import AesGcmSealer
from infrastructure.sealing_mapper import SealingMapper
from infrastructure.settings import Settings
from infrastructure.setup_lock import setup_lock
from infrastructure.sign_in_flows import SignInFlows
from infrastructure.tokens import Keyring, Tokens, load_or_create_secret
from infrastructure.views_db import create_view_store
from projections.chat_reads.projector import ChatReads
from projections.chat_reads.queries import ChatReadQueries
from projections.chat_reads.table import define_read_tables
from projections.chats.held import HeldMessages
from projections.chats.projector import ChatViews
from projections.chats.queries import ChatQueries
from projections.chats.shares import ShareQueries
from projections.chats.table import define_chat_tables
from projections.evaluations.projector import FeedbackViews
from projections.evaluations.queries import FeedbackQueries
from projections.evaluations.table import define_feedback_tables
from projections.event_catalog.projector import EventCatalog
from projections.event_catalog.queries import EventQueries
from projections.event_catalog.table import define_catalog_tables
from projections.event_catalog.trail import AuditTrail
from projections.files.projector import FileViews
from projections.files.queries import FileQueries
from projections.files.table import define_file_tables
from projections.folders.projector import FolderViews
from projections.folders.queries import FolderQueries
from projections.folders.table import define_folder_tables
from projections.groups.projector import GroupViews
from projections.groups.provisioned import ProvisionedGroups
from projections.groups.queries import GroupQueries
from projections.groups.standings import Standings
from projections.groups.table import define_group_tables
from projections.knowledge.projector import KnowledgeViews
from projections.knowledge.queries import KnowledgeQueries
from projections.knowledge.table import define_knowledge_tables
from projections.memories.projector import MemoryViews
from projections.memories.queries import MemoryQueries
from projections.memories.table import define_memory_tables
from projections.models.projector import ModelPresetViews
from projections.models.queries import ModelPresetQueries
from projections.models.table import define_model_tables
from projections.runtime.forgetting import ForgottenInViews
from projections.runtime.projector import Projector
from projections.runtime.runner import ProjectionRunner
from projections.runtime.settling import SettledReader, settle
from projections.runtime.versions import versioned
from projections.usage.analytics import AnalyticsQueries
from projections.usage.model_chats import ModelChatQueries
from projections.usage.projector import UsageLedger
from projections.usage.queries import UsageQueries
from projections.usage.table import define_usage_tables
from projections.users.projector import UserDirectory
from projections.users.provisioned import ProvisionedPeople
from projections.users.queries import UserQueries
from projections.users.sessions import SessionUsers
from projections.users.table import define_user_tables

log = structlog.get_logger()
HELD_MESSAGES_BYTES = 64 * 1024 * 1024
"""Message documents kept between reads of the chats read most recently (a few dozen long ones)."""


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


CONTEXTS = ("Identity", "Chats", "Models", "Audit", "Files", "Evaluations", "Groups", "Knowledge", "Memories")


def _build(settings: Settings, role: Role) -> Container:
    kicks = kicks_for(settings, role)
    budget = ConnectionBudget.split(settings.database_connections, len(CONTEXTS))
    person_keys = create_person_keys(settings, load_keks(settings.key_file or Path(settings.data_dir) / KEK_FILE),
                                     budget.keys)
    sealing = EventSealing(person_keys)

    def env(context: str) -> dict[str, str]:
        return event_store_env(settings, context, budget.events)

    identity = Identity(
        env("Identity"), kicks.kick,
        hasher=Argon2Passwords(fast_for_tests=settings.fast_password_hashing_for_tests),
        initial_auth_config=_initial_auth_config(settings), sealing=sealing,
    )
    chats = Chats(env("Chats"), kicks.kick, sealing)
    models = Models(env("Models"), kicks.kick, sealer=AesGcmSealer(_secrets(settings)),
                    seed=_connection_seed(settings), sealing=sealing)
    audit = Audit(env("Audit"), kicks.kick, sealing=sealing)
    files = Files(env("Files"), kicks.kick, max_size=settings.files.max_size_mb * 1024 * 1024,
                  blobs=LocalBlobStore(settings.files.directory or Path(settings.data_dir) / "files"),
                  extraction=Extraction(DoclingReader(max_pages=settings.files.max_pages),
                                        max_characters=settings.files.max_characters), sealing=sealing)
    evaluations = Evaluations(env("Evaluations"), kicks.kick, replies=ChatReplies(chats),
                              sealing=sealing)

    def unknown_people(user_ids: list[str]) -> list[str]:
        """The users view, as of every account committed, is built below; commands run once it is."""
        settle(runner, UserDirectory, identity.position)
        return users.unknown_ids(user_ids)

    groups = Groups(env("Groups"), kicks.kick, initial_defaults=initial_permissions(settings),
                    unknown_people=unknown_people, sealing=sealing)
    knowledge = Knowledge(env("Knowledge"), kicks.kick, sealing)
    memories = Memories(env("Memories"), kicks.kick, sealing)
    document_config = DocumentConfig(knowledge, documents_in_force(settings.rag, settings.files.rag_template))
    retrieval = RetrievalLayer(settings, indexed=lambda: _indexed(runner, knowledge_views, memory_views))
    contexts: dict[str, BoundedContext] = {"Identity": identity, "Chats": chats, "Models": models, "Audit": audit,
                                           "Files": files, "Evaluations": evaluations, "Groups": groups,
                                           "Knowledge": knowledge, "Memories": memories}
    assert tuple(contexts) == CONTEXTS, "each context has its share of the connections"

    projectors = _projectors(contexts)
    tables = {projector.view: projector.tables for projector in projectors}
    user_tables, chat_tables, folder_tables = tables[UserDirectory.view], tables[ChatViews.view], tables["folders"]
    read_tables, model_tables, usage_tables = tables[ChatReads.view], tables["model_presets"], tables["usage"]
    file_tables, feedback_tables = tables[FileViews.view], tables[FeedbackViews.view]
    group_tables, knowledge_tables = tables[GroupViews.view], tables[KnowledgeViews.view]
    memory_tables = tables[MemoryViews.view]
    catalogs = {name: tables[EventCatalog.view_of(name)] for name in contexts}

    views = create_view_store(settings, budget.views)
    fanout = fanout_for(settings)
    runner = ProjectionRunner(views, contexts, projectors, fanout, settings.projection_page_size,
                              wait_timeout=settings.read_your_writes_timeout, version_grace=settings.version_grace)
    runner.create_tables()
    reader = SettledReader(views.reader)
    chat_views = ChatQueries(reader, chat_tables, HeldMessages(HELD_MESSAGES_BYTES))
    file_views = FileQueries(reader, file_tables)
    knowledge_views = KnowledgeQueries(reader, knowledge_tables, file_tables, user_tables)
    memory_views = MemoryQueries(reader, memory_tables)
    memory_index = MemoryIndex(retrieval, memory_views)
    users, group_views = UserQueries(reader, user_tables), GroupQueries(reader, group_tables, user_tables)
    folder_views, feedback_views = FolderQueries(reader, folder_tables), FeedbackQueries(reader, feedback_tables,
                                                                                          user_tables)
    deletion = PersonDeletion(chats, files, chats_of=_caught_up(runner, chats, ChatViews, chat_views.ids_of),
                              files_of=_caught_up(runner, files, FileViews, file_views.ids_of), settled=runner.wait,
                              knowledge=knowledge,
                              knowledge_of=_caught_up(runner, knowledge, KnowledgeViews, knowledge_views.ids_of),
                              memories=memories,
                              memories_of=_caught_up(runner, memories, MemoryViews, memory_views.ids_of))
    runner.add_reaction(deletion)
    runner.add_reaction(FilesLeavingKnowledge(knowledge, _caught_up(runner, knowledge, KnowledgeViews,
                                                                     knowledge_views.holding), settled=runner.wait))

    def standing(person: str) -> tuple[bool, frozenset[str]]:
        """An uploader's role and groups, as of everything committed so far."""
        settle(runner, UserDirectory, identity.position)
        settle(runner, GroupViews, groups.position)
        person_row = users.get_user(person)
        return bool(person_row and person_row["role"] == ADMIN), frozenset(
            group_views.group_ids_of(person, include_inherited=True))

    runner.add_reaction(UploadsIntoKnowledge(knowledge, files, standing, settled=runner.wait))
    chunker = TextChunker(lambda: Splitting(**document_config.splitting()), retrieval.tokenizer)
    runner.add_reaction(KnowledgeProcessing(knowledge, files, chunker, retrieval, settled=runner.wait))
    runner.add_reaction(ChatFileIndexing(files, chunker, retrieval, bypassed=document_config.bypasses_retrieval))
    reindexing = Reindexing(files, chunker, memory_views, lambda: _indexed_files(knowledge_views, file_views),
                            memory_views.everyones)
    runner.add_reaction(MemoryIndexing(memories, memory_index))
    runner.add_reaction(Forgetting(
        deletion=deletion, chats=chats, evaluations=evaluations, settled=runner.wait, keys=person_keys,
        copies=(ForgottenInViews(runner), memory_index, ChatFileChunksForgotten(
            lambda: runner.reactions[ChatFileIndexing.name].reach(files.position, settings.read_your_writes_timeout))),
        folders_of=_caught_up(runner, chats, FolderViews,
                              lambda person: [f["id"] for f in folder_views.list_folders(person)]),
        feedbacks_of=_caught_up(runner, evaluations, FeedbackViews,
                                lambda person: [f["id"] for f in feedback_views.ids(person)])))
    runner.add_reaction(LeavingGroups(groups, _caught_up(runner, groups, GroupViews, group_views.group_ids_of),
                                      settled=runner.wait))

    def groups_named(names: list[str]) -> dict[str, list[str]]:
        settle(runner, GroupViews, groups.position)
        return group_views.ids_named(names)

    runner.add_reaction(FollowingReportedGroups(
        groups, groups_named, _caught_up(runner, groups, GroupViews, group_views.group_ids_of), settled=runner.wait))
    erasures = [Erasure(name, _resource_keys(contexts[name]), grace=settings.erasure_grace, held=identity.is_held)
                for name in DELETIONS]
    for erasure in erasures:
        runner.add_reaction(erasure)
    audit_erasure = Erasure(audit.name, _resource_keys(audit), grace=settings.erasure_grace, held=identity.is_held)
    erasures.append(audit_erasure)  # the audit records' keys, destroyed by retention (no reaction: none is deleted)
    audit_key = load_or_create(settings.audit_key_file or Path(settings.data_dir) / DEFAULT_NAME)
    retention, events = RetentionPolicies(audit), EventQueries(reader, catalogs, contexts)
    retention_purge = RetentionPurge(
        retention, _retention_views(runner, contexts, chat_views, file_views, events),
        Purging(chats=chats, files=files, audit=audit_erasure, held=identity.is_held, settled=runner.wait),
        exclusively=views.exclusively, checkpoints=lambda: _signed_heads(contexts, audit_key))

    def sweep() -> None:
        """What a process that projects does every sweep besides catching up."""
        runner.versions_in_use()
        sign_due_checkpoints(contexts, audit_key)
        for erasure in erasures:
            erasure.erase_due()
        retention_purge.apply_due()

    kicks.start(runner, sweep)
    model_views = ModelPresetQueries(reader, model_tables)
    upstreams = HttpUpstreams(settings.upstream_timeout, UpstreamAddressPolicy(
        settings.upstream_private_networks, (*settings.openai_api_base_urls, *settings.ollama_base_urls)))
    models_state = CurrentModelsState(models, model_views,
                                      caught_up=lambda position: settle(runner, ModelPresetViews, position))
    catalog = ModelCatalog(models_state, upstreams, ttl=settings.models_cache_ttl,
                           list_timeout=settings.model_list_timeout,
                           bypass_access=settings.bypass_model_access_control,
                           built_in=built_in_models(settings.local_model, settings.upstream_timeout))
    completions, emitter = Completions(catalog, chats), emitter_for(settings, role)
    replies = replies_for(settings)
    attachments = Attachments(files, document_config.template, Searching(
        ChatSources([KnowledgeBases(knowledge), ChatFiles(files)], lambda: retrieval.retriever,
                    document_config.retrieval_settings),
        FileChunks(retrieval), WholeBases(knowledge, files), whole=document_config.gives_files_whole))
    turns = ChatTurns(completions=completions, catalog=catalog, chats=chats, conversations=chat_views,
                      emitter=emitter, running=replies, attachments=attachments,
                      checkpoint_seconds=settings.reply_checkpoint_seconds,
                      caught_up=lambda position: settle(runner, ChatViews, position))
    sessions = SessionUsers(users, position=lambda: _request_position_or_now(identity),
                            caught_up=lambda position: settle(runner, UserDirectory, position))
    standings = Standings(group_views, groups.initial_defaults, position=lambda: _request_position_or_now(groups),
                          caught_up=lambda position: settle(runner, GroupViews, position))
    trail = AuditTrail(reader, catalogs, contexts)
    provisioned_people = ProvisionedPeople(reader, user_tables)

    person_views = ViewsOfPerson(users, chat_views, folder_views, feedback_views, file_views, files)
    chat_shares = ShareQueries(reader, chat_tables)
    authorisation = Authorisation(
        {Kind.CHAT: chat_views, Kind.SHARE: chat_shares, Kind.FILE: file_views, Kind.FOLDER: folder_views,
         Kind.KNOWLEDGE: knowledge_views, Kind.MODEL: model_views, Kind.GROUP: group_views},
        lenders=(chat_shares, knowledge_views))
    return Container(
        settings=settings, identity=identity, chats=chats, audit=audit, views=views, runner=runner,
        users=users, sessions=sessions, api_key_rules=CurrentApiKeyRules(identity),
        log=log_positions_for(settings, contexts), chat_views=chat_views,
        chat_shares=chat_shares, authorisation=authorisation,
        chat_reads=ChatReadQueries(reader, chat_tables, read_tables),
        usage=UsageQueries(reader, usage_tables),
        analytics=AnalyticsQueries(reader, usage_tables, user_tables, group_tables),
        model_chats=ModelChatQueries(reader, usage_tables, chat_tables, user_tables),
        folder_views=folder_views,
        events=events,
        tokens=Tokens(_keyring(settings), settings.token_lifetime_seconds),
        fanout=fanout, kicks=kicks, contexts=contexts, models=models, model_views=model_views,
        catalog=catalog, completions=completions, upstreams=upstreams, emitter=emitter,
        replies=replies, turns=turns, attachments=attachments, files=files, file_views=file_views,
        audit_key=audit_key, person_keys=person_keys, trail=trail, sweep=sweep,
        evaluations=evaluations, feedback_views=feedback_views,
        groups=groups, group_views=group_views, standings=standings,
        knowledge=knowledge, knowledge_views=knowledge_views, retrieval=retrieval, reindexing=reindexing,
        memories=memories, memory_views=memory_views, memory_index=memory_index, document_config=document_config,
        provisioning=Provisioning(identity), provisioned_people=provisioned_people,
        directory_sign_in=DirectorySignIn(identity, LdapDirectory(), AesGcmSealer(_secrets(settings)),
                                          enabled=settings.directory.ldap_enabled,
                                          server=settings.directory.ldap_server),
        provisioned_groups=ProvisionedGroups(reader, group_tables),
        person_views=person_views, person_archives=PersonArchives(contexts, trail, person_views, runner.wait),
        past_reads=PastReads(PointInTime(contexts), audit),
        retention=retention, retention_purge=retention_purge,
        openid=OpenIdProvider(settings.oauth) if settings.oauth.enabled else None,
        sign_in_flows=SignInFlows(_secrets(settings)[0]),
        single_sign_on=SingleSignOn(identity, _single_sign_on_policy(settings.oauth)),
    )


def _initial_auth_config(settings: Settings) -> dict[str, Any]:
    """Open WebUI's admin settings as the environment sets them, until an admin saves them."""
    return {"ENABLE_SIGNUP": settings.enable_signup, "DEFAULT_USER_ROLE": settings.default_user_role,
            "ENABLE_API_KEYS": settings.enable_api_keys,
            "ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS": settings.api_keys_endpoint_restrictions,
            "API_KEYS_ALLOWED_ENDPOINTS": settings.api_keys_allowed_endpoints,
            "ENABLE_MEMORIES": True}  # Open WebUI's default: members' ``features.memories`` decides


def _single_sign_on_policy(oauth: OAuthSettings) -> SingleSignOnPolicy:
    roles = RoleMapping(oauth.roles_claim, oauth.allowed_roles, oauth.admin_roles) if oauth.role_management else None
    return SingleSignOnPolicy(signup=oauth.signup, merge_by_email=oauth.merge_accounts_by_email,
                              email_claim=oauth.email_claim, name_claim=oauth.username_claim,
                              picture_claim=oauth.picture_claim, sub_claim=oauth.sub_claim,
                              allowed_domains=oauth.allowed_domains, roles=roles,
                              groups_claim=oauth.groups_claim if oauth.group_management else None,
                              create_groups=oauth.group_creation, blocked_groups=oauth.blocked_groups)


def _projectors(contexts: Mapping[str, BoundedContext]) -> list[Projector]:
    """Every view, each on the tables of its version (``projections.runtime.versions``)."""
    shapes, metadata = MetaData(), MetaData()
    bare = [UserDirectory(define_user_tables(shapes)), ChatViews(define_chat_tables(shapes)),
            FolderViews(define_folder_tables(shapes)), ChatReads(define_read_tables(shapes)),
            ModelPresetViews(define_model_tables(shapes)), UsageLedger(define_usage_tables(shapes)),
            FileViews(define_file_tables(shapes)), FeedbackViews(define_feedback_tables(shapes)),
            GroupViews(define_group_tables(shapes)), KnowledgeViews(define_knowledge_tables(shapes)),
            MemoryViews(define_memory_tables(shapes)),
            *(EventCatalog(name, define_catalog_tables(name, shapes)) for name in contexts)]
    return [versioned(projector, metadata) for projector in bare]


def _resource_keys(context: BoundedContext) -> ResourceKeys:
    mapper = context.mapper
    assert isinstance(mapper, SealingMapper), f"{context.name} stores its events unsealed"
    return mapper.keys


def _signed_heads(contexts: Mapping[str, BoundedContext], key: AuditKey) -> dict[str, tuple[int, str]]:
    return {name: (c.position, c.hash.hex()) for name, c in checkpoint_heads(contexts, key).items()}


def _retention_views(runner: ProjectionRunner, contexts: Mapping[str, BoundedContext], chat_views: ChatQueries,
                     file_views: FileQueries, events: EventQueries) -> RetentionViews:
    views = {"chats": ("Chats", ChatViews.view), "files": ("Files", FileViews.view),
             "audit": ("Audit", EventCatalog.view_of("Audit"))}

    def caught_up(kind: str) -> None:
        context, view = views[kind]
        runner.wait(context, contexts[context].position, (view,))

    return RetentionViews(chat_views, file_views, events, caught_up)


def _indexed(runner: ProjectionRunner, knowledge_views: KnowledgeQueries, memory_views: MemoryQueries) -> bool:
    """Whether the vector index held something: a file's processing completed (reported once its
    chunks were indexed), or a memory is kept that the indexing reaction has been past. (A chat's
    files are not asked: their reaction's position says nothing of whether one was indexed.)"""
    return bool(knowledge_views.processed_files()) or (
        runner.reactions[MemoryIndexing.name].position() > 0 and bool(memory_views.everyones()))


def _indexed_files(knowledge_views: KnowledgeQueries, file_views: FileQueries) -> list[tuple[str, str]]:
    """Every (collection, file) the indexes hold chunks of: the bases' processed files, and the
    chats' files in collections of their own."""
    return knowledge_views.processed_files() + [(file_collection(file_id), file_id)
                                                for file_id in file_views.extracted_for_chats()]


def _caught_up(runner: ProjectionRunner, context: BoundedContext, projector: type[Projector],
               ids_of: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """A person's ids in a view once it holds everything committed so far (for reactions)."""
    def ids(person: str) -> list[str]:
        settle(runner, projector, context.position)
        return ids_of(person)

    return ids


def _request_position_or_now(context: BoundedContext) -> int:
    position = request_position(context.name)
    return context.position if position is None else position








def _keyring(settings: Settings) -> Keyring:
    return Keyring(_secrets(settings))


def _secrets(settings: Settings) -> list[str]:
    """The secret key first (it signs and seals), then the previous ones (they still verify and open)."""
    current = settings.secret_key or load_or_create_secret(Path(settings.data_dir))
    return [current, *settings.previous_secret_keys]


def _connection_seed(settings: Settings) -> ConnectionSeed:
    return ConnectionSeed(openai_enabled=settings.enable_openai_api, openai_urls=settings.openai_api_base_urls,
                          openai_keys=settings.openai_api_keys, ollama_enabled=settings.enable_ollama_api,
                          ollama_urls=settings.ollama_base_urls)
