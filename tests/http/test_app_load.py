"""What Open WebUI's app reads as it loads, beyond chats and folders: the features that come later
answer empty, and pictures of people and models are served the way ``<img>`` tags need them."""

from __future__ import annotations

import base64

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace

EMPTY_LISTS = ["/api/v1/configs/banners", "/api/v1/tools/", "/api/v1/functions/", "/api/v1/skills/",
               "/api/v1/terminals/", "/api/v1/notes/pinned", "/api/v1/groups/", "/api/v1/channels/",
               "/api/v1/prompts/tags"]
EMPTY_PAGES = ["/api/v1/prompts/list?page=1", "/api/v1/skills/list?page=1", "/api/v1/notes/search?query=&page=1"]
PNG = b"\x89PNG\r\n\x1a\n not really a picture"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"

# Nothing rated yet, one person using it: a workspace of the module's own.
server, admin = own_workspace("app-load")


def _picture(person: Person, url: str) -> None:
    person.http.post("/api/v1/auths/update/profile", json={"name": "Pictured", "profile_image_url": url}
                     ).raise_for_status()


def _data_url(media_type: str, content: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(content).decode()}"


@pytest.mark.parametrize("path", EMPTY_LISTS)
def test_features_still_to_come_answer_an_empty_list(member: Person, path: str) -> None:
    response = member.http.get(path)
    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize("path", EMPTY_LISTS)
def test_features_still_to_come_need_a_signed_in_user(server: InProcessServer, path: str) -> None:
    assert people.anonymous(server).get(path).status_code == 401


@pytest.mark.parametrize("path", EMPTY_PAGES)
def test_workspace_lists_still_to_come_answer_an_empty_page(member: Person, path: str) -> None:
    assert member.http.get(path).json() == {"items": [], "total": 0}


def test_nobody_has_two_factor_sign_in_yet(member: Person) -> None:
    assert member.http.get("/api/v1/auths/mfa/status").json()["enabled"] is False


def test_a_person_has_no_variables_yet(member: Person) -> None:
    assert member.http.get("/api/v1/users/user/variables").json() == {"variables": {}}


def test_usage_counts_at_least_the_one_asking(member: Person) -> None:
    assert member.http.get("/api/usage").json() == {"model_ids": [], "user_count": 1}


def test_a_person_without_chats_has_no_usage_over_the_period(member: Person) -> None:
    usage = member.http.get("/api/v1/users/usage", params={"days": 7}).json()
    assert usage["totals"]["messages"] == 0 and usage["period"]["days"] == 7


def test_the_server_has_no_voices_of_its_own(member: Person) -> None:
    assert member.http.get("/api/v1/audio/voices").json() == {"voices": []}


def test_nothing_is_rated_or_ranked_yet(admin: Person, member: Person) -> None:
    assert admin.http.get("/api/v1/evaluations/leaderboard").json() == {"entries": []}
    assert admin.http.get("/api/v1/evaluations/feedbacks/list").json() == {"items": [], "total": 0}
    assert member.http.get("/api/v1/evaluations/leaderboard").status_code == 401


def test_the_changelog_is_empty(server: InProcessServer) -> None:
    assert people.anonymous(server).get("/api/changelog").json() == {}


def test_a_picture_stored_as_a_data_url_is_served_as_an_image(server: InProcessServer, admin: Person) -> None:
    person = people.member(server, admin, "pictured")
    _picture(person, _data_url("image/png", PNG))
    response = admin.http.get(f"/api/v1/users/{person.id}/profile/image")
    assert (response.status_code, response.content, response.headers["content-type"]) == (200, PNG, "image/png")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_picture_that_could_run_script_is_not_served(server: InProcessServer, admin: Person) -> None:
    person = people.member(server, admin, "scripted")
    _picture(person, _data_url("image/svg+xml", SVG))
    response = admin.http.get(f"/api/v1/users/{person.id}/profile/image")
    assert (response.status_code, response.headers["location"]) == (302, "/static/user.png")


def test_without_a_picture_the_default_one_is_shown(member: Person) -> None:
    response = member.http.get(f"/api/v1/users/{member.id}/profile/image")
    assert (response.status_code, response.headers["location"]) == (302, "/static/user.png")


def test_a_picture_elsewhere_on_the_web_is_not_fetched_by_the_browser(server: InProcessServer, admin: Person) -> None:
    person = people.member(server, admin, "linked")
    _picture(person, "https://tracker.example/pixel.png")
    assert admin.http.get(f"/api/v1/users/{person.id}/profile/image").headers["location"] == "/static/user.png"


def test_an_unknown_persons_picture_is_a_404(member: Person) -> None:
    assert member.http.get("/api/v1/users/no-such-person/profile/image").status_code == 404


def test_pictures_need_a_signed_in_user(server: InProcessServer, member: Person) -> None:
    assert people.anonymous(server).get(f"/api/v1/users/{member.id}/profile/image").status_code == 401


def test_a_models_picture_is_open_webuis_logo(member: Person) -> None:
    response = member.http.get("/api/v1/models/model/profile/image", params={"id": "llama3"})
    assert (response.status_code, response.headers["location"]) == (302, "/static/favicon.png")
