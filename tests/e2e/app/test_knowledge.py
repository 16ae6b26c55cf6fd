"""Knowledge in the app: a base made in the Workspace, a PDF and a Word file uploaded and watched as
they are processed, a question naming the base with ``#`` answered with citations that open the
passages; a member without access neither sees the base nor gets its chunks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.app.tabs import Tab, ok, signed_in
from tests.e2e.browser import pick_model
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess
from tests.e2e.uploads import uploaded
from tests.http.asking import ask
from tests.http.knowledge import add_file, create_base, may_make_knowledge, processed
from tests.sample_documents import docx, pdf

TIDES = "The lighthouse keeper logs the tide at dawn."
PIERS = "Boats dock at pier seven after sunset."
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GUIDE = {"name": "field-guide.pdf", "mimeType": "application/pdf", "buffer": pdf(f"Field guide\n{TIDES}")}
RULES = {"name": "harbour-rules.docx", "mimeType": WORD, "buffer": docx("Harbour rules", PIERS)}
PASSAGES = [(GUIDE, TIDES), (RULES, PIERS)]
"""Each document, and the passage a question about tides and piers should be answered from."""


@pytest.fixture(scope="module")
def outsider(server: AnnalsProcess, admin: Person) -> Person:
    """A member who may make knowledge bases and use echo, and was given no access to the admin's."""
    person = people.member(server, admin, "outsider")
    may_make_knowledge(admin, person)
    ok(admin.http.post("/api/v1/models/model/access/update", json={
        "id": "echo", "name": "echo", "access_grants": [
            {"principal_type": "user", "principal_id": "*", "permission": "read"}]}))
    return person


@pytest.fixture(scope="module")
def outsider_tab(browser: Any, server: AnnalsProcess, outsider: Person) -> Iterator[Tab]:
    yield from signed_in(browser, server, outsider)


def test_a_base_made_in_the_workspace_answers_with_citations_that_open_its_passages(
        admin_tab: Tab, admin: Person, shot: Any) -> None:
    page = admin_tab.page
    with shot(admin_tab):
        base_id = _create_base(admin_tab, "Harbour handbook")
        _upload_and_watch(admin_tab, GUIDE, RULES)
        for document, passage in PASSAGES:
            _shows_indexed_text(admin_tab, document, passage)
        admin_tab.assert_fine()
        admin_tab.visit("/")
        pick_model(page, "echo")
        _name_base(admin_tab, "Harbour handbook")
        reply = _ask(admin_tab, "When does the keeper log the tide, and where do boats dock?")
        for document, passage in PASSAGES:
            _cites(admin_tab, reply, document, passage)
        admin_tab.assert_fine()
        page.wait_for_url(re.compile(r".*/c/[0-9a-f-]{36}$"))
        admin_tab.visit(page.url.removeprefix(admin_tab.server.base_url))  # the chat kept the citations
        _cites(admin_tab, reply, GUIDE, TIDES)
        admin_tab.assert_fine()
    files = ok(admin.http.get(f"/api/v1/knowledge/{base_id}/files"))["items"]
    assert {(f["filename"], f["data"]["status"]) for f in files} == {
        (GUIDE["name"], "completed"), (RULES["name"], "completed")}


def test_a_member_without_access_neither_sees_the_base_nor_gets_its_chunks(
        outsider_tab: Tab, outsider: Person, admin: Person, shot: Any) -> None:
    theirs = _processed_base(admin, "Keepers log")
    _processed_base(outsider, "Keepers own notes")
    page = outsider_tab.page
    with shot(outsider_tab):
        outsider_tab.visit("/workspace/knowledge")
        page.get_by_text("Keepers own notes").wait_for()
        assert page.get_by_text("Keepers log", exact=True).count() == 0
        outsider_tab.visit("/")
        assert _picker_offers(outsider_tab, "Keepers") == ["Keepers own notes"]
        assert _picker_offers(outsider_tab, "field-guide") == ["Keepers own notes > field-guide.pdf"]
        outsider_tab.assert_fine()
    reply = ask(outsider, "When does the keeper log the tide?",
                {"type": "collection", "id": theirs["id"], "name": theirs["name"]})
    assert "sources" not in reply and TIDES not in reply["content"]


def _create_base(tab: Tab, name: str) -> str:
    """The Workspace's form for a new knowledge base; the id of the base it opens once created."""
    page = tab.page
    tab.visit("/workspace/knowledge/create")
    page.get_by_placeholder("Name your knowledge base").fill(name)
    page.get_by_placeholder("Describe your knowledge base and objectives").fill("Tides and piers")
    page.get_by_role("button", name="Create Knowledge").click()
    page.wait_for_url(re.compile(r".*/workspace/knowledge/[0-9a-f-]{36}$"))
    tab.settle()
    return page.url.rsplit("/", 1)[-1]


def _upload_and_watch(tab: Tab, *documents: dict[str, Any]) -> None:
    """Chosen in the file picker the base's Add Content > Upload files opens. A row shows a spinner
    while its file is uploaded and processed, then the file's size: a failed file would say Failed."""
    page = tab.page
    page.get_by_role("button", name="Add Content").click()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Upload files", exact=True).click()
    chooser.value.set_files(files=list(documents))
    for document in documents:
        _row(page, document).wait_for()
    tab.settle()


def _shows_indexed_text(tab: Tab, document: dict[str, Any], passage: str) -> None:
    """The document's row opened in the base: its Indexed text tab (the text its chunks were cut
    from) shows ``passage``."""
    page = tab.page
    _row(page, document).click()
    page.get_by_role("button", name="Indexed text").click()
    page.get_by_role("textbox", name="File content").get_by_text(passage).first.wait_for()


def _row(page: Any, document: dict[str, Any]) -> Any:
    """The document's row in the base once processed: its name and size, where a spinner was."""
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(document['name'])}\s*[\d.]+ ?[KM]?B$"))


def _name_base(tab: Tab, name: str) -> None:
    """``#`` and the start of its name in the composer, then the base picked from what it offers."""
    page = tab.page
    page.locator("#chat-input").click()
    page.keyboard.type("#" + name.split()[0])
    page.get_by_role("button", name=name).first.click()


def _picker_offers(tab: Tab, query: str) -> list[str]:
    """What the composer's ``#`` picker offers for ``query`` (typed into an emptied composer): the
    knowledge bases by name, their files as ``base > file``, once the app has asked for both."""
    page = tab.page
    page.locator("#chat-input").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    with (page.expect_response(lambda r: f"/knowledge/search?query={query}" in r.url) as bases,
          page.expect_response(lambda r: f"/knowledge/search/files?query={query}" in r.url) as files):
        page.keyboard.type("#" + query)
    offered = [(b["name"], b["name"]) for b in bases.value.json()["items"]] + [
        (f["filename"], f"{f['collection']['name']} > {f['filename']}") for f in files.value.json()["items"]]
    for shown, _ in offered:
        page.get_by_role("button", name=shown).first.wait_for()
    page.keyboard.press("Escape")
    return [name for _, name in offered]


def _ask(tab: Tab, question: str) -> Any:
    """The question sent; the reply's element once the reply is whole (the app then shows its actions)."""
    page = tab.page
    page.locator("#chat-input").click()
    page.keyboard.type(question)
    with page.expect_request(lambda r: r.url.endswith("/api/chat/completions")) as sent:
        page.keyboard.press("Enter")
    reply = page.locator(f"#message-{sent.value.post_data_json['id']}")
    reply.locator(".copy-response-button").wait_for(state="attached")
    return reply


def _cites(tab: Tab, reply: Any, document: dict[str, Any], passage: str) -> None:
    """The reply's sources opened and the one of ``document`` clicked: the modal it opens shows
    ``passage``, and its title links to the document itself."""
    page, name = tab.page, document["name"]
    sources = reply.get_by_role("button", name=re.compile("Toggle .*source"))
    if sources.get_attribute("aria-expanded") != "true":
        sources.click()
    reply.get_by_role("button", name=re.compile(rf"View source: \d+ {re.escape(name)}")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(passage).first.wait_for()
    link = dialog.get_by_role("link", name=name).get_attribute("href")
    opened = page.context.request.get(tab.server.base_url + link)
    assert opened.ok and opened.body() == document["buffer"], opened.status
    page.get_by_role("button", name="Close citation modal").click()
    dialog.wait_for(state="detached")


def _processed_base(owner: Person, name: str) -> dict[str, Any]:
    """A base of ``owner``'s, made through the API, holding the field guide once it is processed."""
    base = create_base(owner, name)
    file = uploaded(owner, GUIDE["name"], GUIDE["buffer"], GUIDE["mimeType"])
    add_file(owner, base, file)
    assert processed(owner, base, file) == {"status": "completed"}
    return base
