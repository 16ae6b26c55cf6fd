"""Percentiles, ratios, the printed table and the JSON file of a benchmark's figures."""

from __future__ import annotations

import json
import math
import os
import platform
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ops.bench.deployments import UNSEALED


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)

def summary_ms(seconds: Sequence[float]) -> dict[str, float | int]:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "median_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2), "min_ms": round(min(ms), 2) if ms else math.nan,
            "max_ms": round(max(ms), 2) if ms else math.nan}

def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 3) if denominator else math.nan

SEALING_COSTS_AT_MOST = 1.10
"""Issue 11: sealing may cost at most 10% on a chat turn and on create-chat throughput."""

def sealing_costs(measures: dict[str, float], *, higher_is_better: bool) -> dict[str, float]:
    """Per store measured both ways, what sealing costs: 1.08 means 8% (fewer requests per
    second, or longer turns) against the same code storing events unsealed."""
    costs = {}
    for unsealed, sealed in UNSEALED.items():
        if unsealed in measures and sealed in measures:
            better, worse = (unsealed, sealed) if higher_is_better else (sealed, unsealed)
            costs[sealed] = ratio(measures[better], measures[worse])
    return costs

def show_sealing_costs(costs: dict[str, float]) -> None:
    for store, cost in costs.items():
        verdict = "MET" if cost <= SEALING_COSTS_AT_MOST else "NOT MET"
        print(f"sealing costs {store} {cost:.3f}x its unsealed twin (<= {SEALING_COSTS_AT_MOST}: {verdict})")

def print_table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    rows_list = [list(row) for row in rows]
    cells = [[_cell(v) for v in row] for row in rows_list]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for raw, row in zip(rows_list, cells, strict=True):
        print("  ".join(v.rjust(w) if isinstance(r, int | float) else v.ljust(w)
                        for r, v, w in zip(raw, row, widths, strict=True)))
    sys.stdout.flush()

def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:,.2f}"
    return str(value)

def environment() -> dict[str, Any]:
    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "loadavg_at_start": os.getloadavg(), "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}

def write_json(path: str | None, result: dict[str, Any]) -> None:
    if path:
        Path(path).write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"\nwrote {path}")

