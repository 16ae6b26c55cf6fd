"""Sign-in by a trusted proxy's header (Open WebUI's ``WEBUI_AUTH_TRUSTED_EMAIL_HEADER``): the proxy
has authenticated the person and says their e-mail address. Whether the request came through such
a proxy is the HTTP layer's to decide; this is what follows once it did. A first sign-in makes the
account when sign-up is open, as Open WebUI signs such a person up; groups the proxy names are
reported on the account (never an admin's) for the groups context to follow."""

from __future__ import annotations

import uuid

from application.identity.directory_commands import SignInFromHeader
from application.identity.provisioning import NO_PASSWORD
from application.identity.service import Identity
from domain.identity.roles import ADMIN
from domain.identity.user import User


def sign_in_from_header(identity: Identity, command: SignInFromHeader) -> User:
    def attempt() -> User:
        user, changed = identity.user_by_email(command.email), []
        if user is None:
            user_id = uuid.uuid4()
            role, workspace = identity.newcomer(user_id, signup_needed=True)
            user, index = identity.register(user_id, command.email, command.name, NO_PASSWORD, role, "/user.png",
                                            None)
            changed = [workspace, index]
        user.sign_in(session_id=command.session_id, address=command.address, means="trusted_header")
        if command.group_names is not None and user.role != ADMIN:
            user.report_groups(group_names=sorted(set(command.group_names)), create_missing=False)
        identity.commit(*changed, user)
        return user

    return identity.retrying(attempt)
