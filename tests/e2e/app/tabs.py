"""One person's signed-in page of Open WebUI's app, unmodified, in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.e2e.browser import Troubles
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess

WAIT_MS = 30_000


class Tab:
    """One person's signed-in browser page, and what went wrong on it since the last visit."""

    def __init__(self, page: Any, server: AnnalsProcess, person: Person) -> None:
        self.page = page
        self.server = server
        self.person = person
        self.troubles = Troubles()
        self.troubles.watch(page)

    def visit(self, path: str) -> None:
        self.forget()
        self.page.goto(self.server.base_url + path)
        self.settle()

    def settle(self) -> None:
        """Until the app stopped asking the server for anything (half a second without a request)."""
        self.page.wait_for_load_state("networkidle")

    def forget(self) -> None:
        self.troubles.console.clear()
        self.troubles.requests.clear()

    def assert_fine(self) -> None:
        troubles = [*self.troubles.requests, *self.troubles.console]
        assert not troubles, "\n".join(["on " + self.page.url, *troubles])


def signed_in(browser: Any, server: AnnalsProcess, person: Person) -> Iterator[Tab]:
    """Signed in through the app's form; an admin is shown the release notes once, and closes them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(server.base_url + "/auth")
    page.locator("#email").fill(person.email)
    page.locator("#password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#chat-input").wait_for()
    if person.account["role"] == "admin":
        page.get_by_role("button", name="Okay, Let's Go!").click()
    tab = Tab(page, server, person)
    tab.settle()
    yield tab
    context.close()


def ok(response: Any) -> Any:
    response.raise_for_status()
    return response.json()
