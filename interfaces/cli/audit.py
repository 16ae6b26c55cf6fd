"""``annals audit export``, ``annals audit verify-export`` and ``annals export-person``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from infrastructure.settings import Settings

VERIFY_WITH_OPENSSL = "openssl pkeyutl -verify -pubin -inkey KEY.pem -rawin -in {data} -sigfile {signature}"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = commands.add_parser("audit", help="export the audit trail, signed; check an export's signature")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    export = audit_commands.add_parser("export", help="write the audit trail's entries and their signature")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("--out", type=Path, help="the file to write (its signature goes to FILE.sig)")
    for name in ("person", "resource", "type", "context"):
        export.add_argument(f"--{name}")
    export.add_argument("--since", type=float, help="seconds since 1970")
    export.add_argument("--until", type=float, help="seconds since 1970")
    check = audit_commands.add_parser("verify-export", help="check an export against its detached signature")
    check.add_argument("file", type=Path)
    check.add_argument("signature", type=Path)
    check.add_argument("--key", type=Path, help="the public key (PEM) from /api/v1/audit/checkpoints/key; "
                                                "default: this installation's own audit key")
    person = commands.add_parser("export-person", help="one archive of everything about a person")
    person.add_argument("user_id")
    person.add_argument("--out", type=Path, required=True)


def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.command == "export-person":
        from interfaces.cli.person_export import export_person_to

        return export_person_to(settings, args.user_id, args.out)
    if args.audit_command == "verify-export":
        return verify_export(settings, args.file, args.signature, args.key)
    return export_audit(settings, args)


def export_audit(settings: Settings, args: argparse.Namespace) -> int:
    from application.audit.exports import export_trail
    from application.audit.trail import BadTrailQueryError, TrailFilter, checked_context
    from infrastructure.bootstrap import build_container
    from infrastructure.logging import configure_logging
    from projections.event_catalog.trail import trail_caught_up

    configure_logging(settings)
    container = build_container(settings, "cli")
    try:
        query = checked_context(TrailFilter(person=args.person, resource=args.resource, type=args.type,
                                            context=args.context, since=args.since, until=args.until),
                                container.trail.context_names)
        exported = export_trail(container.trail, container.contexts, container.audit_key, query, args.format,
                                caught_up=trail_caught_up(container.runner))
    except BadTrailQueryError as error:
        print(f"annals audit export: {error}", file=sys.stderr)
        return 2
    finally:
        container.close()
    out = args.out or Path(f"audit-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.{args.format}")
    signature = out.with_name(out.name + ".sig")
    out.write_bytes(exported.data)
    signature.write_bytes(exported.signature)
    ends_on = ", ".join(f"{name} at {c.position}" for name, c in exported.checkpoints.items())
    print(f"{out}: {len(exported.data)} bytes, ending on the signed checkpoints of {ends_on or 'no log'}")
    print(f"{signature}: its Ed25519 signature; check it with `annals audit verify-export {out} {signature}`"
          f" or `{VERIFY_WITH_OPENSSL.format(data=out, signature=signature)}`")
    return 0


def verify_export(settings: Settings, data: Path, signature: Path, key: Path | None) -> int:
    from infrastructure.audit_keys import DEFAULT_NAME, load, valid_under

    message, signed = data.read_bytes(), signature.read_bytes()
    if key is not None:
        holds = valid_under(key.read_bytes(), message, signed)
    else:
        holds = load(settings.audit_key_file or Path(settings.data_dir) / DEFAULT_NAME).valid(message, signed)
    print(f"{data}: {'signature holds' if holds else 'SIGNATURE DOES NOT HOLD (changed, or signed by another key)'}")
    return 0 if holds else 1
