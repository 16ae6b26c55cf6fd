"""``GET /metrics`` (admins): the projection runtime's state in Prometheus' text format, read from
the database on each scrape, so every replica tells the same. Faults count per view; lag is how
far a view or reaction is behind its context's log."""

from __future__ import annotations

from collections.abc import Iterator

from litestar import Response, get
from litestar.di import NamedDependency
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from application.context import BoundedContext
from interfaces.http.access import admins
from projections.runtime.runner import ProjectionRunner

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class RuntimeCollector(Collector):
    def __init__(self, runner: ProjectionRunner, contexts: dict[str, BoundedContext]) -> None:
        self._runner, self._contexts = runner, contexts

    def collect(self) -> Iterator[Metric]:
        runner, contexts = self._runner, self._contexts
        heads = {name: context.position for name, context in contexts.items()}
        log = GaugeMetricFamily("annals_log_position", "The last position of a context's log", labels=["context"])
        for name, head in heads.items():
            log.add_metric([name], head)
        lag = GaugeMetricFamily("annals_view_lag", "Events of its context's log a view or reaction has not applied",
                                labels=["view", "context"])
        for view, projector in runner.projectors.items():
            lag.add_metric([view, projector.context], heads[projector.context] - runner.position(view))
        for name, reaction in runner.reactions.items():
            context = reaction.reaction.context
            lag.add_metric([name, context], heads[context] - reaction.position())
        faults = GaugeMetricFamily("annals_projection_faults", "Events a view could not apply", labels=["view"])
        counted: dict[str, int] = {}
        for fault in runner.faults():
            counted[str(fault["view"])] = counted.get(str(fault["view"]), 0) + 1
        for view in [*runner.projectors, *runner.reactions]:
            faults.add_metric([view], counted.get(view, 0))
        yield from (log, lag, faults)


@get("/metrics", sync_to_thread=True, guards=[admins])
def metrics(runner: NamedDependency[ProjectionRunner],
            contexts: NamedDependency[dict[str, BoundedContext]]) -> Response[bytes]:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(RuntimeCollector(runner, contexts))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE)


ROUTES = [metrics]
