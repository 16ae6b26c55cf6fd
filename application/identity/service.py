from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from typing import Any, ClassVar
from uuid import UUID

from application.context import BoundedContext, CommitListener, EventSealing
from application.identity.commands import (
    AddUser,
    ChangeAuthConfig,
    ChangePassword,
    ChangeStatus,
    ChangeTimezone,
    DeleteUser,
    ForgetPerson,
    IssueApiKey,
    LiftHold,
    MergeInfo,
    PlaceHold,
    ReplaceVariables,
    RevokeApiKey,
    RevokeSessions,
    SignIn,
    SignOut,
    SignUp,
    UpdateProfile,
    UpdateSettings,
    UpdateUser,
)
from application.identity.ports import PasswordHasher
from application.log_positions import LogPosition
from domain.identity.email_index import EmailIndex, normalise_email
from domain.identity.errors import (
    CannotActOnSelfError,
    EmailAlreadyRegisteredError,
    InvalidCredentialsError,
    PrimaryAdminProtectedError,
    SignupDisabledError,
    UserNotFoundError,
)
from domain.identity.password_policy import check_new_password
from domain.identity.roles import ADMIN
from domain.identity.user import User
from domain.identity.workspace import WORKSPACE_ID, Workspace
from domain.privacy.presets import CreatorOf, no_presets


class Identity(BoundedContext):
    """Accounts, sign-in sessions and the workspace's sign-up policy."""

    snapshotting_intervals: ClassVar = {User: 100}
    """A User gains an event per sign-in: loading one must not replay years of them."""

    def __init__(
        self,
        env: Mapping[str, str],
        on_commit: CommitListener,
        *,
        hasher: PasswordHasher,
        initial_auth_config: Mapping[str, Any],
        sealing: EventSealing | None = None,
        preset_creator: CreatorOf = no_presets,
    ) -> None:
        """``preset_creator``: who made the model preset of an id (the models context knows)."""
        super().__init__(env, on_commit, sealing)
        self._hasher = hasher
        self._preset_creator = preset_creator
        self._initial_auth_config = dict(initial_auth_config)
        self._nobodys_hash = hasher.hash(secrets.token_urlsafe(32))
        """Checked when no account has the e-mail, so that the answer takes as long as for one
        that has: the time taken must not tell who has an account."""

    # -- queries the write side needs ------------------------------------------------------

    def workspace(self) -> Workspace | None:
        return self.find(WORKSPACE_ID)  # type: ignore[return-value]

    def auth_config(self) -> dict[str, Any]:
        """The workspace's, over the environment's: a setting no admin has saved yet (one added
        since the workspace was founded) is the environment's."""
        workspace = self.workspace()
        return {**self._initial_auth_config, **(workspace.auth_config if workspace else {})}

    def user(self, user_id: UUID) -> User:
        user = self.find(user_id)
        if not isinstance(user, User) or user.deleted:
            raise UserNotFoundError(str(user_id))
        return user

    def user_by_email(self, email: str) -> User | None:
        index = self.find(EmailIndex.create_id(email))
        if not isinstance(index, EmailIndex) or index.user_id is None:
            return None
        return self.user(index.user_id)

    # -- commands --------------------------------------------------------------------------

    def sign_up(self, command: SignUp) -> LogPosition | None:
        """The first account founds the workspace and becomes its primary admin; sign-up closes
        behind it in the same save."""
        password_hash = self._new_hash(command.password)

        def attempt() -> LogPosition | None:
            role, workspace = self.newcomer(command.user_id, signup_needed=True)
            user, index = self.register(command.user_id, command.email, command.name,
                                         password_hash, role, command.profile_image_url, command.session_id,
                                         command.address)
            return self.commit(workspace, index, user)

        return self.retrying(attempt)

    def newcomer(self, user_id: UUID, *, signup_needed: bool) -> tuple[str, Workspace | None]:
        """A new account's role, and the workspace to save with it when the account founds it (the
        first becomes its primary admin). ``signup_needed``: refused while sign-up is closed."""
        workspace = self.workspace()
        if workspace is None:
            return ADMIN, Workspace.found(primary_admin_id=user_id, auth_config=self._initial_auth_config)
        if signup_needed and not workspace.signup_enabled:
            raise SignupDisabledError()
        return workspace.default_user_role, None

    def add_user(self, command: AddUser) -> LogPosition | None:
        password_hash = self._new_hash(command.password)

        def attempt() -> LogPosition | None:
            user, index = self.register(command.user_id, command.email, command.name,
                                         password_hash, command.role, command.profile_image_url, command.session_id)
            return self.commit(index, user)

        return self.retrying(attempt)

    def _new_hash(self, password: str) -> str:
        check_new_password(password)
        return self._hasher.hash(password)

    def register(
        self, user_id: UUID, email: str, name: str, password_hash: str, role: str, image: str,
        session_id: str | None, address: str | None = None,
    ) -> tuple[User, EmailIndex]:
        index = self.claim_email(email, user_id)
        user = User(id=user_id, email=normalise_email(email), name=name, password_hash=password_hash,
                    role=role, profile_image_url=image)
        if session_id:
            user.sign_in(session_id=session_id, address=address, means="sign_up")
        return user, index

    def claim_email(self, email: str, user_id: UUID) -> EmailIndex:
        index = self.find(EmailIndex.create_id(email))
        if index is None:
            return EmailIndex(email=email, user_id=user_id)
        assert isinstance(index, EmailIndex)
        if index.user_id is not None:
            raise EmailAlreadyRegisteredError(email)
        index.reclaim(user_id)
        return index

    def sign_in(self, command: SignIn) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            user = self.user_by_email(command.email)
            password_hash = self._nobodys_hash if user is None else user.password_hash
            if not self._hasher.verify(password_hash, command.password) or user is None:
                raise InvalidCredentialsError()
            if self._hasher.needs_rehash(user.password_hash):
                user.rehash_password(self._hasher.hash(command.password))
            user.sign_in(session_id=command.session_id, address=command.address)
            return self.commit(user)

        return self.retrying(attempt)

    def sign_out(self, command: SignOut) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            user = self.user(command.user_id)
            user.sign_out(session_id=command.session_id, address=command.address)
            return self.commit(user)

        return self.retrying(attempt)

    def update_profile(self, command: UpdateProfile) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            user = self.user(command.user_id)
            user.update_profile(changes=command.changes)
            return self.commit(user)

        return self.retrying(attempt)

    def change_password(self, command: ChangePassword) -> LogPosition | None:
        new_hash = self._new_hash(command.new_password)

        def attempt() -> LogPosition | None:
            user = self.user(command.user_id)
            if not self._hasher.verify(user.password_hash, command.current_password):
                raise InvalidCredentialsError()
            user.change_password(new_hash)
            return self.commit(user)

        return self.retrying(attempt)

    def change_timezone(self, command: ChangeTimezone) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            user = self.user(command.user_id)
            user.change_timezone(timezone=command.timezone)
            return self.commit(user)

        return self.retrying(attempt)

    def update_settings(self, command: UpdateSettings) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            user = self.user(command.user_id)
            user.update_settings(command.settings, self._preset_creator)
            return self.commit(user)

        return self.retrying(attempt)

    def change_status(self, command: ChangeStatus) -> LogPosition | None:
        return self._on_account(command.user_id, lambda user: user.change_status(
            emoji=command.emoji, message=command.message, expires_at=command.expires_at))

    def merge_info(self, command: MergeInfo) -> LogPosition | None:
        return self._on_account(command.user_id, lambda user: user.merge_info(changes=json.dumps(command.changes)))

    def replace_variables(self, command: ReplaceVariables) -> LogPosition | None:
        return self._on_account(command.user_id,
                                lambda user: user.replace_variables(variables=json.dumps(command.variables)))

    def _on_account(self, user_id: UUID, change: Callable[[User], None]) -> LogPosition | None:
        """One change of the person's own account, saved (retried on a conflicting save)."""
        def attempt() -> LogPosition | None:
            user = self.user(user_id)
            change(user)
            return self.commit(user)

        return self.retrying(attempt)

    def update_user(self, command: UpdateUser) -> LogPosition | None:
        new_hash = self._new_hash(command.password) if command.password else None

        def attempt() -> LogPosition | None:
            user = self.user(command.user_id)
            if command.actor_id != user.id and self.is_primary_admin(user):
                # Another admin resetting its password or email would take the account over.
                raise PrimaryAdminProtectedError(str(user.id))
            changed: list[Any] = [user]
            if command.role is not None and command.role != user.role:
                self._check_may_manage(command.actor_id, user, "change the role of")
                user.change_role(command.role)
            if command.email is not None and normalise_email(command.email) != normalise_email(user.email):
                changed += self.move_email(user, command.email)
            profile = {"name": command.name, "profile_image_url": command.profile_image_url}
            profile = {k: v for k, v in profile.items() if v is not None}
            if profile:
                user.update_profile(changes=profile)
            if new_hash:
                user.change_password(new_hash)
            return self.commit(*changed)

        return self.retrying(attempt)

    def move_email(self, user: User, email: str) -> list[EmailIndex]:
        new_index = self.claim_email(email, user.id)
        old_index = self.find(EmailIndex.create_id(user.email))
        assert isinstance(old_index, EmailIndex)
        old_index.release()
        user.change_email(email=normalise_email(email))
        return [old_index, new_index]

    def _check_may_manage(self, actor_id: UUID, user: User, action: str) -> None:
        """Nobody demotes or deletes the primary admin, and no admin demotes or deletes themselves."""
        if self.is_primary_admin(user):
            raise PrimaryAdminProtectedError(str(user.id))
        if actor_id == user.id:
            raise CannotActOnSelfError(str(user.id), action)

    def is_primary_admin(self, user: User) -> bool:
        workspace = self.workspace()
        return workspace is not None and workspace.primary_admin_id == user.id

    def revoke_sessions(self, command: RevokeSessions) -> LogPosition | None:
        """Signs the person out everywhere. Only the primary admin ends the primary admin's own."""
        def attempt() -> LogPosition | None:
            user = self.user(command.user_id)
            if command.actor_id != user.id and self.is_primary_admin(user):
                raise PrimaryAdminProtectedError(str(user.id))
            user.revoke_sessions(actor_id=str(command.actor_id))
            return self.commit(user)

        return self.retrying(attempt, turn=command.user_id)

    def primary_admin_stands_beside(self, user: User) -> bool:
        """Whether the workspace keeps an active admin other than ``user``: its primary admin, whose
        standing no command changes, so reading it here needs no lock."""
        workspace = self.workspace()
        if workspace is None or workspace.primary_admin_id == user.id:
            return False
        primary = self.find(workspace.primary_admin_id)
        return isinstance(primary, User) and primary.role == ADMIN and not (primary.deleted or primary.deactivated)

    def delete_user(self, command: DeleteUser) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            user = self.user(command.user_id)
            self._check_may_manage(command.actor_id, user, "delete")
            index = self.released_email(user)
            user.delete(actor_id=str(command.actor_id))
            return self.commit(user, index)

        return self.retrying(attempt)

    def released_email(self, user: User) -> EmailIndex:
        """The account's address, free for someone else to register."""
        index = self.find(EmailIndex.create_id(user.email))
        assert isinstance(index, EmailIndex)
        index.release()
        return index

    def forget_person(self, command: ForgetPerson) -> LogPosition | None:
        """Deletes the account if need be and records ``User.Forgotten``: the person's keys go next
        (``application/privacy/forgetting.py``). Done already: the log as it stands."""
        def attempt() -> LogPosition | None:
            user = self.find(command.user_id)
            if not isinstance(user, User):
                raise UserNotFoundError(str(command.user_id))
            if not user.deleted:
                self._check_may_manage(command.actor_id, user, "forget")
                index = self.released_email(user)
                user.forget(actor_id=str(command.actor_id))
                return self.commit(user, index)
            user.forget(actor_id=str(command.actor_id))
            return self.commit(user) or self.as_before()

        return self.retrying(attempt, turn=command.user_id)

    def place_hold(self, command: PlaceHold) -> LogPosition | None:
        return self._change_known(command.user_id, lambda user: user.place_hold(str(command.actor_id), command.reason))

    def lift_hold(self, command: LiftHold) -> LogPosition | None:
        return self._change_known(command.user_id, lambda user: user.lift_hold(str(command.actor_id)))

    def _change_known(self, user_id: UUID, change: Callable[[User], None]) -> LogPosition:
        def attempt() -> LogPosition:
            user = self._known(user_id)
            change(user)
            return self.commit(user) or self.as_before()

        return self.retrying(attempt, turn=user_id)

    def hold_of(self, user_id: UUID) -> str | None:
        """Why the person is under legal hold, or None."""
        return self._known(user_id).hold

    def is_held(self, person_id: str) -> bool:
        """Whether the person is under legal hold (the workspace, or anyone unknown, is not)."""
        try:
            user = self.find(UUID(person_id))
        except ValueError:
            return False
        return isinstance(user, User) and user.hold is not None

    def _known(self, user_id: UUID) -> User:
        """An account, deleted or not: holds and forgetting outlive the account itself."""
        user = self.find(user_id)
        if not isinstance(user, User) or user.forgotten:
            raise UserNotFoundError(str(user_id))
        return user

    def issue_api_key(self, command: IssueApiKey) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            user = self.user(command.user_id)
            user.issue_api_key(command.key_digest)
            return self.commit(user)

        return self.retrying(attempt, turn=command.user_id)

    def revoke_api_key(self, command: RevokeApiKey) -> LogPosition:
        """Whether there was a key or not, there is none after."""
        def attempt() -> LogPosition:
            user = self.user(command.user_id)
            user.revoke_api_key()
            return self.commit(user) or self.as_before()

        return self.retrying(attempt, turn=command.user_id)

    def change_auth_config(self, command: ChangeAuthConfig) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            workspace = self.workspace()
            if workspace is None:
                raise UserNotFoundError("admin")
            workspace.change_auth_config(command.changes)
            return self.commit(workspace)

        return self.retrying(attempt)
