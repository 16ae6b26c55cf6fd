"""What of an event's data an admin sees when the content policy keeps others' content from them."""

from __future__ import annotations

from projections.event_catalog.disclosure import REDACTED, Viewer, disclosed

ADMIN = Viewer("admin", may_read_content=False)


def test_a_file_deletions_reason_is_annals_own_words_and_shown():
    data = {"actor_id": "admin", "reason": "its owner's account was deleted"}
    assert disclosed("files", "ada", data, ADMIN) == data


def test_a_reason_someone_wrote_elsewhere_stays_redacted():
    assert disclosed("evaluations", "ada", {"reason": "rude", "rating": -1}, ADMIN) == {
        "reason": REDACTED, "rating": -1}


def test_a_password_hash_is_never_shown_even_to_its_owner():
    data = {"password_hash": "$argon2id$...", "role": "user"}
    assert disclosed("identity", "ada", data, Viewer("ada", may_read_content=True))["password_hash"] == REDACTED
