from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.evaluations.errors import FeedbackNotFoundError, ForeignFeedbackError, UnnamedReplyError
from domain.privacy.presets import RATING, CreatorOf, Naming, named_presets, no_presets

Json = dict[str, Any]


class Feedback(Aggregate):
    """A person's rating of one reply in one of their chats, as Open WebUI's app sends it: ``data``
    (the rating, the model rated and the models it was compared with, a reason, a comment, tags)
    and ``meta`` (which chat and message, arena or not). The chat itself is not copied: the log has it.

    The rater is the event's ``owner_id``, so the event catalog files the rating under them.
    ``chat_id`` and ``message_id`` are kept because every change must still name a reply of the
    rater's (the application checks that it is one). The models of ``data`` that are someone else's
    presets are named apart, under their creator's key (``domain.privacy.presets``)."""

    @classmethod
    def rate(cls, *, feedback_id: UUID, rater_id: str, kind: str, data: Json, meta: Json,
             creator_of: CreatorOf = no_presets) -> Feedback:
        _check_names_a_reply(meta)
        data, namings = named_presets(data, creator_of, rater_id, RATING)
        feedback = cls(id=feedback_id, owner_id=rater_id, kind=kind, data=data, meta=meta)
        feedback._name_presets(namings)
        return feedback

    class Rated(Aggregate.Created):
        owner_id: str
        kind: str
        data: Json
        meta: Json

    @event(Rated)
    def __init__(self, *, id: UUID, owner_id: str, kind: str, data: Json, meta: Json) -> None:
        self.rater_id = owner_id
        self.chat_id, self.message_id = meta["chat_id"], meta["message_id"]
        self.deleted = False

    def rerate(self, *, actor_id: str, data: Json | None, meta: Json | None,
               creator_of: CreatorOf = no_presets) -> None:
        """Open WebUI's update: whichever of ``data`` and ``meta`` is given replaces the one kept."""
        if meta is not None:
            _check_names_a_reply(meta)
        namings: dict[str, Naming] = {}
        if data is not None:
            data, namings = named_presets(data, creator_of, self.rater_id, RATING)
        self._rerate(actor_id=actor_id, data=data, meta=meta)
        self._name_presets(namings)

    def _name_presets(self, namings: dict[str, Naming]) -> None:
        for person, naming in namings.items():
            self._preset_named(quoted_user_id=person, fields=naming.fields, places=naming.places,
                               models=naming.models)

    class PresetsNamed(Aggregate.Event):
        """What the rating's ``data`` names of ``quoted_user_id``'s model presets, under their key."""
        quoted_user_id: str
        fields: dict[str, str]
        places: list[int]
        models: list[str]

    @event(PresetsNamed)
    def _preset_named(self, *, quoted_user_id: str, fields: dict[str, str], places: list[int],
                      models: list[str]) -> None:
        pass

    class Rerated(Aggregate.Event):
        actor_id: str
        data: Json | None
        meta: Json | None

    @event(Rerated)
    def _rerate(self, *, actor_id: str, data: Json | None, meta: Json | None) -> None:
        if meta is not None:
            self.chat_id, self.message_id = meta["chat_id"], meta["message_id"]

    def delete(self, *, actor_id: str) -> None:
        if self.deleted:
            raise FeedbackNotFoundError(self.id)
        self._delete(actor_id=actor_id)

    class Deleted(Aggregate.Event):
        actor_id: str

    @event(Deleted)
    def _delete(self, *, actor_id: str) -> None:
        self.deleted = True

    def check_visible(self, user_id: str, is_admin: bool) -> None:
        """Its rater may read, change and delete it, and admins (as in Open WebUI); to anyone else it does not exist."""
        if self.deleted:
            raise FeedbackNotFoundError(self.id)
        if user_id != self.rater_id and not is_admin:
            raise ForeignFeedbackError(self.id, user_id)


def _check_names_a_reply(meta: Json) -> None:
    if not isinstance(meta.get("chat_id"), str) or not isinstance(meta.get("message_id"), str):
        raise UnnamedReplyError()
