"""A person's usage statistics (Settings, Usage), counted from the chats log by the usage view."""

from __future__ import annotations

import time
from typing import Any

from litestar import get
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import Parameter

from interfaces.http.access import members
from interfaces.http.auth import SessionUser
from interfaces.http.bounds import UNIX_TIME, within
from projections.runtime.settling import reads
from projections.usage.projector import UsageLedger
from projections.usage.queries import UsageQueries
from projections.usage.report import Period, usage_report


@get("/api/v1/users/usage", sync_to_thread=True, guards=[members], opt=reads(UsageLedger, as_of_request=True))
def own_usage(user: NamedDependency[SessionUser], usage: NamedDependency[UsageQueries],
              days: int | None = Parameter(default=None, **within(7, 732)),
              start_date: int | None = Parameter(default=None, **UNIX_TIME),
              end_date: int | None = Parameter(default=None, **UNIX_TIME)) -> dict[str, Any]:
    """Over the period asked: ``start_date`` to ``end_date`` (now), or the ``days`` (730) up to it.
    Every message recorded so far is counted, the caller's last reply included."""
    now = time.time()
    period = Period.asked(int(now), days, start_date, end_date)
    if period.start > period.end:
        raise ClientException("start_date must be before end_date")
    return usage_report(usage, user.id, user.record.get("timezone"), period, now)


ROUTES = [own_usage]
