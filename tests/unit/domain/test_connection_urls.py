"""A connection's URL is checked when it is saved: one Annals could never call is refused, with why."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from domain.models.errors import InvalidConnectionError
from domain.models.urls import checked_url


@pytest.mark.parametrize(("url", "reason"), [
    ("http://[::1/v1", "cannot be read"),
    ("http://[::1]x/v1", "between its IPv6 address and its port"),
    ("http://host:99999/v1", "cannot be read"),
    ("http://host:-1/v1", "cannot be read"),
    ("http://a b/v1", "spaces or control characters"),
    ("http://h\x00/v1", "spaces or control characters"),
    ("http:///v1", "names no server"),
    ("http://:80/v1", "names no server"),
    ("http://1.2.3.999/v1", "not an IP address"),
    ("http://a..b/v1", "not a server's name"),
    ("http://a%20b/v1", "not a server's name"),
    ("http://xn--/v1", "not a server's name"),
    ("ftp://host/v1", "http:// or https://"),
    ("http://" + "a" * 2048, "longer than 2048"),
])
def test_a_url_that_cannot_be_called_is_refused_with_its_reason(url: str, reason: str):
    with pytest.raises(InvalidConnectionError, match=reason):
        checked_url(url)


@pytest.mark.parametrize("url", ["http://[::1]:11434", "https://api.openai.com/v1/", "http://ollama:11434",
                                 "http://10.0.0.7/v1", "http://ä.example/v1", "http://model_server.local./v1",
                                 "http://user:secret@host:8080/v1", "http://[::ffff:1.2.3.4]/v1"])
def test_a_url_that_can_be_called_is_kept_without_its_trailing_slash(url: str):
    assert checked_url(url) == url.rstrip("/")


URL_TEXT = st.text(st.sampled_from("ab1.-_:/[]@%?#ä \x00"), max_size=24).map(lambda rest: f"http://{rest}")


@settings(max_examples=500, derandomize=True, deadline=None)
@given(URL_TEXT)
@example("http://[::1/v1")
def test_every_url_kept_is_one_the_http_client_can_build_a_request_for(url: str):
    try:
        kept = checked_url(url)
    except InvalidConnectionError:
        return
    request = httpx.Request("GET", f"{kept}/models")
    assert request.url.host
