"""Held message rows: a chat read again fetches only rows written since, and never shows a deleted one."""

from __future__ import annotations

from projections.chats.held import HeldMessages


class View:
    """A chat's message rows as the view stamps them, and the fetches made of it."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[str | None, str, int, int]] = {}  # id -> (parent, document, seq, revision)
        self.revision = self.pruned_at = 0
        self.fetched_after: list[int] = []

    def write(self, message_id: str, document: str, parent: str | None = None) -> None:
        self.revision += 1
        seq = self.rows[message_id][2] if message_id in self.rows else self.revision
        self.rows[message_id] = (parent, document, seq, self.revision)

    def delete(self, message_id: str) -> None:
        self.revision += 1
        self.pruned_at = self.revision
        del self.rows[message_id]

    def read(self, held: HeldMessages) -> list[tuple[str, str | None, str]]:
        return held.rows("chat", self.revision, self.pruned_at, self.fetch)

    def fetch(self, after: int) -> list[tuple[str, str | None, str, int]]:
        self.fetched_after.append(after)
        ordered = sorted(self.rows.items(), key=lambda item: item[1][2])
        return [(i, p, d, r) for i, (p, d, _, r) in ordered if r > after]


def test_reading_again_fetches_only_the_rows_written_since() -> None:
    view, held = View(), HeldMessages(max_bytes=1 << 20)
    view.write("a", "A")
    view.write("b", "B", parent="a")
    view.read(held)
    view.write("c", "C", parent="b")
    assert view.read(held) == [("a", None, "A"), ("b", "a", "B"), ("c", "b", "C")]
    assert view.fetched_after == [-1, 2]


def test_an_unchanged_chat_is_read_without_fetching() -> None:
    view, held = View(), HeldMessages(max_bytes=1 << 20)
    view.write("a", "A")
    view.read(held)
    assert view.read(held) == [("a", None, "A")]
    assert view.fetched_after == [-1]


def test_a_rewritten_row_keeps_its_place() -> None:
    view, held = View(), HeldMessages(max_bytes=1 << 20)
    view.write("a", "A")
    view.write("b", "B", parent="a")
    view.read(held)
    view.write("a", "A, edited")
    assert view.read(held) == [("a", None, "A, edited"), ("b", "a", "B")]


def test_after_a_deletion_every_row_is_fetched_again() -> None:
    view, held = View(), HeldMessages(max_bytes=1 << 20)
    view.write("a", "A")
    view.write("b", "B", parent="a")
    view.read(held)
    view.delete("b")
    assert view.read(held) == [("a", None, "A")]
    assert view.fetched_after == [-1, -1]


def test_a_reader_of_an_older_snapshot_gets_that_snapshot() -> None:
    view, held = View(), HeldMessages(max_bytes=1 << 20)
    view.write("a", "A")
    view.write("b", "B", parent="a")
    view.delete("b")
    view.read(held)
    older = held.rows("chat", 2, 0, lambda after: [("a", None, "A", 1), ("b", "a", "B", 2)])
    assert older == [("a", None, "A"), ("b", "a", "B")]
    assert view.read(held) == [("a", None, "A")]


def test_chats_beyond_the_bound_are_fetched_whole_again() -> None:
    view, other, held = View(), View(), HeldMessages(max_bytes=10)
    view.write("a", "x" * 8)
    other.write("a", "y" * 8)
    view.read(held)
    held.rows("other", other.revision, other.pruned_at, other.fetch)
    view.read(held)
    assert view.fetched_after == [-1, -1]
