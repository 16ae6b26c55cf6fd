"""Forgetting a person who filled in their profile (a picture sent inline), their settings, a
knowledge base with a file, a chat citing it that they shared, pinned and archived and an admin
read, and whose e-mail someone mistyped a password for: afterwards none of it is anywhere, on
either store."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from tests.e2e import people
from tests.e2e.documents import form, message
from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.app import InProcessServer, in_process
from tests.http.knowledge import add_file, create_base, may_make_knowledge
from tests.http.sharing import share
from tests.http.test_forgetting import everything_written, forget, hits, holders, marker
from tests.stores import STORES


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    with in_process(request.param, tmp_path_factory.mktemp(f"forgetting-profile-{request.param}"),
                    admin_chat_access=True) as app:
        yield app


@pytest.fixture(scope="module")
def admin(server: InProcessServer) -> Person:
    return people.founder(server)


def test_a_forgotten_persons_profile_settings_bases_and_shares_are_nowhere(
        server: InProcessServer, admin: Person) -> None:
    gone = marker()
    person = people.member(server, admin, f"{gone}-name")
    may_make_knowledge(admin, person)
    picture = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + gone.encode() * 4).decode()
    person.http.post("/api/v1/auths/update/profile", json={
        "name": f"{gone} Name", "bio": f"{gone} bio", "gender": f"{gone} g", "profile_image_url": picture,
    }).raise_for_status()
    person.http.post("/api/v1/users/user/settings/update",
                     json={"ui": {"system": f"{gone} system", "theme": "dark"}}).raise_for_status()
    base = create_base(person, f"{gone} base")
    file = uploaded(person, f"{gone}-doc.md", f"# {gone}\n{gone} text".encode(), "text/markdown")
    add_file(person, base, file)
    chat = person.http.post("/api/v1/chats/new", json=form(
        f"{gone} shared title", message("q1", f"{gone} shared question",
                                        files=[{"type": "collection", "id": base["id"], "name": base["name"]}]),
        message("a1", f"{gone} shared answer", "q1", "assistant", model="m")))
    assert chat.status_code == 200, chat.text
    share(person, chat.json()["id"])
    for action in ("pin", "archive"):
        person.http.post(f"/api/v1/chats/{chat.json()['id']}/{action}").raise_for_status()
    with people.anonymous(server) as nobody:
        refused = nobody.post("/api/v1/auths/signin", json={"email": person.email, "password": f"{gone}-wrong"})
    assert refused.status_code == 400
    assert admin.http.get(f"/api/v1/chats/list/user/{person.id}").status_code == 200  # a read in the trail
    assert hits(everything_written(server), gone)
    forget(admin, person)
    written = everything_written(server)
    assert hits(written, gone) == [], holders(server, gone)
