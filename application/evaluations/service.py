from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from application.context import BoundedContext, CommitListener, EventSealing
from application.evaluations.commands import DeleteFeedback, DeleteFeedbacks, RateReply, RerateReply
from application.evaluations.ports import Replies
from application.log_positions import LogPosition
from domain.evaluations.errors import FeedbackNotFoundError
from domain.evaluations.feedback import Feedback
from domain.privacy.presets import CreatorOf, no_presets


class Evaluations(BoundedContext):
    """People's ratings of replies. A rating is its own aggregate in its own log: rating a reply
    never waits on the chat's writers, and the chats context only answers whose reply it is."""

    def __init__(self, env: Mapping[str, str], on_commit: CommitListener, *, replies: Replies,
                 sealing: EventSealing | None = None, preset_creator: CreatorOf = no_presets) -> None:
        """``preset_creator``: who made the model preset of an id (the models context knows)."""
        super().__init__(env, on_commit, sealing)
        self._replies = replies
        self._preset_creator = preset_creator

    def rate_reply(self, command: RateReply) -> LogPosition | None:
        feedback = Feedback.rate(feedback_id=command.feedback_id, rater_id=command.rater_id, kind=command.kind,
                                 data=command.data, meta=command.meta, creator_of=self._preset_creator)
        self._replies.check_reply(feedback.chat_id, feedback.message_id, command.rater_id)
        return self.commit(feedback)

    def rerate_reply(self, command: RerateReply) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            feedback = self.visible(command.feedback_id, command.actor_id, command.is_admin)
            feedback.rerate(actor_id=command.actor_id, data=command.data, meta=command.meta,
                            creator_of=self._preset_creator)
            self._replies.check_reply(feedback.chat_id, feedback.message_id, feedback.rater_id)
            return self.commit(feedback)

        return self.retrying(attempt, turn=command.feedback_id)

    def delete_feedback(self, command: DeleteFeedback) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            feedback = self.visible(command.feedback_id, command.actor_id, command.is_admin)
            feedback.delete(actor_id=command.actor_id)
            return self.commit(feedback)

        return self.retrying(attempt, turn=command.feedback_id)

    def delete_feedbacks(self, command: DeleteFeedbacks) -> LogPosition | None:
        """One commit for them all; those already gone, or not the rater's, are left alone."""
        def attempt() -> LogPosition | None:
            chosen = [f for f in map(self.find, command.feedback_ids) if isinstance(f, Feedback) and not f.deleted
                      and command.rater_id in (None, f.rater_id)]
            for feedback in chosen:
                feedback.delete(actor_id=command.actor_id)
            return self.commit(*chosen)

        return self.retrying(attempt)

    def visible(self, feedback_id: UUID, user_id: str, is_admin: bool) -> Feedback:
        feedback = self.find(feedback_id)
        if not isinstance(feedback, Feedback):
            raise FeedbackNotFoundError(feedback_id)
        feedback.check_visible(user_id, is_admin)
        return feedback
