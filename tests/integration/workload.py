"""Real commands through a container: people and chats doing a bit of everything."""

from __future__ import annotations

import uuid
from uuid import UUID

from application.audit.commands import RecordApiKeyUse, RecordDisclosure, RecordRefusal
from application.chats import commands as c
from application.chats import copy_commands as cc
from application.chats import folder_commands as f
from application.chats import reading_commands as rc
from application.chats import reply_commands as r
from application.evaluations import commands as e
from application.files.commands import DeleteFile, EraseFiles, UploadFile
from application.groups import commands as g
from application.identity import provisioning_commands as p
from application.identity.commands import (
    ChangeAuthConfig,
    ChangeStatus,
    ChangeTimezone,
    DeleteUser,
    IssueApiKey,
    MergeInfo,
    ReplaceVariables,
    SignOut,
    SignUp,
    UpdateProfile,
    UpdateSettings,
    UpdateUser,
)
from application.knowledge import commands as k
from application.knowledge.document_config import ConfigureDocuments
from application.memories import commands as mem
from application.models import commands as m
from domain.chats.citations import Citation
from infrastructure.container import Container
from tests.unit.builders import message, snapshot

PASSWORD = "correct horse battery staple"


def sign_up(container: Container, email: str, session_id: str | None = None) -> UUID:
    user_id = uuid.uuid4()
    container.identity.sign_up(SignUp(user_id=user_id, email=email, password=PASSWORD,
                                      name=email.split("@")[0].title(), session_id=session_id))
    return user_id


def founding_admin(container: Container, email: str, session_id: str | None = None) -> UUID:
    """The first account, who then opens sign-up (founding closes it) so that others may join."""
    user_id = sign_up(container, email, session_id)
    container.identity.change_auth_config(ChangeAuthConfig(changes={"ENABLE_SIGNUP": True}))
    return user_id


def people(container: Container) -> list[UUID]:
    """A founder who promotes and edits, keeps the second API key he made and chooses a preset of
    the one who signs out; a member who edits herself, makes a key and is deleted. Three sign-ups
    only: each costs an argon2 hash."""
    identity = container.identity
    founder = founding_admin(container, "founder@example.org", session_id="founder-1")
    bob, carol = (sign_up(container, f"{name}@example.org", session_id=f"{name}-1") for name in ("bob", "carol"))
    identity.update_user(UpdateUser(actor_id=founder, user_id=bob, role="admin", email="robert@example.org"))
    identity.update_user(UpdateUser(actor_id=founder, user_id=carol, role="user", name="Caroline"))
    identity.update_profile(UpdateProfile(user_id=bob, changes={"bio": "hello", "name": "Rob"}))
    identity.update_settings(UpdateSettings(user_id=bob, settings={"ui": {"theme": "dark"}}))
    identity.change_timezone(ChangeTimezone(user_id=bob, timezone="Europe/Paris"))
    identity.change_status(ChangeStatus(user_id=bob, emoji="wave", message="Around"))
    for changes in ({"location": "48.9, 2.4 (lat, long)"}, {"id": 7}):
        identity.merge_info(MergeInfo(user_id=bob, changes=changes))
    identity.replace_variables(ReplaceVariables(user_id=bob, variables={"city": "Paris"}))
    identity.sign_out(SignOut(user_id=bob, session_id="bob-1"))
    chosen_presets(container, chooser=founder, creator=bob)
    identity.update_profile(UpdateProfile(user_id=carol, changes={"bio": "bye"}))
    for holder, digest in ((founder, "f" * 64), (founder, "e" * 64), (carol, "c" * 64)):
        identity.issue_api_key(IssueApiKey(user_id=holder, key_digest=digest))
    container.audit.count_api_key_use(RecordApiKeyUse(user_id=str(founder), key_digest="e" * 64, method="GET",
                                                      path="/api/models", address="192.0.2.1", client="curl/8"))
    container.audit.record_counts_due()
    teams(container, founder, [bob, carol])
    provisioned(container, founder)
    identity.delete_user(DeleteUser(actor_id=bob, user_id=carol))  # she leaves her groups too
    container.audit.record_refusal(RecordRefusal(kind="sign_in", reason="wrong email or password", method="POST",
                                                 path="/api/v1/auths/signin", status=400, address="192.0.2.1",
                                                 email="carol@example.org"))
    container.audit.record_refusal(RecordRefusal(kind="permission", reason="role user may not do this",
                                                 method="GET", path="/api/v1/users/", status=401,
                                                 address="192.0.2.1", user_id=str(bob)))
    container.audit.record_disclosure(RecordDisclosure(user_id=str(founder), owners=[str(bob)], resource="events",
                                                       path="/api/v1/events"))
    return [founder, bob]


def chosen_presets(container: Container, chooser: UUID, creator: UUID) -> None:
    """``chooser``'s settings make ``creator``'s preset their default and pin it, and a group of
    theirs starts with it."""
    model_id = f"chosen-{uuid.uuid4().hex[:6]}"
    container.models.create_preset(m.CreatePreset(actor_id=str(creator), actor_is_admin=True, model_id=model_id,
                                                  base_model_id="echo", name="Chosen", params={}, meta={},
                                                  access_grants=[]))
    container.identity.update_settings(UpdateSettings(user_id=chooser, settings={
        "ui": {"models": [model_id], "pinnedModels": ["echo", model_id]}}))
    container.groups.create_group(g.CreateGroup(group_id=uuid.uuid4(), actor_id=str(chooser), name="Chosen",
                                                description="", data={"config": {"default_models": [model_id]}}))


def provisioned(container: Container, admin: UUID) -> None:
    """An identity provider registered, its token rotated; a person it provisions, renames and
    deactivates; another provider removed."""
    provisioning, actor, okta, gone = container.provisioning, str(admin), uuid.uuid4(), uuid.uuid4()
    for provider_id, name in ((okta, "Okta"), (gone, "Old IdP")):
        provisioning.register_scim_provider(p.RegisterScimProvider(provider_id=provider_id, actor_id=actor,
                                                                   name=name, token_digest=uuid.uuid4().hex * 2))
    provisioning.rotate_scim_token(p.RotateScimToken(provider_id=okta, actor_id=actor, token_digest="d" * 64))
    provisioning.remove_scim_provider(p.RemoveScimProvider(provider_id=gone, actor_id=actor))
    dana = uuid.uuid4()
    provisioning.provision_user(p.ProvisionUser(provider_id=str(okta), user_id=dana, email="dana@example.org",
                                                name="Dana", user_name="dana", external_id="00u1"))
    provisioning.change_provisioned_user(p.ChangeProvisionedUser(provider_id=str(okta), user_id=dana,
                                                                 name="Dana Scully", active=False))


def teams(container: Container, admin: UUID, members: list[UUID]) -> None:
    """Groups made, renamed, given permissions and members, one member removed, one group deleted
    (its child moving to the top), that child nested elsewhere; the workspace's default permissions saved."""
    groups, actor, ids = container.groups, str(admin), [str(m) for m in members]
    reviewers, old, juniors = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    groups.create_group(g.CreateGroup(group_id=reviewers, actor_id=actor, name="Reviewers", description="",
                                      permissions={"chat": {"delete": True}}))
    groups.create_group(g.CreateGroup(group_id=old, actor_id=actor, name="Old", description="gone soon"))
    groups.create_group(g.CreateGroup(group_id=juniors, actor_id=actor, name="Juniors", description="",
                                      parent_group_id=str(old)))
    groups.add_members(g.AddMembers(group_id=reviewers, actor_id=actor, user_ids=ids))
    groups.add_members(g.AddMembers(group_id=old, actor_id=actor, user_ids=ids))
    groups.update_group(g.UpdateGroup(group_id=reviewers, actor_id=actor, name="Review board",
                                      description="reads drafts", permissions={"chat": {"share": True}}))
    groups.remove_members(g.RemoveMembers(group_id=old, actor_id=actor, user_ids=ids[:1]))
    groups.delete_group(g.DeleteGroup(group_id=old, actor_id=actor))
    groups.update_group(g.UpdateGroup(group_id=juniors, actor_id=actor, name="Juniors", description="",
                                      parent_group_id=str(reviewers)))
    groups.set_default_permissions(g.SetDefaultPermissions(actor_id=actor, permissions={"chat": {"edit": False}}))


def conversations(container: Container, owner: UUID, quoting: UUID | None = None) -> list[UUID]:
    """Chats with branches, edits, deletions, tags, shares and flags; one of them deleted. Replies
    cite the owner's passages and ``quoting``'s (a base he shares), a copy too."""
    chats, actor = container.chats, str(owner)
    kept, gone = uuid.uuid4(), uuid.uuid4()
    picture = {"type": "image", "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "a picture of an egg"))}
    q, a = message("q", content="How do I boil an egg?", files=[picture]), message("a", "q", role="assistant")
    for chat_id in (kept, gone):
        chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=actor,
                                       state=snapshot(q, a, models=["llama"])))
    longer = (q, a, message("q2", "a"), message("a2", "q2", role="assistant"), message("q3", "a"),
              message("a3", "q3", role="assistant"))
    chats.update_chat(c.UpdateChat(chat_id=kept, actor_id=actor,
                                   state=snapshot(*longer, title="Eggs", params={"temperature": 0.3})))
    chats.edit_message(c.EditMessage(chat_id=kept, actor_id=actor,
                                     message=message("a", "q", role="assistant", content="Ten minutes.")))
    for message_id in ("q2", "a"):  # the second moves a3 up to q
        chats.delete_message(c.DeleteMessage(chat_id=kept, actor_id=actor, message_id=message_id))
    for name in ("Cooking", "Home", "Work"):
        chats.tag_chat(c.TagChat(chat_id=kept, actor_id=actor, name=name))
    chats.untag_chat(c.UntagChat(chat_id=kept, actor_id=actor, name="home"))
    for chat_id in (kept, gone, kept):
        chats.share_chat(c.ShareChat(chat_id=chat_id, actor_id=actor, share_id=uuid.uuid4().hex))
    everyone = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]
    for chat_id in (kept, gone):
        chats.change_share_access(c.ChangeShareAccess(chat_id=chat_id, actor_id=actor, grants=everyone))
    chats.unshare_chat(c.UnshareChat(chat_id=gone, actor_id=actor))
    chats.tag_chat(c.TagChat(chat_id=gone, actor_id=actor, name="Cooking"))
    chats.toggle_pinned(c.TogglePinned(chat_id=kept, actor_id=actor))
    chats.toggle_archived(c.ToggleArchived(chat_id=kept, actor_id=actor))
    kitchen = uuid.uuid4()  # chats file only into their owner's folders
    chats.create_folder(f.CreateFolder(folder_id=kitchen, owner_id=actor, name=f"Kitchen {kitchen.hex[:6]}"))
    chats.move_to_folder(c.MoveChatToFolder(chat_id=kept, actor_id=actor, folder_id=str(kitchen)))
    chats.delete_chat(c.DeleteChat(chat_id=gone, actor_id=actor))
    filing(container, owner)
    copies(container, owner, kept, quoting or owner)
    reading(container, owner)
    replies(container, owner, quoting or owner)
    presets(container, owner)
    named_presets(container, owner, quoting or owner)
    uploads(container, owner)
    knowledge(container, owner)
    memories(container, owner)
    ratings(container, owner)
    return [kept]


def filing(container: Container, owner: UUID) -> None:
    """Folders nested, renamed, moved, expanded, and one deleted with its chat."""
    chats, actor, tag = container.chats, str(owner), uuid.uuid4().hex[:6]
    shelf, drawer, old, chat_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for folder_id, name in ((shelf, "Kitchen"), (drawer, "Drawer"), (old, "Old")):
        chats.create_folder(f.CreateFolder(folder_id=folder_id, owner_id=actor, name=f"{name} {tag}",
                                           meta={"icon": "x"}))
    chats.move_folder(f.MoveFolder(folder_id=drawer, actor_id=actor, parent_id=shelf))
    chats.update_folder(f.UpdateFolder(folder_id=shelf, actor_id=actor, name=f"Pantry {tag}",
                                       data={"system_prompt": "Be brief."}))
    chats.expand_folder(f.ExpandFolder(folder_id=shelf, actor_id=actor, expanded=True))
    chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=actor, state=snapshot(), folder_id=str(old)))
    chats.delete_folder(f.DeleteFolder(folder_id=old, actor_id=actor, chats=(chat_id,)))


def copies(container: Container, owner: UUID, source: UUID, quoting: UUID) -> None:
    """A chat cloned with the sources its reply cites and ``quoting``'s base named in its question,
    one copied as if from ``quoting``'s chat, two imported (one with its old times, one archived),
    then all archived and back."""
    chats, actor = container.chats, str(owner)
    q, a = message("q", content="Imported?"), message("a", "q", role="assistant")
    theirs = {"type": "collection", "id": str(quoting), "name": "Their base", "user_id": str(quoting)}
    chats.copy_chat(cc.CopyChat(chat_id=uuid.uuid4(), owner_id=actor, source_id=source, share_id=None,
                                copy=cc.ChatCopy(state=snapshot(message("q", content="Imported?", files=[theirs]), a,
                                                                title="Clone"), tags=("Work",), pinned=True,
                                                 citations={"a": cited(quoting)})))
    chats.copy_chat(cc.CopyChat(chat_id=uuid.uuid4(), owner_id=actor, source_id=source, share_id=None,
                                copy=cc.ChatCopy(state=snapshot(q, a, title="Clone of theirs"),
                                                 quoted_user_id=str(quoting))))
    imported = chats.import_chats(cc.ImportChats(owner_id=actor, keys=("old", "archived"), chats=(
        cc.ChatCopy(state=snapshot(q, a, title="Old"), created_at=1_600_000_000, updated_at=1_600_000_100),
        cc.ChatCopy(state=snapshot(q, title="Archived"), archived=True))))
    for archived in (True, False):
        chats.archive_chats(cc.ArchiveChats(owner_id=actor, chat_ids=tuple(imported.chat_ids), archived=archived))


def uploads(container: Container, owner: UUID) -> None:
    """Files uploaded (text extracted, a document not yet, a picture not asked), one deleted, and
    the rest erased as when their owner is deleted."""
    files, actor = container.files, str(owner)
    kept, gone, erased = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for file_id, name, kind in ((kept, "notes.txt", "text/plain"), (gone, "report.pdf", "application/pdf"),
                                (erased, "dot.png", "image/png")):
        files.upload_file(UploadFile(file_id=file_id, owner_id=actor, name=name, content_type=kind, data=b"bytes",
                                     metadata={"from": "workload"}, process=kind != "image/png"))
    files.delete_file(DeleteFile(file_id=gone, actor_id=actor))
    files.erase_files(EraseFiles(owner_id=actor, file_ids=[erased], actor_id=actor))


def knowledge(container: Container, owner: UUID) -> None:
    """Bases made, renamed and shared; files added, processed (one failing), updated and removed; one
    base reset and one deleted; the Documents settings saved."""
    bases, files, actor = container.knowledge, container.files, str(owner)
    kept, emptied, gone = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    file_ids = [str(uuid.uuid4()) for _ in range(3)]
    for file_id in file_ids:
        files.upload_file(UploadFile(file_id=UUID(file_id), owner_id=actor, name=f"{file_id[:6]}.md",
                                     content_type="text/markdown", data=b"# Notes"))
    for knowledge_id in (kept, emptied, gone):
        bases.create_knowledge(k.CreateKnowledge(knowledge_id=knowledge_id, owner_id=actor, name="Handbook",
                                                 description="How we work", access_grants=[]))
        bases.add_knowledge_files(k.AddKnowledgeFiles(knowledge_id=knowledge_id, actor_id=actor, file_ids=file_ids))
    bases.update_knowledge(k.UpdateKnowledge(knowledge_id=kept, actor_id=actor, name="Manual", description=""))
    bases.change_knowledge_access(k.ChangeKnowledgeAccess(knowledge_id=kept, actor_id=actor, access_grants=[
        {"principal_type": "group", "principal_id": "staff", "permission": "read"}]))
    for outcome, error in (("started", ""), ("completed", ""), ("failed", "no text")):
        bases.report_processing(k.ReportProcessing(knowledge_id=kept, file_id=file_ids[0], outcome=outcome,
                                                   actor_id=actor, error=error))
    bases.reprocess_knowledge_file(k.ReprocessKnowledgeFile(knowledge_id=kept, actor_id=actor, file_id=file_ids[1]))
    bases.remove_knowledge_file(k.RemoveKnowledgeFile(knowledge_id=kept, actor_id=actor, file_id=file_ids[2]))
    bases.reset_knowledge(k.ResetKnowledge(knowledge_id=emptied, actor_id=actor))
    bases.delete_knowledge(k.DeleteKnowledge(knowledge_id=gone, actor_id=actor))
    container.document_config.configure(ConfigureDocuments(actor_id=actor, changes={"TOP_K": 5, "CHUNK_SIZE": 800}))


def memories(container: Container, owner: UUID) -> None:
    """Memories kept, one changed, one deleted, and one deleted with all its owner's that are asked."""
    kept, gone, cleared = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for memory_id in (kept, gone, cleared):
        container.memories.add_memory(mem.AddMemory(memory_id=memory_id, owner_id=str(owner), content="I like tea."))
    container.memories.update_memory(mem.UpdateMemory(memory_id=kept, actor_id=str(owner), content="I like coffee."))
    container.memories.delete_memory(mem.DeleteMemory(memory_id=gone, actor_id=str(owner)))
    container.memories.delete_memories_of(mem.DeleteMemoriesOf(owner_id=str(owner), memory_ids=[cleared],
                                                               actor_id=str(owner)))


def ratings(container: Container, owner: UUID) -> None:
    """Replies rated, one rated again, one deleted, and one of the rest deleted with all its rater's."""
    evaluations, actor, chat_id = container.evaluations, str(owner), uuid.uuid4()
    state = snapshot(message("q"), message("a", "q", role="assistant"), message("b", "q", role="assistant"))
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=actor, state=state))
    kept, again, gone = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for feedback_id, reply, rating in ((kept, "a", 1), (again, "b", -1), (gone, "a", -1)):
        evaluations.rate_reply(e.RateReply(
            feedback_id=feedback_id, rater_id=actor, kind="rating",
            data={"rating": rating, "model_id": "echo", "sibling_model_ids": ["llama"]},
            meta={"chat_id": str(chat_id), "message_id": reply}))
    evaluations.rerate_reply(e.RerateReply(feedback_id=kept, actor_id=actor, data={
        "rating": 1, "model_id": "echo", "sibling_model_ids": ["llama"], "reason": "Accurate", "tags": ["eggs"]}))
    evaluations.delete_feedback(e.DeleteFeedback(feedback_id=gone, actor_id=actor))
    evaluations.delete_feedbacks(e.DeleteFeedbacks(feedback_ids=[again], actor_id=actor, rater_id=actor))


def reading(container: Container, owner: UUID) -> None:
    """Chats read, changed, marked unread, and read again by folder and all at once."""
    chats, actor, shelf = container.chats, str(owner), uuid.uuid4()
    chats.create_folder(f.CreateFolder(folder_id=shelf, owner_id=actor, name=f"Unread {shelf.hex[:6]}"))
    filed, loose = uuid.uuid4(), uuid.uuid4()
    for chat_id, folder_id in ((filed, str(shelf)), (loose, None)):
        chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=actor, state=snapshot(message("q")),
                                       folder_id=folder_id))
        chats.read_chat(rc.ReadChat(chat_id=chat_id, actor_id=actor))
        chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=actor, state=snapshot(message("q"), message("q2"))))
    chats.mark_chat_unread(rc.MarkChatUnread(chat_id=loose, actor_id=actor))
    chats.read_folder(rc.ReadFolder(folder_id=shelf, actor_id=actor, chats=(filed,)))
    chats.read_all_chats(rc.ReadAllChats(actor_id=actor, chats=(filed, loose)))


def cited(*people: UUID) -> list[Citation]:
    """A source of each person's, as a reply cites passages of their files."""
    return [Citation(str(person), {"source": {"type": "collection", "id": str(person), "name": "Handbook"},
                                   "document": [f"A passage of {person}'s"],
                                   "metadata": [{"file_id": str(person), "name": "notes.md"}], "distances": [0.5]})
            for person in people]


def replies(container: Container, owner: UUID, quoting: UUID) -> None:
    """A model's replies: one checkpointed, completed, given follow-ups, a title and tags; one failed
    midway, citing the owner's passages and ``quoting``'s; one into the client's placeholder."""
    chats, actor, chat_id = container.chats, str(owner), uuid.uuid4()
    chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=actor, state=snapshot(message("q"))))
    chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=actor, reply_id="r1", model="echo"))
    chats.checkpoint_reply(r.CheckpointReply(chat_id=chat_id, actor_id=actor, reply_id="r1", content="echo:"))
    chats.complete_reply(r.CompleteReply(chat_id=chat_id, actor_id=actor, reply_id="r1", content="echo: q",
                                         usage={"total_tokens": 3}))
    chats.suggest_follow_ups(r.SuggestFollowUps(chat_id=chat_id, actor_id=actor, message_id="r1",
                                                follow_ups=["Why?", "How?"]))
    chats.rename_chat(c.RenameChat(chat_id=chat_id, actor_id=actor, title="Eggs", written_after="r1"))
    chats.retag_chat(c.RetagChat(chat_id=chat_id, actor_id=actor, names=["Food", "Cooking"], written_after="r1"))
    chats.retag_chat(c.RetagChat(chat_id=chat_id, actor_id=actor, names=["Food"], written_after="r1"))
    chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=actor, reply_id="r2", model="echo",
                                   prompt=message("q2", content="again"), citations=cited(quoting, owner)))
    chats.fail_reply(r.FailReply(chat_id=chat_id, actor_id=actor, reply_id="r2", content="echo:", error="broke"))
    placeholder = message("r3", "r2", role="assistant", content="")
    chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=actor, state=snapshot(placeholder)))
    chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=actor, reply_id="r3", model="echo"))
    chats.complete_reply(r.CompleteReply(chat_id=chat_id, actor_id=actor, reply_id="r3", content="three"))


def presets(container: Container, owner: UUID) -> None:
    """Model presets created, changed, shared, toggled, deleted and one recreated; connections set."""
    models, actor, tag = container.models, str(owner), uuid.uuid4().hex[:6]
    public = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]
    for name in ("kept", "gone", "again"):
        models.create_preset(m.CreatePreset(actor_id=actor, actor_is_admin=True, model_id=f"{name}-{tag}",
                                            base_model_id="echo", name=name, params={"system": "Be brief."},
                                            meta={"tags": [{"name": "t"}]}, access_grants=[]))
    models.update_preset(m.UpdatePreset(actor_id=actor, actor_is_admin=True, model_id=f"kept-{tag}",
                                        base_model_id="echo", name="Kept", params={}, meta={}))
    models.change_preset_access(m.ChangePresetAccess(actor_id=actor, actor_is_admin=True, model_id=f"kept-{tag}",
                                                     access_grants=public))
    models.toggle_preset(m.TogglePreset(actor_id=actor, actor_is_admin=True, model_id=f"kept-{tag}"))
    for name in ("gone", "again"):
        models.delete_preset(m.DeletePreset(actor_id=actor, actor_is_admin=True, model_id=f"{name}-{tag}"))
    models.create_preset(m.CreatePreset(actor_id=actor, actor_is_admin=True, model_id=f"again-{tag}",
                                        base_model_id=None, name="Again", params={}, meta={}, access_grants=public))
    models.configure_openai(m.ConfigureOpenAI(actor_id=actor, enabled=True, base_urls=["http://a/v1"],
                                              keys=["sk-0123456789abcdef"], configs={"0": {"prefix_id": "a"}}))
    models.configure_ollama(m.ConfigureOllama(actor_id=actor, enabled=False, base_urls=[], configs={}))


def named_presets(container: Container, owner: UUID, creator: UUID) -> None:
    """A chat that chooses ``creator``'s preset and asks it, a reply the server writes with it, a
    rating of its answer."""
    model_id, chat_id = f"helper-{uuid.uuid4().hex[:6]}", uuid.uuid4()
    container.models.create_preset(m.CreatePreset(actor_id=str(creator), actor_is_admin=True, model_id=model_id,
                                                  base_model_id="echo", name="Helper", params={}, meta={},
                                                  access_grants=[]))
    q = message("q", content="Which model?", models=[model_id, "echo"])
    a = message("a", "q", role="assistant", model=model_id, modelName="Helper")
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=str(owner),
                                             state=snapshot(q, a, models=[model_id])))
    container.chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=str(owner), reply_id="r", parent_id="q",
                                             model=model_id, extra={"modelName": "Helper"}))
    container.evaluations.rate_reply(e.RateReply(
        feedback_id=uuid.uuid4(), rater_id=str(owner), kind="rating", meta={"chat_id": str(chat_id), "message_id": "a"},
        data={"rating": 1, "model_id": model_id, "sibling_model_ids": ["echo", model_id]}))
    folder_id = uuid.uuid4()
    container.chats.create_folder(f.CreateFolder(folder_id=folder_id, owner_id=str(owner),
                                                 name=f"Helpers {folder_id.hex[:6]}", data={"model_ids": [model_id]}))
    container.chats.update_folder(f.UpdateFolder(folder_id=folder_id, actor_id=str(owner),
                                                 data={"model_ids": ["echo", model_id]}))


def chat_with_replies(container: Container, owner: UUID, replies: int) -> UUID:
    chat_id = uuid.uuid4()
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=str(owner), state=snapshot()))
    state: tuple = ()
    for n in range(replies):
        state += (message(f"m{n}", state[-1].id if state else None),)
        container.chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=str(owner), state=snapshot(*state)))
    return chat_id
