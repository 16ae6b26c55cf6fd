class EvaluationError(Exception):
    """A command on a rating was refused."""


class FeedbackNotFoundError(EvaluationError):
    def __init__(self, feedback_id: object) -> None:
        super().__init__(f"feedback {feedback_id} not found")
        self.feedback_id = feedback_id


class ForeignFeedbackError(FeedbackNotFoundError):
    """The rating exists, but is someone else's: to a member it is answered as not found, and the
    attempt is recorded as a refusal."""

    def __init__(self, feedback_id: object, actor_id: str) -> None:
        super().__init__(feedback_id)
        self.actor_id = actor_id


class UnnamedReplyError(EvaluationError):
    """A rating is of one reply in one of its rater's chats, so it must say which."""

    def __init__(self) -> None:
        super().__init__("A rating must name the chat (meta.chat_id) and the reply (meta.message_id) it rates.")
