"""Fetching the picture an identity provider points at: kept as a ``data:`` URL only when it is a
raster picture within the size limit, from an address the guard allows; otherwise None."""

from __future__ import annotations

import base64
import socket
import time
from collections.abc import Iterator

import pytest

from infrastructure.outbound import UpstreamAddressPolicy
from infrastructure.profile_pictures import GuardedProfilePictures, data_url
from tests.picture_server import PAGE, PNG, picture_server
from tests.services import free_port

LOOPBACK_ALLOWED = GuardedProfilePictures(UpstreamAddressPolicy(("127.0.0.0/8",), ()))


@pytest.fixture(scope="module")
def pictures() -> Iterator[str]:
    with picture_server() as url:
        yield url


def test_a_picture_is_kept_as_a_data_url(pictures: str):
    assert LOOPBACK_ALLOWED.fetch(f"{pictures}/photo.png") == data_url("image/png", PNG)


@pytest.mark.parametrize("path", ["/huge.png", "/page.html", "/liar.png", "/missing.png"])
def test_what_is_too_large_not_a_picture_or_not_there_is_not_kept(pictures: str, path: str):
    assert LOOPBACK_ALLOWED.fetch(f"{pictures}{path}") is None


def test_a_picture_at_a_private_address_is_not_fetched_unless_its_network_is_allowed(pictures: str):
    assert GuardedProfilePictures(UpstreamAddressPolicy((), ())).fetch(f"{pictures}/photo.png") is None


def test_an_address_nobody_answers_at_is_not_kept():
    assert LOOPBACK_ALLOWED.fetch(f"http://127.0.0.1:{free_port()}/photo.png") is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.png", "not a url", "http://[::1"])
def test_an_address_that_is_not_http_is_not_fetched(url: str):
    assert LOOPBACK_ALLOWED.fetch(url) is None


def test_a_picture_the_claim_carries_itself_is_held_to_the_same_rules():
    inline = data_url("image/png", PNG)
    assert LOOPBACK_ALLOWED.fetch(inline) == inline
    assert LOOPBACK_ALLOWED.fetch(f"data:image/svg+xml;base64,{base64.b64encode(PAGE).decode()}") is None
    assert LOOPBACK_ALLOWED.fetch(f"data:image/png;base64,{base64.b64encode(PAGE).decode()}") is None
    assert LOOPBACK_ALLOWED.fetch("data:image/png;base64,@@@") is None


def test_a_server_that_never_answers_is_given_up_on_in_time():
    with socket.create_server(("127.0.0.1", 0)) as silent:
        slow = GuardedProfilePictures(UpstreamAddressPolicy(("127.0.0.0/8",), ()), seconds=0.5)
        started = time.monotonic()
        assert slow.fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/photo.png") is None
    assert time.monotonic() - started < 3


def test_a_refused_address_is_not_logged(pictures: str, capsys: pytest.CaptureFixture[str]):
    """Its owner typed it, and a log line outlives their forgetting."""
    capsys.readouterr()
    assert GuardedProfilePictures(UpstreamAddressPolicy((), ())).fetch(f"{pictures}/zqx-typed.png") is None
    logged = capsys.readouterr()
    assert "profile_picture.refused" in logged.out + logged.err
    assert "zqx-typed" not in logged.out + logged.err and "127.0.0.1" not in logged.out + logged.err
