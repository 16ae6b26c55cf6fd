"""Runs every benchmark, one after another, each in its own process (so a failure stops only that
one and its servers), and gathers their JSON into one file."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ops.bench import deployments, harness, reporting

BENCHMARKS = ("chat_update", "create_chat", "open_chat", "rebuild", "ttft", "turns", "streams", "verify", "tamper",
              "forget", "sealing")
TIMEOUT_SECONDS = 1200


def _run(name: str, out: Path, targets: list[str], keep: bool) -> int:
    command = [sys.executable, "-m", f"ops.bench.{name}", "--out", str(out), "--targets", ",".join(targets),
               *(["--keep"] if keep else [])]
    print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
    started = time.monotonic()
    process = subprocess.Popen(command)
    try:
        code = process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.terminate()  # its SIGTERM handler stops the servers it started
        code = process.wait(timeout=60)
    print(f"=== {name}: exit {code} after {time.monotonic() - started:.0f} s", flush=True)
    return code


def main(argv: list[str] | None = None) -> int:
    deployments.stop_on_sigterm()
    args = harness.arguments(__doc__.splitlines()[0], argv)
    results, codes = {}, {}
    with tempfile.TemporaryDirectory(prefix="annals-bench-out-") as scratch:
        for name in BENCHMARKS:
            out = Path(scratch) / f"{name}.json"
            codes[name] = _run(name, out, args.targets, args.keep)
            results[name] = json.loads(out.read_text()) if out.exists() else {"error": f"exit {codes[name]}"}
    reporting.write_json(args.out, {"exit_codes": codes, **results})
    return 1 if any(codes.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
