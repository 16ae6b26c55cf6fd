"""The body limit holds before any parsing: an oversized request is a 413, however it is sent."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.people import PASSWORD, unique_email
from tests.e2e.server import AnnalsProcess

LIMIT = 1000


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    data_dir = tmp_path_factory.mktemp("small-bodies")
    process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), "ANNALS_MAX_BODY_BYTES": str(LIMIT)},
                            data_dir).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def token(small_server: AnnalsProcess) -> str:
    response = httpx.post(f"{small_server.base_url}/api/v1/auths/signup",
                          json={"name": "N", "email": unique_email("small"), "password": PASSWORD})
    response.raise_for_status()
    return response.json()["token"]


def _chat_of(size: int) -> bytes:
    padding = "x" * (size - len(b'{"chat": {"title": ""}}'))
    return f'{{"chat": {{"title": "{padding}"}}}}'.encode()


def _post(server: AnnalsProcess, token: str, content: bytes | Iterator[bytes]) -> httpx.Response:
    return httpx.post(f"{server.base_url}/api/v1/chats/new", content=content, timeout=10,
                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def test_a_body_within_the_limit_is_accepted(small_server: AnnalsProcess, token: str) -> None:
    assert _post(small_server, token, _chat_of(LIMIT)).status_code == 200


def test_a_body_over_the_limit_is_refused(small_server: AnnalsProcess, token: str) -> None:
    response = _post(small_server, token, _chat_of(LIMIT + 1))
    assert response.status_code == 413
    assert response.json()["detail"]


def test_a_much_larger_body_is_refused_just_the_same(small_server: AnnalsProcess, token: str) -> None:
    assert _post(small_server, token, _chat_of(5_000_000)).status_code == 413


def test_a_chunked_body_over_the_limit_is_refused(small_server: AnnalsProcess, token: str) -> None:
    body = _chat_of(10 * LIMIT)
    chunks = iter([body[i:i + 100] for i in range(0, len(body), 100)])  # no Content-Length
    response = _post(small_server, token, chunks)
    assert response.status_code == 413
    assert response.json()["detail"]


def test_an_oversized_sign_in_is_refused_before_any_work(small_server: AnnalsProcess) -> None:
    response = httpx.post(f"{small_server.base_url}/api/v1/auths/signin", timeout=10,
                          json={"email": "x@example.com", "password": "p" * (2 * LIMIT)})
    assert response.status_code == 413
    assert response.json()["detail"]
