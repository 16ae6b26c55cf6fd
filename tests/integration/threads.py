"""Real concurrency for integration tests: several threads released at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable

THREADS = 6


def all_at_once(work: Callable[[int], object], threads: int = THREADS) -> list[BaseException]:
    """Run ``work(n)`` for n in range(threads), each in its own thread, all released together;
    return what they raised."""
    start, failures = threading.Barrier(threads), []

    def run(n: int) -> None:
        start.wait()
        try:
            work(n)
        except BaseException as failure:  # noqa: BLE001 - the test reports it
            failures.append(failure)

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return failures
