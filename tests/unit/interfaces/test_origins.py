"""Whose pages may act with a person's cookie: ours (as the Host header names us), and the
origins CORS_ALLOW_ORIGIN lists; nothing else, however it is spelt."""

from __future__ import annotations

import pytest

from interfaces.http.origins import Origins

HOST = "chat.example.com"


@pytest.mark.parametrize("origin", ["https://chat.example.com", "https://Chat.Example.com",
                                    "https://chat.example.com:443", "http://chat.example.com"])
def test_our_own_host_is_admitted_whatever_the_spelling(origin: str) -> None:
    assert Origins(()).admits(origin, HOST)


def test_our_host_on_another_port_is_another_origin() -> None:
    assert not Origins(()).admits("https://chat.example.com:8443", HOST)


def test_a_host_header_with_a_port_is_matched_with_it() -> None:
    assert Origins(()).admits("http://127.0.0.1:8080", "127.0.0.1:8080")
    assert not Origins(()).admits("http://127.0.0.1:9090", "127.0.0.1:8080")


def test_an_ipv6_host_is_matched() -> None:
    assert Origins(()).admits("http://[::1]:8080", "[::1]:8080")


@pytest.mark.parametrize("origin", ["https://evil.example", "https://chat.example.com.evil.example",
                                    "null", "", "chat.example.com", "file:///etc/passwd", "https://:443"])
def test_anything_else_is_refused(origin: str) -> None:
    assert not Origins(()).admits(origin, HOST)


def test_a_listed_origin_is_admitted_from_any_host() -> None:
    origins = Origins(("https://app.example.org", "http://localhost:5173/"))
    assert origins.admits("https://app.example.org", "annals:8080")
    assert origins.admits("http://localhost:5173", "annals:8080")
    assert not origins.admits("http://localhost:5174", "annals:8080")


def test_a_referer_counts_by_its_origin() -> None:
    assert Origins(()).admits("https://chat.example.com/c/123?x=1", HOST)


def test_without_a_host_only_listed_origins_count() -> None:
    assert not Origins(()).admits("https://chat.example.com", None)
