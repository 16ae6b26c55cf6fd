"""Open WebUI's leaderboard: every model starts at 1000, and each rating of a reply that had
siblings is a match against each of the sibling replies' models, won on a thumbs up and lost on a
thumbs down, scored the Elo way (K = 32). Ratings are taken in the order they were first given."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

START, K_FACTOR, TOP_TAGS = 1000.0, 32, 5
WON, LOST = "1", "-1"


@dataclass
class Standing:
    rating: float = START
    won: int = 0
    lost: int = 0

    def expects_against(self, other: Standing) -> float:
        return 1 / (1 + 10 ** ((other.rating - self.rating) / 400))


def standings(ratings: Iterable[Mapping[str, Any]]) -> dict[str, Standing]:
    """Each model's standing after the ratings (``data`` as the app sends it), in order."""
    table: dict[str, Standing] = {}
    for data in ratings:
        model_id, outcome = data.get("model_id"), _outcome(data)
        if not model_id or outcome is None:
            continue
        for opponent_id in data.get("sibling_model_ids") or []:
            _play(table.setdefault(model_id, Standing()), table.setdefault(opponent_id, Standing()), outcome)
    return table


def _play(rated: Standing, opponent: Standing, won: bool) -> None:
    expected = rated.expects_against(opponent)
    score = 1 if won else 0
    rated.rating += K_FACTOR * (score - expected)
    opponent.rating += K_FACTOR * ((1 - score) - (1 - expected))
    winner, loser = (rated, opponent) if won else (opponent, rated)
    winner.won += 1
    loser.lost += 1


def _outcome(data: Mapping[str, Any]) -> bool | None:
    """A thumbs up (1) wins, a thumbs down (-1) loses; anything else is no match. The app sends
    numbers, API callers may send strings: both count, as in Open WebUI."""
    rating = str(data.get("rating", ""))
    return rating == WON if rating in (WON, LOST) else None


def top_tags(ratings: Iterable[Mapping[str, Any]], limit: int = TOP_TAGS) -> dict[str, list[dict[str, Any]]]:
    """The tags most often given to each rated model's replies."""
    counts: dict[str, Counter[str]] = {}
    for data in ratings:
        if model_id := data.get("model_id"):
            counts.setdefault(model_id, Counter()).update(t for t in data.get("tags") or [] if isinstance(t, str))
    return {model_id: [{"tag": tag, "count": n} for tag, n in tags.most_common(limit)]
            for model_id, tags in counts.items()}


def leaderboard(ratings: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Open WebUI's entries, best first."""
    tags = top_tags(ratings)
    entries = [{"model_id": model_id, "rating": round(s.rating), "won": s.won, "lost": s.lost,
                "count": s.won + s.lost, "top_tags": tags.get(model_id, [])}
               for model_id, s in standings(ratings).items()]
    return sorted(entries, key=lambda entry: entry["rating"], reverse=True)
