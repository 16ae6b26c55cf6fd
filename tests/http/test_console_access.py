"""The console at /console: admins only, with the web app's session; a sign-in page of its own."""

from __future__ import annotations

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.test_integrity import recorded


def test_an_admin_gets_the_console_with_the_web_apps_cookie(server: InProcessServer, admin: Person):
    with server.client(cookies={"token": admin.token}) as browser:
        page = browser.get("/console")
    assert page.status_code == 200
    assert "Live tail" in page.text and page.headers["content-type"].startswith("text/html")


def test_the_console_runs_no_script_but_its_own(server: InProcessServer, admin: Person):
    page = admin.http.get("/console")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_nobody_signed_in_is_sent_to_the_consoles_sign_in_page(server: InProcessServer):
    with people.anonymous(server) as browser:
        sent = browser.get("/console", params={"context": "chats"})
        page = browser.get(sent.headers["location"])
    assert sent.status_code in (302, 303)
    assert sent.headers["location"] == "/console/signin?next=/console%3Fcontext%3Dchats"
    assert page.status_code == 200 and 'data-next="/console?context=chats"' in page.text


def test_an_ended_session_is_sent_to_sign_in_and_the_refusal_is_recorded(server: InProcessServer, admin: Person):
    with server.client(cookies={"token": "forged"}) as browser:
        sent = browser.get("/console")
    assert sent.headers["location"].startswith("/console/signin")
    assert recorded(admin, kind="token", path="/console")["status"] == sent.status_code


def test_a_member_is_refused_and_the_refusal_is_recorded(server: InProcessServer, admin: Person, member: Person):
    with server.client(cookies={"token": member.token}) as browser:
        refused = browser.get("/console")
    assert refused.status_code == 403 and "Administrators only" in refused.text
    assert recorded(admin, kind="permission", user_id=member.id, path="/console")["status"] == 403


def test_sign_in_sends_nobody_to_another_site(server: InProcessServer):
    with people.anonymous(server) as browser:
        page = browser.get("/console/signin", params={"next": "//evil.example/console"})
    assert 'data-next="/console"' in page.text


def test_the_consoles_script_is_served(server: InProcessServer):
    with people.anonymous(server) as browser:
        script = browser.get("/console/static/console.js")
    assert script.status_code == 200 and "LiveTail" in script.text
