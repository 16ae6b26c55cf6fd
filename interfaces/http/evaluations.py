"""/api/v1/evaluations: rating replies (thumbs up or down, with a reason, a comment and tags, as
Open WebUI 0.12.4's app sends them), the admin's Evaluations page (the feedback list, its export,
and the leaderboard) and a model's win/loss history.

A rating is of a reply in one of its rater's own chats: any other chat or message is answered 404
(someone else's chat recorded as a refusal). Its rater may read, change and delete it, and admins
(as in Open WebUI); to other members it does not exist. Members rate only with
``USER_PERMISSIONS_CHAT_RATE_RESPONSE`` (Open WebUI's default: on).

The app sends a copy of the whole chat with every rating (``snapshot``); it is not kept, since the
log has the chat. A rating read one at a time carries the rated reply's branch, as the chats view
holds it now, in its snapshot; lists and the export carry none.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from datetime import date, timedelta
from typing import Annotated, Any, Literal

import anyio
import msgspec
from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter

from application.audit.past_reads import PastReads
from application.evaluations.commands import DeleteFeedback, DeleteFeedbacks, RateReply, RerateReply
from application.evaluations.service import Evaluations
from domain.evaluations.elo import leaderboard as ranked
from domain.evaluations.errors import FeedbackNotFoundError, ForeignFeedbackError
from interfaces.http.access import admins, members
from interfaces.http.as_of import AS_OF, as_it_was, owner_or_admin
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import DAYS, PAGE
from interfaces.http.errors import NOT_FOUND
from interfaces.http.ids import existing_id
from interfaces.http.permissions import require
from projections.chats.queries import ChatQueries
from projections.evaluations.projector import FeedbackViews
from projections.evaluations.queries import FeedbackOrder, FeedbackQueries
from projections.runtime.settling import reads

PAGE_SIZE = 30  # Open WebUI's page of ratings
Json = dict[str, Any]


class FeedbackForm(msgspec.Struct, forbid_unknown_fields=True):
    """What the app sends; ``snapshot`` (its copy of the chat) is read and let go."""

    type: str
    data: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None
    snapshot: Any = None


class RatingFields(msgspec.Struct):
    """The fields of ``data`` Open WebUI types; others (details, tags...) are kept as sent."""

    rating: int | str | None = None
    model_id: str | None = None
    sibling_model_ids: list[str] | None = None
    reason: str | None = None
    comment: str | None = None


class MetaFields(msgspec.Struct):
    arena: bool | None = None
    chat_id: str | None = None
    message_id: str | None = None
    tags: list[str] | None = None


def _data(data: Json | None) -> Json | None:
    """As Open WebUI keeps it: its typed fields always present (null if not given), then the rest."""
    return None if data is None else {**data, **msgspec.structs.asdict(_checked(data, RatingFields))}


def _meta(meta: Json | None) -> Json | None:
    if meta is not None:
        _checked(meta, MetaFields)
    return meta


def _checked(value: Json, kind: type[msgspec.Struct]) -> Any:
    try:
        return msgspec.convert(value, kind)
    except msgspec.ValidationError as why:
        raise ValidationException(f"Invalid feedback: {why}") from None


# -- a person's ratings -----------------------------------------------------------------------------

@post("/api/v1/evaluations/feedback", sync_to_thread=True, status_code=200, guards=[members], opt=reads(FeedbackViews))
def rate(data: JSONBody[FeedbackForm], user: NamedDependency[SessionUser], evaluations: NamedDependency[Evaluations],
         feedback_views: NamedDependency[FeedbackQueries]) -> Json:
    require(user, "chat.rate_response")
    command = RateReply(feedback_id=uuid.uuid4(), rater_id=user.id, kind=data.type, data=_data(data.data) or {},
                        meta=_meta(data.meta) or {})
    evaluations.rate_reply(command)
    return _stored(feedback_views, str(command.feedback_id))


@get("/api/v1/evaluations/feedback/{feedback_id:str}", guards=[members])
async def feedback(feedback_id: FromPath[str], request: Request[Any, Any, Any], user: NamedDependency[SessionUser],
                   past_reads: NamedDependency[PastReads],
                   chat_views: NamedDependency[ChatQueries], evaluations: NamedDependency[Evaluations],
                   feedback_views: NamedDependency[FeedbackQueries], as_of: str | None = AS_OF) -> Json:
    # async, with its work in a thread: Litestar 2 wraps a sync GET handler twice when a POST and
    # a DELETE share its path, and answers the unawaited coroutine
    if as_of is not None:
        access = owner_or_admin(lambda rating: rating.rater_id, ForeignFeedbackError)
        return await anyio.to_thread.run_sync(
            as_it_was, request, past_reads, user, "feedback", feedback_id, as_of, access)
    return await anyio.to_thread.run_sync(_feedback, feedback_id, user, chat_views, evaluations, feedback_views)


def _feedback(feedback_id: str, user: SessionUser, chat_views: ChatQueries, evaluations: Evaluations,
              feedback_views: FeedbackQueries) -> Json:
    evaluations.visible(existing_id(feedback_id), user.id, user.is_admin)
    found = _stored(feedback_views, feedback_id)
    return {**found, "snapshot": {"chat": _branch(chat_views, found["meta"])}}


@post("/api/v1/evaluations/feedback/{feedback_id:str}", sync_to_thread=True, status_code=200, guards=[members],
      opt=reads(FeedbackViews))
def rerate(feedback_id: FromPath[str], data: JSONBody[FeedbackForm], user: NamedDependency[SessionUser],
           evaluations: NamedDependency[Evaluations], feedback_views: NamedDependency[FeedbackQueries]) -> Json:
    require(user, "chat.rate_response")
    command = RerateReply(feedback_id=existing_id(feedback_id), actor_id=user.id, is_admin=user.is_admin,
                          data=_data(data.data) or None, meta=_meta(data.meta) or None)
    evaluations.rerate_reply(command)
    return _stored(feedback_views, feedback_id)


@delete("/api/v1/evaluations/feedback/{feedback_id:str}", sync_to_thread=True, status_code=200, guards=[members],
        opt=reads(FeedbackViews))
def delete_feedback(feedback_id: FromPath[str], user: NamedDependency[SessionUser],
                    evaluations: NamedDependency[Evaluations]) -> bool:
    evaluations.delete_feedback(DeleteFeedback(
        feedback_id=existing_id(feedback_id), actor_id=user.id, is_admin=user.is_admin))
    return True


@get("/api/v1/evaluations/feedbacks/user", sync_to_thread=True, guards=[members])
def own_feedbacks(user: NamedDependency[SessionUser], feedback_views: NamedDependency[FeedbackQueries],
                  page: int = Parameter(default=1, **PAGE)) -> Json:
    items, total = feedback_views.page(rater_id=user.id, model_id=None, order=FeedbackOrder("updated_at"),
                                       skip=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return {"items": items, "total": total}


@delete("/api/v1/evaluations/feedbacks", sync_to_thread=True, status_code=200, guards=[members],
        opt=reads(FeedbackViews, as_of_request=True))
def delete_own_feedbacks(user: NamedDependency[SessionUser], evaluations: NamedDependency[Evaluations],
                         feedback_views: NamedDependency[FeedbackQueries]) -> bool:
    return _delete_all(evaluations, feedback_views, user.id, rater_id=user.id)


# -- the admin's Evaluations page -------------------------------------------------------------------

@get("/api/v1/evaluations/feedbacks/list", sync_to_thread=True, guards=[admins])
def feedbacks(feedback_views: NamedDependency[FeedbackQueries], order_by: FromQuery[str | None] = None,
              direction: FromQuery[Literal["asc", "desc"] | None] = None, page: int = Parameter(default=1, **PAGE),
              model_id: FromQuery[str | None] = None) -> Json:
    items, total = feedback_views.page(rater_id=None, model_id=model_id,
                                       order=FeedbackOrder(order_by, direction == "asc"),
                                       skip=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return {"items": items, "total": total}


@get(["/api/v1/evaluations/feedbacks/all", "/api/v1/evaluations/feedbacks/all/export"], guards=[admins])
async def export(feedback_views: NamedDependency[FeedbackQueries],
                 model_id: FromQuery[str | None] = None) -> list[Json]:
    """Everyone's ratings (``/all`` is older Open WebUI's name); async like ``feedback``, as the
    handler has two paths."""
    rows = await anyio.to_thread.run_sync(feedback_views.all_feedbacks, model_id)
    return [{**row, "snapshot": None} for row in rows]


@get("/api/v1/evaluations/feedbacks/all/ids", sync_to_thread=True, guards=[admins])
def feedback_ids(feedback_views: NamedDependency[FeedbackQueries]) -> list[Json]:
    return feedback_views.ids()


@get("/api/v1/evaluations/feedbacks/models", sync_to_thread=True, guards=[admins])
def rated_models(feedback_views: NamedDependency[FeedbackQueries]) -> list[str]:
    return feedback_views.model_ids()


@delete("/api/v1/evaluations/feedbacks/all", sync_to_thread=True, status_code=200, guards=[admins],
        opt=reads(FeedbackViews, as_of_request=True))
def delete_all_feedbacks(user: NamedDependency[SessionUser], evaluations: NamedDependency[Evaluations],
                         feedback_views: NamedDependency[FeedbackQueries]) -> bool:
    return _delete_all(evaluations, feedback_views, user.id, rater_id=None)


@get("/api/v1/evaluations/leaderboard", sync_to_thread=True, guards=[admins])
def leaderboard(feedback_views: NamedDependency[FeedbackQueries],
                topic: Annotated[str | None, QueryParameter(name="query", max_length=1000)] = None) -> Json:
    """Open WebUI re-ranks by a ``query``'s (``topic``'s) likeness to each rating's tags with an embedding model;
    Annals has none, so the board is the same with or without one (as Open WebUI's own is when its
    embedding model cannot load)."""
    return {"entries": ranked(feedback_views.ratings())}


@get("/api/v1/evaluations/leaderboard/{asked:path}", sync_to_thread=True, guards=[admins])
def model_history(feedback_views: NamedDependency[FeedbackQueries], asked: FromPath[str],
                  days: int = Parameter(default=30, **DAYS)) -> Json:
    """``{model_id}/history``: the model's thumbs up (won) and down (lost) per day over the last
    ``days`` (0: since its first); a model's id may hold slashes."""
    model_id, _, part = asked.strip("/").rpartition("/")
    if not model_id or part != "history":
        raise NotFoundException(NOT_FOUND)
    return {"model_id": model_id, "history": daily_history(feedback_views, model_id, days)}


def daily_history(feedback_views: FeedbackQueries, model_id: str, days: int) -> list[Json]:
    """Open WebUI's: ratings of the last ``days`` times 24 hours, on each of the last ``days`` dates."""
    since = int(time.time()) - days * 86400 if days > 0 else None
    counted = feedback_views.daily_outcomes(model_id, since)
    today = date.today()
    if days > 0:
        first = today - timedelta(days=days - 1)
    elif counted:
        first = date.fromisoformat(min(counted))
    else:
        return []
    return [_day(first + timedelta(days=n), counted) for n in range((today - first).days + 1)]


def _day(day: date, counted: dict[str, Counter[str]]) -> Json:
    outcomes = counted.get(day.isoformat(), Counter())
    return {"date": day.isoformat(), "won": outcomes["won"], "lost": outcomes["lost"]}


# -- helpers ----------------------------------------------------------------------------------------

def _stored(feedback_views: FeedbackQueries, feedback_id: str) -> Json:
    found = feedback_views.get_feedback(feedback_id)
    if found is None:
        raise FeedbackNotFoundError(feedback_id)
    return found


def _delete_all(evaluations: Evaluations, feedback_views: FeedbackQueries, actor_id: str, *,
                rater_id: str | None) -> bool:
    ids = [uuid.UUID(row["id"]) for row in feedback_views.ids(rater_id)]
    position = evaluations.delete_feedbacks(DeleteFeedbacks(feedback_ids=ids, actor_id=actor_id, rater_id=rater_id))
    return position is not None


def _branch(chat_views: ChatQueries, meta: Json) -> Json:
    """The rated reply and the messages it follows, as the chats view holds them; an empty
    history if the chat or the reply is gone."""
    chat = chat_views.get_chat(str(meta.get("chat_id")))
    document = (chat or {}).get("chat") or {}
    messages = (document.get("history") or {}).get("messages") or {}
    kept, message_id = {}, meta.get("message_id")
    while isinstance(message_id, str) and message_id in messages and message_id not in kept:
        kept[message_id] = _decoded(messages[message_id])
        message_id = kept[message_id].get("parentId")
    branch = {**document, "messages": list(reversed(kept.values())),
              "history": {"messages": kept, "currentId": meta.get("message_id") if kept else None}}
    return {**(chat or {}), "chat": branch}


def _decoded(message: Any) -> Json:
    """The chats view hands messages over as the JSON bytes they are kept as."""
    return msgspec.json.decode(message) if isinstance(message, msgspec.Raw) else message


ROUTES = [rate, feedback, rerate, delete_feedback, own_feedbacks, delete_own_feedbacks, feedbacks, export,
          feedback_ids, rated_models, delete_all_feedbacks, leaderboard, model_history]
