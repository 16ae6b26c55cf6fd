"""A token opens only a session that was opened: signed by us is not enough."""

from __future__ import annotations

from tests.e2e import people
from tests.e2e.people import PASSWORD, Person, unique_email
from tests.http.app import InProcessServer


def test_a_token_we_signed_for_a_session_never_opened_is_refused(server: InProcessServer, member: Person) -> None:
    generation = server.container.users.get_user(member.id)["token_generation"]
    token, _ = server.container.tokens.issue(member.id, "never-opened", generation)
    with people.anonymous(server) as client:
        response = client.get("/api/v1/auths/", headers=people.bearer(token))
    assert response.status_code == 401


def test_the_same_token_for_the_session_signed_in_is_accepted(server: InProcessServer, member: Person) -> None:
    """The control: the refusal above is for the session, not for how the token was made."""
    generation = server.container.users.get_user(member.id)["token_generation"]
    session_id = server.container.tokens.decode(member.token).session_id
    token, _ = server.container.tokens.issue(member.id, session_id, generation)
    with people.anonymous(server) as client:
        assert client.get("/api/v1/auths/", headers=people.bearer(token)).status_code == 200


def test_the_token_given_for_an_added_account_opens_its_session(server: InProcessServer, admin: Person) -> None:
    added = admin.http.post("/api/v1/auths/add", json={"name": "Added", "email": unique_email("added"),
                                                       "password": PASSWORD, "role": "user"}).json()
    with people.anonymous(server) as client:
        assert client.get("/api/v1/auths/", headers=people.bearer(added["token"])).json()["id"] == added["id"]
