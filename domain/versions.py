"""Changes made on a version the client read: an HTTP ``If-Match`` carries the version of the
aggregate it read (a weak ETag), and the change is refused if the aggregate has moved on since."""

from __future__ import annotations

from eventsourcing.domain import Aggregate


class StaleVersionError(Exception):
    def __init__(self, resource_id: str, expected: int, actual: int) -> None:
        super().__init__(f"{resource_id} is at version {actual}, not {expected}: read it again, then change it")
        self.resource_id = resource_id
        self.expected = expected
        self.actual = actual


def check_version(aggregate: Aggregate, expected: int | None) -> None:
    """``expected`` None: the client named no version, and any will do."""
    if expected is not None and expected != aggregate.version:
        raise StaleVersionError(str(aggregate.id), expected, aggregate.version)
