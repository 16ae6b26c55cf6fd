"""Security tests run against the same real servers as the end-to-end tests, plus a few started
with settings of their own (a signing secret we know, a small body limit)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import admin, member, server  # noqa: F401 - fixtures shared with tests/e2e
from tests.e2e.server import AnnalsProcess

EMBEDDED_SECRET = "a-secret-the-token-tests-know"


@pytest.fixture(scope="module")
def keyed_server(server: AnnalsProcess,  # noqa: F811
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AnnalsProcess, str]]:
    """A server and the secret it signs tokens with: the Postgres one is configured with a known
    secret; in embedded mode the secret is generated, so a second server is started with ours."""
    if secret := server.env.get("WEBUI_SECRET_KEY"):
        yield server, secret
        return
    data_dir = tmp_path_factory.mktemp("keyed")
    process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), "WEBUI_SECRET_KEY": EMBEDDED_SECRET},
                            data_dir).start()
    yield process, EMBEDDED_SECRET
    process.stop()
