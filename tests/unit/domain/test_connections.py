"""The admin's upstream connections: positional as in Open WebUI, keys only ever sealed."""

from __future__ import annotations

import pytest

from domain.models.connections import Connections, ollama_state, openai_state
from domain.models.errors import InvalidConnectionError
from tests.unit.domain.given import new_events, recorded


def connections() -> Connections:
    seeded = Connections(openai=openai_state(enabled=True, base_urls=[], keys=[], configs={}),
                         ollama=ollama_state(enabled=True, base_urls=[], configs={}), options={})
    recorded(seeded)
    return seeded


def test_keys_are_padded_or_cut_to_one_per_url_and_configs_kept_only_for_urls_that_exist():
    state = openai_state(enabled=True, base_urls=["http://a/v1", "http://b/v1/"], keys=["sealed-a"],
                         configs={"0": {"prefix_id": "a"}, "5": {"prefix_id": "gone"}})
    assert state == {"enabled": True, "base_urls": ["http://a/v1", "http://b/v1"], "keys": ["sealed-a", ""],
                     "configs": {"0": {"prefix_id": "a"}}}


@pytest.mark.parametrize("url", ["file:///etc/passwd", "127.0.0.1:11434", ""])
def test_a_connection_needs_an_http_url(url: str):
    with pytest.raises(InvalidConnectionError):
        connections().configure_ollama(enabled=True, base_urls=[url], configs={})


def test_restating_the_same_configuration_records_nothing():
    state = connections()
    state.configure_openai(enabled=True, base_urls=["http://a/v1"], keys=["k"], configs={})
    state.configure_openai(enabled=True, base_urls=["http://a/v1"], keys=["k"], configs={})
    state.change_options({"ENABLE_DIRECT_CONNECTIONS": False})
    state.change_options({"ENABLE_DIRECT_CONNECTIONS": False})
    assert new_events(state) == ["OpenAIConfigured", "OptionsChanged"]
