"""Single sign-on under Open WebUI's claim and address settings: the person known by another claim
than ``sub`` (``OAUTH_SUB_CLAIM``), e-mail domains allowed (``OAUTH_ALLOWED_DOMAINS``), and the app's
public address (``WEBUI_URL``) as the base of the ``/auth`` page the browser is sent back to."""

from __future__ import annotations

from domain.identity.single_sign_on import ExternalIdentity
from tests.http.app import InProcessServer
from tests.http.single_sign_on import TOKEN, browser, new_subject, refusal_of, signing_in_workspace
from tests.oidc_provider import OpenIdProviderProcess, signed_in_through

WEBUI_URL = "https://chat.example.org"


server = signing_in_workspace(
    "sso-claims", ENABLE_OAUTH_SIGNUP="true", OAUTH_SUB_CLAIM="employee_id",
    OAUTH_ALLOWED_DOMAINS="example.com, Example.NET", WEBUI_URL=WEBUI_URL)[0]


def test_a_sign_in_goes_back_to_the_auth_page_at_the_public_address(server: InProcessServer,
                                                                     identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider, employee_id="e-1")
    with browser(server) as client:
        signed_in = signed_in_through(identity_provider, client, subject)
    assert signed_in.status_code == 302, signed_in.text
    assert signed_in.headers["location"] == f"{WEBUI_URL}/auth" and signed_in.cookies[TOKEN]


def test_the_person_is_linked_by_the_configured_subject_claim(server: InProcessServer,
                                                              identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider, employee_id="e-2")
    with browser(server) as client:
        signed_in_through(identity_provider, client, subject)
    assert server.container.identity.find(ExternalIdentity.create_id(identity_provider.url, "e-2")) is not None
    assert server.container.identity.find(ExternalIdentity.create_id(identity_provider.url, subject)) is None


def test_someone_without_the_configured_subject_claim_is_refused(server: InProcessServer,
                                                                  identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider)
    with browser(server) as client:
        refused = signed_in_through(identity_provider, client, subject)
    assert "employee_id" in refusal_of(refused, f"{WEBUI_URL}/auth")


def test_an_email_at_a_domain_not_allowed_is_refused(server: InProcessServer, identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider, employee_id="e-3", email="mallory@example.org")
    with browser(server) as client:
        refused = signed_in_through(identity_provider, client, subject)
    assert "example.org" in refusal_of(refused, f"{WEBUI_URL}/auth")
    assert server.container.identity.user_by_email("mallory@example.org") is None


def test_allowed_domains_are_compared_without_case(server: InProcessServer, identity_provider: OpenIdProviderProcess):
    subject = new_subject(identity_provider, employee_id="e-4", email="Ada@EXAMPLE.net")
    with browser(server) as client:
        assert signed_in_through(identity_provider, client, subject).headers["location"] == f"{WEBUI_URL}/auth"
    assert server.container.identity.user_by_email("ada@example.net") is not None
