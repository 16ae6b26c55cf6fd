"""Sign-in by a trusted proxy's header (``WEBUI_AUTH_TRUSTED_EMAIL_HEADER``) from a real server whose
``ANNALS_TRUSTED_PROXIES`` is the address the tests call from: the SPA's sign-in page posts its empty
form, and the person the proxy names is signed in, their account made the first time, their groups
those the proxy names. (From anywhere else the header counts for nothing: tests/http.)"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.people import Person, bearer, founder, unique_email
from tests.e2e.server import AnnalsProcess, postgres_deployment
from tests.http.groups import create_group
from tests.http.ldap import group_names
from tests.stores import STORES
from tests.waiting import wait_for

HEADERS = {"WEBUI_AUTH_TRUSTED_EMAIL_HEADER": "X-Auth-Email", "WEBUI_AUTH_TRUSTED_NAME_HEADER": "X-Auth-Name",
           "WEBUI_AUTH_TRUSTED_GROUPS_HEADER": "X-Auth-Groups", "ANNALS_TRUSTED_PROXIES": "127.0.0.1"}


@pytest.fixture(scope="module", params=STORES)
def proxied(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    data_dir = tmp_path_factory.mktemp("trusted-header")
    if request.param == "embedded":
        process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir), **HEADERS}, data_dir).start()
        yield process
        process.stop()
        return
    with postgres_deployment(data_dir, **HEADERS) as process:
        yield process


@pytest.fixture(scope="module")
def proxied_admin(proxied: AnnalsProcess) -> Person:
    return founder(proxied)


def _through_proxy(server: AnnalsProcess, email: str, **headers: str) -> httpx.Response:
    return httpx.post(f"{server.base_url}/api/v1/auths/signin", json={"email": "", "password": ""},
                      headers={"X-Auth-Email": email, **headers}, timeout=60)


def test_the_person_the_proxy_names_is_signed_in_with_a_new_account(proxied: AnnalsProcess,
                                                                    proxied_admin: Person) -> None:
    email = unique_email("proxied")
    response = _through_proxy(proxied, email, **{"X-Auth-Name": "Proxied Person"})
    assert response.status_code == 200, response.text
    assert (response.json()["email"], response.json()["name"]) == (email, "Proxied Person")
    again = _through_proxy(proxied, email.upper())
    assert again.json()["id"] == response.json()["id"]


def test_the_app_is_told_sign_in_is_by_header(proxied: AnnalsProcess) -> None:
    assert httpx.get(f"{proxied.base_url}/api/config").json()["features"]["auth_trusted_header"] is True


def test_the_groups_the_proxy_names_are_the_persons(proxied: AnnalsProcess, proxied_admin: Person) -> None:
    create_group(proxied_admin, "Readers")
    create_group(proxied_admin, "Writers")
    email = unique_email("grouped")
    person = _through_proxy(proxied, email, **{"X-Auth-Groups": "Readers, Writers"}).json()
    wait_for(lambda: group_names(proxied_admin, person["id"]) == {"Readers", "Writers"}, timeout=10,
             what="the person in the groups the proxy named")
    _through_proxy(proxied, email, **{"X-Auth-Groups": "Readers"})
    wait_for(lambda: group_names(proxied_admin, person["id"]) == {"Readers"}, timeout=10,
             what="the person out of the group the proxy no longer names")


def test_a_session_of_someone_else_than_the_proxy_names_is_refused(proxied: AnnalsProcess,
                                                                    proxied_admin: Person) -> None:
    """As when the person behind the browser changed: the app signs in afresh as the one named now."""
    token = _through_proxy(proxied, unique_email("earlier")).json()["token"]
    later = httpx.get(f"{proxied.base_url}/api/v1/auths/", timeout=60,
                      headers={**bearer(token), "X-Auth-Email": unique_email("later")})
    assert later.status_code == 401 and later.json()["detail"] == "User mismatch. Please sign in again."
    assert httpx.get(f"{proxied.base_url}/api/v1/auths/", headers=bearer(token), timeout=60).status_code == 200
