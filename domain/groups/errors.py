class GroupError(Exception):
    """A command on a group, or on the members' default permissions, was refused."""


class GroupNotFoundError(GroupError):
    def __init__(self, group_id: object) -> None:
        super().__init__(f"group {group_id} not found")
        self.group_id = group_id


class InvalidGroupError(GroupError):
    """What was sent cannot be a group's (a blank name, permissions of an unknown shape...): 400."""


class UnknownPeopleError(GroupError):
    """Members to add who have no account: named, so the admin sees whom."""

    def __init__(self, user_ids: list[str]) -> None:
        super().__init__(f"No account has the id {', '.join(user_ids)}: nobody was added.")
        self.user_ids = user_ids


class GroupHierarchyError(InvalidGroupError):
    """A parent that cannot be: the group itself, one of its own descendants, or no group at all (400)."""
