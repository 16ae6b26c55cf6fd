class RetentionError(Exception):
    """A change to the retention policy, or a step of a purge, was refused."""


class InvalidRetentionError(RetentionError):
    def __init__(self, kind: str, days: object, most: int) -> None:
        super().__init__(f"{kind}: {days!r} is not a whole number of days from 0 (keep forever) to {most}")
        self.kind, self.days = kind, days


class RunOpenError(RetentionError):
    """A purge was decided and not yet recorded as applied: it is finished before another is decided."""

    def __init__(self, run: int) -> None:
        super().__init__(f"retention run {run} is not finished")
        self.run = run


class RunNotOpenError(RetentionError):
    def __init__(self, run: int) -> None:
        super().__init__(f"retention run {run} is not the one under way")
        self.run = run
