"""Every benchmark's command line: its options, its time budget and its entry point."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from typing import Any

from ops.bench.deployments import TARGETS, stop_on_sigterm
from ops.bench.reporting import write_json


def arguments(description: str | None, argv: Sequence[str] | None = None,
              extra: Any = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", help="write the figures as JSON to this path")
    parser.add_argument("--targets", default=",".join(TARGETS),
                        help=f"comma-separated subset of {', '.join(TARGETS)}")
    parser.add_argument("--keep", action="store_true", help="keep the data directories and logs")
    if extra:
        extra(parser)
    args = parser.parse_args(argv)
    args.targets = [t for t in args.targets.split(",") if t]
    unknown = set(args.targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    return args

class Budget:
    """A benchmark's time limit: loops stop early, and say so, instead of running on."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def expired(self) -> bool:
        return time.monotonic() > self.deadline

    def left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

def bench_main(doc: str | None, run: Callable[[argparse.Namespace], dict[str, Any]],
               show: Callable[[dict[str, Any]], None], argv: Sequence[str] | None = None,
               extra: Callable[[argparse.ArgumentParser], object] | None = None) -> int:
    """Every benchmark's entry point: parse (``extra`` adds a benchmark's own options), run, print,
    write the JSON."""
    stop_on_sigterm()
    args = arguments((doc or "").splitlines()[0], argv, extra)
    result = run(args)
    show(result)
    write_json(args.out, result)
    return 0
