"""The leaderboard as Open WebUI 0.12.4 computes it: Elo from 1000 with K = 32, a thumbs up on a
reply beating each sibling reply's model and a thumbs down losing to each, in the order given."""

from __future__ import annotations

import pytest

from domain.evaluations.elo import leaderboard, standings, top_tags


def rated(model: str, rating, *siblings: str, tags: tuple[str, ...] = ()) -> dict:
    return {"model_id": model, "rating": rating, "sibling_model_ids": list(siblings), "tags": list(tags)}


def test_a_win_between_equals_moves_each_by_half_the_k_factor():
    table = standings([rated("a", 1, "b")])
    assert (table["a"].rating, table["b"].rating) == (1016.0, 984.0)
    assert (table["a"].won, table["a"].lost, table["b"].won, table["b"].lost) == (1, 0, 0, 1)


def test_a_thumbs_down_is_a_loss_to_each_sibling():
    table = standings([rated("a", -1, "b", "c")])
    assert (table["a"].lost, table["b"].won, table["c"].won) == (2, 1, 1)
    assert table["a"].rating < 1000 < table["b"].rating


def test_an_upset_moves_ratings_further_than_an_expected_win():
    favourite_wins = standings([rated("a", 1, "b"), rated("a", 1, "b")])
    upset = standings([rated("a", 1, "b"), rated("b", 1, "a")])
    assert upset["b"].rating - 984 > favourite_wins["a"].rating - 1016


@pytest.mark.parametrize("data", [rated("a", 1), rated("a", 0, "b"), rated("a", None, "b"), rated("", 1, "b"),
                                  {"rating": 1, "sibling_model_ids": ["b"]}])
def test_ratings_without_a_model_siblings_or_a_thumb_play_no_match(data):
    assert standings([data]) == {}


def test_ratings_given_as_strings_count_as_the_app_s_numbers():
    assert standings([rated("a", "1", "b")]) == standings([rated("a", 1, "b")])


def test_entries_are_best_first_with_rounded_ratings_counts_and_top_tags():
    entries = leaderboard([rated("a", -1, "b", tags=("code", "math")), rated("b", 1, "a", tags=("code",))])
    assert [(e["model_id"], e["rating"], e["won"], e["lost"], e["count"]) for e in entries] == [
        ("b", 1031, 2, 0, 2), ("a", 969, 0, 2, 2)]
    assert entries[0]["top_tags"] == [{"tag": "code", "count": 1}]


def test_top_tags_are_the_five_most_given_per_model():
    tags = top_tags([rated("a", 1, tags=("x", "y", "x", "z", "v", "w", "u"))])
    assert tags["a"][0] == {"tag": "x", "count": 2} and len(tags["a"]) == 5
