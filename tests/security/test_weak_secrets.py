"""``annals serve`` in production will not start with a secret that could be guessed, and says why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_production_refuses_to_serve_with_a_short_secret(tmp_path: Path) -> None:
    env = {**os.environ, "ANNALS_ENV": "production", "ANNALS_DATA_DIR": str(tmp_path),
           "WEBUI_SECRET_KEY": "t0p-s3cr3t"}
    done = subprocess.run([sys.executable, "-m", "interfaces.cli.main", "serve", "--port", "9"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "WEBUI_SECRET_KEY is too weak for ANNALS_ENV=production" in done.stderr
