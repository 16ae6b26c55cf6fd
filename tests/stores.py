"""The stores tests run on: both by default; ``ANNALS_TEST_STORES=embedded`` for the fast loop
(``make check``), where Postgres is not needed."""

from __future__ import annotations

import os

STORES = os.environ.get("ANNALS_TEST_STORES", "embedded,postgres").split(",")
