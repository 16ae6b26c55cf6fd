"""A document dropped into a chat is cut along its structure: the reply cites the page a passage is
on (0-based, as Open WebUI's app expects: it shows ``page + 1``) and the headings it is under. Its
structure is kept beside its text and goes with the file; once its text is edited by hand, the
structure goes and the text is cut as text, as it is when the structure cannot be read."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.uploads import attached, structure_path, uploaded
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.asking import ask, last_prompt
from tests.http.knowledge import add_file, create_base, processed
from tests.http.workspaces import own_workspace
from tests.sample_documents import docx, pdf
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

OPENING = "Our shop opened in a small garage in nineteen ninety."
SHIPPING = "Parcels are shipped by courier and arrive within three working days."
QUESTION = "How long until a shipped parcel arrives?"
TERMS = pdf(OPENING, SHIPPING)


def _env(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true",
            "RAG_TOP_K": "1"}


server, admin = own_workspace("document-citations", _env)


def chunks(server: InProcessServer, file: dict[str, Any], collection: str = "") -> list[dict[str, Any]]:
    """The file's chunks' metadata, as ``collection`` (by default the file's own) holds them."""
    collection = collection or f"file-{file['id']}"
    ids = set(server.container.retrieval.lexical.ids_of(collection, file["id"]))
    hits = server.container.retrieval.lexical.search("shop parcels courier shipped", 10, [collection])
    return [dict(hit.chunk.metadata) for hit in hits if hit.chunk.id in ids]


def indexed(server: InProcessServer, person: Person, name: str, data: bytes, kind: str,
            count: int) -> dict[str, Any]:
    file = uploaded(person, name, data, kind)
    wait_for(lambda: len(chunks(server, file)) == count, timeout=60, what="the document's chunks to be indexed")
    return file


def test_a_question_about_page_two_cites_page_two(admin: Person, server: InProcessServer,
                                                  fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "pager")
    file = indexed(server, member, "terms.pdf", TERMS, "application/pdf", count=2)
    reply = ask(member, QUESTION, attached(file))
    assert SHIPPING in last_prompt(fake_upstream) and OPENING not in last_prompt(fake_upstream)
    [source] = reply["sources"]
    assert source["document"] == [SHIPPING]
    [metadata] = source["metadata"]
    assert (metadata["page"], metadata["file_id"], metadata["name"]) == (1, file["id"], "terms.pdf")


def test_a_passage_is_cited_with_the_headings_it_is_under(admin: Person, server: InProcessServer) -> None:
    member = people.member(server, admin, "reader")
    handbook = docx("Shipping", SHIPPING)
    file = indexed(server, member, "handbook.docx", handbook,
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document", count=1)
    [source] = ask(member, QUESTION, attached(file))["sources"]
    assert source["document"] == [f"Shipping\n{SHIPPING}"] and source["metadata"][0]["headings"] == "Shipping"


def test_a_text_edited_by_hand_is_cut_as_text_and_the_structure_is_gone(admin: Person,
                                                                         server: InProcessServer) -> None:
    member = people.member(server, admin, "editor")
    file = indexed(server, member, "terms.pdf", TERMS, "application/pdf", count=2)
    assert structure_path(server.settings.data_dir, file["id"]).exists()
    edited = member.http.post(f"/api/v1/files/{file['id']}/data/content/update",
                              json={"content": f"{OPENING} {SHIPPING}"})
    assert edited.status_code == 200, edited.text
    wait_for(lambda: [set(meta) & {"page", "start"} for meta in chunks(server, file)] == [{"start"}],
             timeout=60, what="the edited text to be indexed as text")
    assert not structure_path(server.settings.data_dir, file["id"]).exists()


def test_deleting_a_document_destroys_its_structure(admin: Person, server: InProcessServer) -> None:
    member = people.member(server, admin, "deleter")
    file = uploaded(member, "terms.pdf", TERMS, "application/pdf")
    kept = structure_path(server.settings.data_dir, file["id"])
    assert OPENING.encode() in kept.read_bytes()
    assert member.http.delete(f"/api/v1/files/{file['id']}").status_code == 200
    assert not kept.exists()


def test_a_structure_that_cannot_be_read_is_cut_as_text(admin: Person, server: InProcessServer) -> None:
    file = uploaded(admin, "terms.pdf", TERMS, "application/pdf")
    structure_path(server.settings.data_dir, file["id"]).write_bytes(b'{"schema_name": "something else"}')
    base = create_base(admin, "Terms")
    add_file(admin, base, file)
    assert processed(admin, base, file) == {"status": "completed"}
    assert [set(meta) & {"page", "start"} for meta in chunks(server, file, base["id"])] == [{"start"}]
