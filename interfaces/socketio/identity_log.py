"""This process's own reading of the identity log, for its sockets: whose account changed since the
last look. Every revocation (sign-out, a new password or role, deactivation, deletion, forgetting)
is an event of the person's ``User`` aggregate, so a change of someone with a socket here is found
in the log itself, whatever became of the fan-out that announces it: a Redis message lost, a
process that crashed between its command's commit and projecting it, a kick never sent."""

from __future__ import annotations

from eventsourcing.application import Application

from application.event_log import last_position, read_log

PAGE = 1000


class IdentityLog:
    """Follows the log from where it stood at the first look, as the process starts: connections
    signed in since were checked against the accounts as they were then, or later."""

    def __init__(self, identity: Application, page: int = PAGE) -> None:
        self._identity = identity
        self._page = page
        self._position: int | None = None

    def changed_since_last_look(self) -> set[str]:
        """The ids of the aggregates (people, among them) with an event since the last look."""
        head = last_position(self._identity)
        if self._position is None:
            self._position = head
        changed: set[str] = set()
        while self._position < head:
            page = read_log(self._identity, start=self._position + 1, limit=self._page, stop=head)
            changed.update(str(notification.originator_id) for notification in page)
            self._position = page[-1].id if len(page) == self._page else head
        return changed
