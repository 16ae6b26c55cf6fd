"""``annals``: serve the API, run the worker, rebuild the read models or the retrieval indexes,
verify the logs, show a resource as it was, forget a person, rewrap the keys, install the web app."""

from __future__ import annotations

import argparse
import os
import sys

from application.audit.point_in_time import KINDS
from infrastructure.environment import SettingsError
from infrastructure.settings import Settings
from interfaces.cli import audit, retention


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="annals", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP and websocket API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1)
    commands.add_parser("worker", help="run the arq worker (projectors, jobs)")
    commands.add_parser("rebuild", help="rebuild every read model from position 0 and compare")
    commands.add_parser("reindex", help="build the retrieval indexes anew from the views (another embedding "
                                        "model, or a lost index), then swap them in")
    commands.add_parser("verify", help="check every context's log against its hash chain")
    forget = commands.add_parser("forget", help="forget a person: account, keys and every copy of their texts")
    forget.add_argument("user_id")
    keys = commands.add_parser("keys", help="the key-encryption keys (ANNALS_KEY_FILE)")
    keys.add_argument("action", choices=["rewrap"], help="rewrap: wrap every key again by the file's first key")
    show = commands.add_parser("show", help="a resource as it is, or was --as-of a time or log position, in JSON")
    show.add_argument("kind", choices=sorted(KINDS))
    show.add_argument("id", nargs="?", default="",
                      help="the resource's id (a model's id; none for connections and permissions)")
    show.add_argument("--as-of", help="an ISO 8601 time (UTC if it names no zone) or a position of its context's log")
    commands.add_parser("spa", help="download (once) and extract the Open WebUI web app that serve serves")
    audit.add_commands(commands)
    retention.add_command(commands)
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
    if args.command == "reindex":
        from interfaces.cli.reindex import reindex

        return reindex(settings)
    if args.command == "verify":
        from interfaces.cli.verify import verify_all

        return verify_all(settings)
    if args.command == "forget":
        from interfaces.cli.forget import forget as forget_person

        return forget_person(settings, args.user_id)
    if args.command == "keys":
        from interfaces.cli.forget import rewrap_keys

        return rewrap_keys(settings)
    if args.command == "show":
        from interfaces.cli.show import show as show_resource

        return show_resource(settings, args.kind, args.id, args.as_of)
    if args.command == "retention":
        return retention.run(settings, args)
    if args.command in ("audit", "export-person"):
        return audit.run(settings, args)
    if args.command == "spa":
        from interfaces.cli.spa import install

        return install(settings)
    from interfaces.cli.rebuild import rebuild_all

    return rebuild_all(settings)


if __name__ == "__main__":
    sys.exit(main())
