"""``annals``: serve the API, run the worker, rebuild the read models, verify the logs, install the
web app."""

from __future__ import annotations

import argparse
import os
import sys

from infrastructure.settings import Settings, SettingsError
from interfaces.cli import audit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="annals", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP and websocket API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1)
    commands.add_parser("worker", help="run the arq worker (projectors, jobs)")
    commands.add_parser("rebuild", help="rebuild every read model from position 0 and compare")
    commands.add_parser("verify", help="check every context's log against its hash chain")
    commands.add_parser("spa", help="download (once) and extract the Open WebUI web app that serve serves")
    audit.add_commands(commands)
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_environ(os.environ)
    except SettingsError as error:
        print(f"annals: {error}", file=sys.stderr)
        return 2
    if args.command == "serve":
        from interfaces.cli.serve import serve as run_server

        return run_server(settings, args.host, args.port, args.workers)
    if args.command == "worker":
        from interfaces.cli.worker import run_worker

        return run_worker(settings)
    if args.command == "verify":
        from interfaces.cli.verify import verify_all

        return verify_all(settings)
    if args.command in ("audit", "export-person"):
        return audit.run(settings, args)
    if args.command == "spa":
        from interfaces.cli.spa import install

        return install(settings)
    from interfaces.cli.rebuild import rebuild_all

    return rebuild_all(settings)


if __name__ == "__main__":
    sys.exit(main())
