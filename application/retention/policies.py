"""The workspace's retention policy, read and changed by admins."""

from __future__ import annotations

from application.context import BoundedContext
from application.log_positions import LogPosition
from application.retention.commands import SetRetentionPolicy
from domain.retention.policy import RETENTION_POLICY_ID, RetentionPolicy


class RetentionPolicies:
    """Kept in the audit context's log: each purge's proof is an event of the policy, so the audit
    trail shows them beside the records they governed."""

    def __init__(self, log: BoundedContext) -> None:
        self.log = log

    def current(self) -> RetentionPolicy | None:
        policy = self.log.find(RETENTION_POLICY_ID)
        return policy if isinstance(policy, RetentionPolicy) else None

    def set_policy(self, command: SetRetentionPolicy) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            policy = self.current() or RetentionPolicy()
            policy.change(actor_id=command.actor_id, days=command.days)
            return self.log.commit(policy)

        return self.log.retrying(attempt, turn=RETENTION_POLICY_ID)
