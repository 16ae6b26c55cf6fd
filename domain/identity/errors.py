class IdentityError(Exception):
    """A command on the identity context was refused."""


class EmailAlreadyRegisteredError(IdentityError):
    def __init__(self, email: str) -> None:
        super().__init__(f"{email} is already registered")
        self.email = email


class SignupDisabledError(IdentityError):
    def __init__(self) -> None:
        super().__init__("signup is disabled")


class InvalidCredentialsError(IdentityError):
    def __init__(self) -> None:
        super().__init__("the email or password is incorrect")


class UserNotFoundError(IdentityError):
    def __init__(self, user_id: str) -> None:
        super().__init__(f"user {user_id} not found")
        self.user_id = user_id


class PrimaryAdminProtectedError(IdentityError):
    """The workspace's founding admin can be neither demoted nor deleted by anyone."""

    def __init__(self, user_id: str) -> None:
        super().__init__(f"user {user_id} is the primary admin")
        self.user_id = user_id


class CannotActOnSelfError(IdentityError):
    def __init__(self, user_id: str, action: str) -> None:
        super().__init__(f"user {user_id} cannot {action} themselves")
        self.user_id = user_id
        self.action = action


class PersonOnHoldError(IdentityError):
    """A person under legal hold is not forgotten until the hold is lifted."""

    def __init__(self, user_id: str, reason: str) -> None:
        super().__init__(f"user {user_id} is under legal hold ({reason}): lift the hold before forgetting them")
        self.user_id = user_id
        self.reason = reason


class InvalidRoleError(IdentityError):
    def __init__(self, role: str) -> None:
        super().__init__(f"{role!r} is not a role")
        self.role = role


class WeakPasswordError(IdentityError):
    """A new password that the policy refuses; the message says why."""


class AccountDeactivatedError(IdentityError):
    """The account's identity provider turned it off (SCIM ``active: false``)."""

    def __init__(self, user_id: str) -> None:
        super().__init__(f"user {user_id} is deactivated by their identity provider")
        self.user_id = user_id


class LastAdminError(IdentityError):
    """What would leave the workspace without an active admin (or take its primary admin away)."""

    def __init__(self, user_id: str, action: str) -> None:
        super().__init__(f"Refused to {action} user {user_id}: the workspace would be left without its "
                         "admin. Make someone else an admin first, or unlink this person from the provider.")
        self.user_id = user_id
        self.action = action


class NotProvisionedError(IdentityError):
    """An account the asking identity provider neither provisioned nor was linked to: for it, none."""

    def __init__(self, user_id: str) -> None:
        super().__init__(f"user {user_id} not found")
        self.user_id = user_id



class ScimIdentifierTakenError(IdentityError):
    """Another person of the same identity provider has this ``userName`` or ``externalId``."""

    def __init__(self, attribute: str, value: str) -> None:
        super().__init__(f"Another person of this provider has the {attribute} {value!r} already.")
        self.attribute = attribute
        self.value = value
