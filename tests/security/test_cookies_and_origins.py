"""The session cookie is out of scripts' reach, and no foreign origin is let in by reflection."""

from __future__ import annotations

import httpx

from tests.e2e.people import Person, anonymous
from tests.e2e.server import AnnalsProcess

FOREIGN = "https://evil.example"


def _cookie_header(server: AnnalsProcess, member: Person) -> str:
    response = anonymous(server).post("/api/v1/auths/signin",
                                      json={"email": member.email, "password": member.password})
    return response.headers["set-cookie"].lower()


def test_the_session_cookie_is_http_only(server: AnnalsProcess, member: Person) -> None:
    assert "httponly" in _cookie_header(server, member)


def test_the_session_cookie_stays_on_this_site(server: AnnalsProcess, member: Person) -> None:
    assert "samesite=lax" in _cookie_header(server, member)


def test_a_foreign_origin_is_not_reflected(server: AnnalsProcess, member: Person) -> None:
    response = member.http.get("/api/v1/auths/", headers={"Origin": FOREIGN})
    assert response.headers.get("access-control-allow-origin") not in (FOREIGN, "*")


def test_a_foreign_preflight_is_not_granted(server: AnnalsProcess) -> None:
    response = httpx.options(f"{server.base_url}/api/v1/chats/new",
                             headers={"Origin": FOREIGN, "Access-Control-Request-Method": "POST"})
    assert response.headers.get("access-control-allow-origin") not in (FOREIGN, "*")
    assert response.headers.get("access-control-allow-credentials") != "true"
