"""``annals verify``: each context's log checked against its hash chain."""

from __future__ import annotations

import time

from application.audit.verification import recording, verify_log
from infrastructure.bootstrap import build_container
from infrastructure.logging import configure_logging
from infrastructure.settings import Settings


def verify_all(settings: Settings) -> int:
    """Prints a line per context; exit status 1 if any log disagrees with its chain (the first
    position where it does is printed). Each result is recorded in the audit log, as the API's are."""
    configure_logging(settings)
    container = build_container(settings, "cli")
    broken = 0
    try:
        for name, context in container.contexts.items():
            started = time.perf_counter()
            verdict = verify_log(name, context, container.audit_key)
            seconds = time.perf_counter() - started
            rate = verdict.events / seconds if seconds else 0.0
            state = ("intact" if verdict.intact
                     else f"TAMPERED at position {verdict.first_disagreement}: {verdict.reason}")
            print(f"{name}: {verdict.events} events in {seconds:.2f}s ({rate:,.0f}/s), {state}")
            container.audit.record_verification(recording(verdict, None))
            broken += not verdict.intact
    finally:
        container.close()
    return 1 if broken else 0
