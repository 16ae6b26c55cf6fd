"""What the interfaces are given: every service, query and adapter that the composition root
(``bootstrap``) built for this process, and how to close them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from application.access.service import Authorisation
from application.audit.past_reads import PastReads
from application.audit.person_export import PersonArchives
from application.audit.point_in_time import PointInTime
from application.audit.service import Audit
from application.chats.service import Chats
from application.completions.folder_projects import FolderProjects
from application.completions.service import Completions
from application.completions.turns import ChatTurns
from application.context import BoundedContext
from application.evaluations.service import Evaluations
from application.files.attachments import Attachments
from application.files.service import Files
from application.groups.service import Groups
from application.identity.api_key_rules import CurrentApiKeyRules
from application.identity.directory_sign_in import DirectorySignIn
from application.identity.provisioning import Provisioning
from application.identity.service import Identity
from application.identity.single_sign_on import SingleSignOn
from application.knowledge.document_config import DocumentConfig
from application.knowledge.embedding_config import EmbeddingConfig
from application.knowledge.service import Knowledge
from application.memories.index import MemoryIndex
from application.memories.service import Memories
from application.models.catalog import ModelCatalog
from application.models.service import Models
from application.retention.policies import RetentionPolicies
from application.retention.purge import RetentionPurge
from application.retrieval.reindexing import Reindexing
from infrastructure.audit_keys import AuditKey
from infrastructure.deployment import (
    Emitter,
    Fanout,
    Kicks,
    LogPositions,
    Replies,
)
from infrastructure.index_rebuilds import IndexRebuilds
from infrastructure.llm.upstreams import HttpUpstreams
from infrastructure.oidc import OpenIdProvider
from infrastructure.person_keys import PersonKeys
from infrastructure.person_views import ViewsOfPerson
from infrastructure.retrieval import RetrievalLayer
from infrastructure.settings import Settings
from infrastructure.sign_in_flows import SignInFlows
from infrastructure.tokens import Tokens
from infrastructure.views_db import SqlViewStore
from projections.chat_reads.queries import ChatReadQueries
from projections.chats.queries import ChatQueries
from projections.chats.shares import ShareQueries
from projections.evaluations.queries import FeedbackQueries
from projections.event_catalog.queries import EventQueries
from projections.event_catalog.trail import AuditTrail
from projections.files.queries import FileQueries
from projections.folders.queries import FolderQueries
from projections.groups.provisioned import ProvisionedGroups
from projections.groups.queries import GroupQueries
from projections.groups.standings import Standings
from projections.knowledge.queries import KnowledgeQueries
from projections.memories.queries import MemoryQueries
from projections.models.queries import ModelPresetQueries
from projections.runtime.runner import ProjectionRunner
from projections.usage.analytics import AnalyticsQueries
from projections.usage.model_chats import ModelChatQueries
from projections.usage.queries import UsageQueries
from projections.users.provisioned import ProvisionedPeople
from projections.users.queries import UserQueries
from projections.users.sessions import SessionUsers


@dataclass
class Container:
    settings: Settings
    identity: Identity
    chats: Chats
    audit: Audit
    views: SqlViewStore
    runner: ProjectionRunner
    users: UserQueries
    sessions: SessionUsers
    api_key_rules: CurrentApiKeyRules
    log: LogPositions
    chat_views: ChatQueries
    chat_shares: ShareQueries
    authorisation: Authorisation
    """May this person do this to that resource: one answer, from the views, for every context."""
    chat_reads: ChatReadQueries
    usage: UsageQueries
    analytics: AnalyticsQueries
    model_chats: ModelChatQueries
    folder_views: FolderQueries
    events: EventQueries
    tokens: Tokens
    fanout: Fanout
    models: Models
    model_views: ModelPresetQueries
    catalog: ModelCatalog
    completions: Completions
    upstreams: HttpUpstreams
    kicks: Kicks
    emitter: Emitter
    replies: Replies
    turns: ChatTurns
    attachments: Attachments
    folder_projects: FolderProjects
    files: Files
    file_views: FileQueries
    evaluations: Evaluations
    feedback_views: FeedbackQueries
    groups: Groups
    group_views: GroupQueries
    knowledge: Knowledge
    knowledge_views: KnowledgeQueries
    retrieval: RetrievalLayer
    """The embedder and indexes, opened on first use (the model loads only when something is embedded)."""
    reindexing: Reindexing
    """Fills a new build's indexes from the views."""
    rebuilds: IndexRebuilds
    """Builds the indexes anew beside those in force, then swaps them in (``annals reindex``)."""
    memories: Memories
    memory_views: MemoryQueries
    memory_index: MemoryIndex
    document_config: DocumentConfig
    """The admin's Documents settings over the environment's, read where they are used."""
    embedding_config: EmbeddingConfig
    """The admin's embedding engine and model over the environment's."""
    standings: Standings
    """What a person's groups give them, kept per log position (asked on every request)."""
    provisioning: Provisioning
    directory_sign_in: DirectorySignIn
    provisioned_people: ProvisionedPeople
    provisioned_groups: ProvisionedGroups
    audit_key: AuditKey
    person_keys: PersonKeys
    trail: AuditTrail
    person_views: ViewsOfPerson
    retention: RetentionPolicies
    retention_purge: RetentionPurge
    person_archives: PersonArchives
    past_reads: PastReads
    sweep: Callable[[], None]
    """What a process that projects does every sweep besides catching up (ops/worker.py, kicks)."""
    openid: OpenIdProvider | None
    """The OpenID provider of single sign-on; None: none is configured (``OPENID_PROVIDER_URL``...)."""
    sign_in_flows: SignInFlows
    single_sign_on: SingleSignOn
    contexts: dict[str, BoundedContext] = field(default_factory=dict)

    @property
    def point_in_time(self) -> PointInTime:
        return PointInTime(self.contexts)

    def close(self) -> None:
        self.runner.stopping.set()  # first: long reactions (a document's embedding) leave, not hold up the stop
        self.kicks.close()
        self.runner.close()
        self.fanout.close()
        self.emitter.close()
        for context in self.contexts.values():
            context.close()
        self.views.dispose()
        self.person_keys.dispose()
        self.retrieval.close()
