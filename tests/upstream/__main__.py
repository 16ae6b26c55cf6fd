"""``python -m tests.upstream --port P [--model ID ...] [--key K] [--models-delay S]``"""

from __future__ import annotations

import argparse

import uvicorn

from tests.upstream.server import FakeUpstream

DEFAULT_MODELS = ["echo", "echo@delay=0.01", "echo@ttft=30", "echo@fail=500", "echo@break=2"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.upstream", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model", action="append", dest="models",
                        help="a model to list (repeatable); its name may carry behaviour: echo@delay=0.01")
    parser.add_argument("--key", help="require this bearer key")
    parser.add_argument("--models-delay", type=float, default=0.0, help="seconds before listing models")
    args = parser.parse_args()
    app = FakeUpstream(models=args.models or DEFAULT_MODELS, key=args.key, models_delay=args.models_delay)
    # Stopped only when a test is done with it: a reply still held back (--models-delay) is dropped
    # after a second instead of being waited for.
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", lifespan="on", timeout_graceful_shutdown=1)


if __name__ == "__main__":
    main()
