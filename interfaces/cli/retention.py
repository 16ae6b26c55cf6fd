"""``annals retention [--chat-days N] [--file-days N] [--audit-days N] [--apply]``: the retention
policy shown (and changed, by the operator), and with ``--apply`` a purge of what is due now, as
the sweep does it (``application/retention/purge.py``)."""

from __future__ import annotations

import argparse
import json
import sys

from infrastructure.settings import Settings

FLAGS = {"chats": "chat_days", "files": "file_days", "audit": "audit_days"}


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    retention = commands.add_parser("retention", help="show or set the retention policy; --apply purges what is due")
    for kind, flag in FLAGS.items():
        retention.add_argument(f"--{flag.replace('_', '-')}", type=int, help=f"days to keep {kind} (0: forever)")
    retention.add_argument("--apply", action="store_true", help="purge what is due now, and prove it")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from application.retention.commands import SetRetentionPolicy
    from domain.retention.errors import RetentionError
    from infrastructure.bootstrap import build_container
    from infrastructure.logging import configure_logging
    from interfaces.cli.forget import OPERATOR

    configure_logging(settings)
    container = build_container(settings, "cli")
    try:
        days = {kind: getattr(args, flag) for kind, flag in FLAGS.items() if getattr(args, flag) is not None}
        if days:
            container.retention.set_policy(SetRetentionPolicy(actor_id=str(OPERATOR), days=days))
        run = container.retention_purge.apply_due() if args.apply else None
        container.runner.catch_up_all()  # the erasures that follow the deletions run here
        policy = container.retention.current()
    except RetentionError as refused:
        print(f"annals: {refused}", file=sys.stderr)
        return 2
    finally:
        container.close()
    shown = {flag: policy.days[kind] if policy else 0 for kind, flag in FLAGS.items()}
    print(json.dumps({**shown, "revision": policy.revision if policy else 0, "applied_run": run}))
    return 0
