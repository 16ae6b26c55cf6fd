"""Stored events name their class by topic (module:qualname) and carry their attributes by name.

Renaming an event class, moving it, or renaming one of its attributes strands every event already
stored under the old name. This table is what the stores hold today: change it only with an upcaster.
"""

from __future__ import annotations

import dataclasses

import pytest
from eventsourcing.utils import get_topic, resolve_topic

LIBRARY_ATTRIBUTES = {"originator_id", "originator_version", "timestamp", "originator_topic"}

STORED_EVENTS = {
    "domain.audit.disclosure": {
        "Disclosure.Recorded": "owners path resource user_id",
    },
    "domain.audit.refusal": {
        "Refusal.Recorded": "address email folded kind method path reason status user_id",
    },
    "domain.audit.api_key_use": {
        "ApiKeyUse.Recorded": "address client first_at key_digest last_at method path user_id uses",
    },
    "domain.audit.scim_token_use": {
        "ScimTokenUse.Recorded": "address client first_at last_at method path provider_id token_digest uses",
    },
    "domain.audit.verification": {
        "Verification.Recorded": "actor_id context events first_disagreement reason",
    },
    "domain.audit.token_use": {
        "TokenUse.Recorded": "address client method path session_id user_id",
    },
    "domain.chats.chat": {
        "Chat.Created": "folder_id owner_id properties property_digests title",
        "Chat.MessageAppended": "content digest extra message_id model parent_id role",
        "Chat.ReplyAppended": "content digest drawn_on_user_ids extra message_id model parent_id role",
        "Chat.DrewOn": "user_ids",
        "Chat.PresetsNamed": "fields message_id models places quoted_user_id",
        "Chat.MessageEdited": "content digest extra message_id model role",
        "Chat.ReplyEdited": "cited_user_ids content digest drawn_on_user_ids extra message_id model role",
        "Chat.ReplyStarted": "extra message_id model parent_id",
        "Chat.ReplyCompleted": "cited_user_ids content drawn_on_user_ids message_id usage",
        "Chat.ReplyFailed": "cited_user_ids content drawn_on_user_ids error message_id",
        "Chat.ReplyCheckpointed": "cited_user_ids content drawn_on_user_ids message_id",
        "Chat.FollowUpsSuggested": "cited_user_ids drawn_on_user_ids follow_ups message_id",
        "Chat.MessagesDeleted": "message_ids moved new_current new_parent",
        "Chat.CursorMoved": "message_id",
        "Chat.Renamed": "title",
        "Chat.TitleWritten": "cited_user_ids drawn_on_user_ids title",
        "Chat.PropertiesChanged": "changes digests",
        "Chat.Archived": "",
        "Chat.Unarchived": "",
        "Chat.Pinned": "",
        "Chat.Unpinned": "",
        "Chat.MovedToFolder": "folder_id",
        "Chat.Tagged": "name tag_id",
        "Chat.TagWritten": "cited_user_ids drawn_on_user_ids name tag_id",
        "Chat.Untagged": "tag_id",
        "Chat.Shared": "share_id",
        "Chat.Unshared": "",
        "Chat.ShareAccessChanged": "grants",
        "Chat.Imported": "created_at updated_at",
        "Chat.Deleted": "",
    },
    "domain.knowledge.base": {
        "KnowledgeBase.Created": "access_grants description name owner_id",
        "KnowledgeBase.Updated": "actor_id description name",
        "KnowledgeBase.AccessChanged": "access_grants actor_id",
        "KnowledgeBase.FilesAdded": "actor_id file_ids",
        "KnowledgeBase.FileRemoved": "actor_id file_id",
        "KnowledgeBase.Reset": "actor_id",
        "KnowledgeBase.Deleted": "actor_id",
        "KnowledgeBase.ProcessingRequested": "actor_id file_id",
        "KnowledgeBase.ProcessingStarted": "actor_id file_id",
        "KnowledgeBase.ProcessingCompleted": "actor_id file_id",
        "KnowledgeBase.ProcessingFailed": "actor_id error file_id",
    },
    "domain.chats.folder": {
        "Folder.Created": "data meta name owner_id parent_id",
        "Folder.Renamed": "name",
        "Folder.MovedTo": "parent_id",
        "Folder.Expanded": "",
        "Folder.Collapsed": "",
        "Folder.DataChanged": "changes",
        "Folder.PresetsNamed": "models places quoted_user_id",
        "Folder.MetaChanged": "changes",
        "Folder.Deleted": "",
        "FolderName.Claimed": "folder_id name owner_id parent_id",
        "FolderName.Reclaimed": "folder_id",
        "FolderName.Released": "",
    },
    "domain.chats.reading": {
        "ChatReading.Started": "chat_id owner_id",
        "ChatReading.Read": "chat_id chat_version",
        "ChatReading.MarkedUnread": "chat_id",
    },
    "domain.evaluations.feedback": {
        "Feedback.Rated": "data kind meta owner_id",
        "Feedback.Rerated": "actor_id data meta",
        "Feedback.Deleted": "actor_id",
        "Feedback.PresetsNamed": "fields models places quoted_user_id",
    },
    "domain.files.file": {
        "StoredFile.Uploaded": "content_type metadata name owner_id sha256 size storage_key",
        "StoredFile.TextExtracted": "characters",
        "StoredFile.ExtractionFailed": "error",
        "StoredFile.Renamed": "actor_id name",
        "StoredFile.TextEdited": "actor_id characters",
        "StoredFile.Deleted": "actor_id reason",
    },
    "domain.groups.defaults": {
        "DefaultPermissions.Kept": "actor_id permissions",
        "DefaultPermissions.Changed": "actor_id permissions",
    },
    "domain.groups.group": {
        "Group.Created": "actor_id data description name permissions",
        "Group.Described": "actor_id description name",
        "Group.PermissionsSet": "actor_id permissions",
        "Group.Configured": "actor_id data",
        "Group.PresetsNamed": "actor_id models places quoted_user_id",
        "Group.MembersAdded": "actor_id user_ids",
        "Group.MembersRemoved": "actor_id user_ids",
        "Group.Deleted": "actor_id",
        "Group.LinkedToProvider": "actor_id external_id provider_id",
        "Group.ParentSet": "actor_id parent_group_id",
    },
    "domain.groups.hierarchy": {
        "GroupTree.Planted": "",
        "GroupTree.Placed": "group_id parent_group_id",
        "GroupTree.Uprooted": "children group_id parent_group_id",
    },
    "domain.idempotency": {
        "RequestKey.Used": "created_id digest key person_id",
    },
    "domain.identity.email_index": {
        "EmailIndex.Claimed": "email user_id",
        "EmailIndex.Reclaimed": "user_id",
        "EmailIndex.Released": "",
    },
    "domain.identity.user": {
        "User.Registered": "email name password_hash profile_image_url role",
        "User.SignedIn": "address means session_id",
        "User.SignedOut": "address session_id",
        "User.ProfileUpdated": "changes",
        "User.EmailChanged": "email",
        "User.PasswordChanged": "password_hash token_generation",
        "User.PasswordRehashed": "password_hash",
        "User.RoleChanged": "role token_generation",
        "User.SettingsUpdated": "settings",
        "User.PresetsNamed": "models places quoted_user_id",
        "User.TimezoneChanged": "timezone",
        "User.StatusChanged": "emoji expires_at message",
        "User.InfoMerged": "changes",
        "User.VariablesReplaced": "variables",
        "User.Deleted": "actor_id",
        "User.Forgotten": "actor_id",
        "User.HoldPlaced": "actor_id reason",
        "User.HoldLifted": "actor_id",
        "User.ApiKeyIssued": "key_digest",
        "User.ApiKeyRevoked": "key_digest reason",
        "User.LinkedToProvider": "actor_id external_id provider_id user_name",
        "User.Deactivated": "actor_id token_generation",
        "User.Reactivated": "actor_id",
        "User.IdentityLinked": "issuer subject",
        "User.SessionsRevoked": "actor_id token_generation",
    },
    "domain.identity.single_sign_on": {
        "ExternalIdentity.Claimed": "issuer subject user_id",
        "ExternalIdentity.Reclaimed": "user_id",
        "CompletedSignIn.Completed": "state user_id",
    },
    "domain.identity.scim_identifiers": {
        "ScimIdentifierIndex.Claimed": "user_id",
        "ScimIdentifierIndex.Reclaimed": "user_id",
        "ScimIdentifierIndex.Released": "",
    },
    "domain.identity.scim_providers": {
        "ScimProvider.Registered": "actor_id name token_digest",
        "ScimProvider.TokenRotated": "actor_id token_digest",
        "ScimProvider.Removed": "actor_id",
    },
    "domain.identity.workspace": {
        "Workspace.Founded": "auth_config primary_admin_id",
        "Workspace.AuthConfigChanged": "changes",
    },
    "domain.retention.policy": {
        "RetentionPolicy.Created": "",
        "RetentionPolicy.Changed": "actor_id audit_days chat_days file_days",
        "RetentionPolicy.RunDecided": "audit_ids audit_through before chat_ids file_ids held revision run",
        "RetentionPolicy.Applied": "audit_ids before chat_ids checkpoint_digests counts file_ids held positions "
                                   "revision run",
    },
    "domain.models.connections": {
        "Connections.Seeded": "ollama openai options",
        "Connections.OpenAIConfigured": "base_urls configs enabled keys",
        "Connections.OllamaConfigured": "base_urls configs enabled",
        "Connections.OptionsChanged": "changes",
    },
    "domain.models.defaults": {
        "ModelDefaults.Founded": "",
        "ModelDefaults.Changed": "changes",
    },
    "domain.models.preset": {
        "ModelPreset.Created": "access_grants base_model_id is_active meta model_id name owner_id params",
        "ModelPreset.Recreated": "access_grants base_model_id is_active meta model_id name owner_id params",
        "ModelPreset.Updated": "base_model_id is_active meta name params",
        "ModelPreset.AccessChanged": "access_grants",
        "ModelPreset.Activated": "",
        "ModelPreset.Deactivated": "",
        "ModelPreset.Deleted": "",
    },
    "domain.models.tasks": {
        "TaskSettings.Founded": "settings",
        "TaskSettings.Changed": "changes",
    },
}


@pytest.mark.parametrize("module", sorted(STORED_EVENTS))
def test_stored_event_topics_and_attributes_still_resolve(module: str) -> None:
    for qualname, attributes in STORED_EVENTS[module].items():
        topic = f"{module}:{qualname}"
        event_class = resolve_topic(topic)
        names = {field.name for field in dataclasses.fields(event_class)} - LIBRARY_ATTRIBUTES
        assert (get_topic(event_class), names) == (topic, set(attributes.split()))
