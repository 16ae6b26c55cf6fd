"""The picture the provider's ``picture`` claim points at becomes the person's profile picture, at
their first sign-in and (``OAUTH_UPDATE_PICTURE_ON_LOGIN``) at every later one; one too large, not a
picture, or not there leaves the picture as it was, and the person signed in all the same."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.single_sign_on import browser, new_subject, session_of, signing_in_workspace
from tests.oidc_provider import OpenIdProviderProcess, signed_in_through
from tests.picture_server import PNG, picture_server
from tests.services import free_port

server, admin = signing_in_workspace("sso-pictures", ENABLE_OAUTH_SIGNUP="true", OAUTH_UPDATE_PICTURE_ON_LOGIN="true",
                                     ANNALS_OAUTH_PICTURE_PRIVATE_NETWORKS="127.0.0.0/8")


@pytest.fixture(scope="module")
def pictures() -> Iterator[str]:
    with picture_server() as url:
        yield url


def picture_after_sign_in(server: InProcessServer, admin: Person, provider: OpenIdProviderProcess,
                          subject: str, picture: str) -> httpx.Response:
    """The person's picture as the app's ``<img>`` gets it, once they signed in with ``picture`` claimed."""
    provider.person(subject, email=f"{subject}@example.com", name=subject.title(), picture=picture)
    with browser(server) as client:
        person = session_of(server, signed_in_through(provider, client, subject))
    return admin.http.get(f"/api/v1/users/{person['id']}/profile/image")


def test_a_newcomers_picture_is_fetched_and_kept(server: InProcessServer, admin: Person,
                                                 identity_provider: OpenIdProviderProcess, pictures: str):
    image = picture_after_sign_in(server, admin, identity_provider, new_subject(identity_provider),
                                  f"{pictures}/photo.png")
    assert (image.status_code, image.headers["content-type"], image.content) == (200, "image/png", PNG)


@pytest.mark.parametrize("path", ["/huge.png", "/page.html", "/liar.png"])
def test_a_picture_too_large_or_not_a_picture_leaves_the_default(server: InProcessServer, admin: Person,
                                                                 identity_provider: OpenIdProviderProcess,
                                                                 pictures: str, path: str):
    image = picture_after_sign_in(server, admin, identity_provider, new_subject(identity_provider),
                                  f"{pictures}{path}")
    assert (image.status_code, image.headers["location"]) == (302, "/static/user.png")


def test_an_unreachable_picture_leaves_the_one_kept_before(server: InProcessServer, admin: Person,
                                                           identity_provider: OpenIdProviderProcess, pictures: str):
    subject = new_subject(identity_provider)
    picture_after_sign_in(server, admin, identity_provider, subject, f"{pictures}/photo.png")
    image = picture_after_sign_in(server, admin, identity_provider, subject,
                                  f"http://127.0.0.1:{free_port()}/photo.png")
    assert (image.status_code, image.content) == (200, PNG)
