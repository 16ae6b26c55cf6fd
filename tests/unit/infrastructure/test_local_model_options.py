"""What the built-in model makes of a request, without loading it: sampling within bounds, stop
sequences cut from the stream, plain-text turns; and when it is offered at all."""

from __future__ import annotations

from infrastructure.llm.local_model import built_in_models, chat_messages, find_gguf
from infrastructure.llm.sampling import MAX_TOKENS, Sampling, StopScanner
from infrastructure.settings import Settings


def test_max_tokens_is_capped_and_ollamas_endless_num_predict_means_the_default():
    assert Sampling.from_params({"max_tokens": 10**6}).max_tokens == MAX_TOKENS
    assert Sampling.from_params({"num_predict": -1}).max_tokens == Sampling().max_tokens
    assert Sampling.from_params({"num_predict": 7}).max_tokens == 7


def test_sampling_values_out_of_range_are_clamped_and_unusable_ones_ignored():
    sampling = Sampling.from_params({"temperature": 9, "top_p": "high", "top_k": 0})
    assert (sampling.temperature, sampling.top_p, sampling.top_k) == (2.0, Sampling().top_p, 1)


def test_one_stop_string_or_a_few_are_taken():
    assert Sampling.from_params({"stop": "\n"}).stop == ("\n",)
    assert Sampling.from_params({"stop": ["a", "", 3, "b", "c", "d", "e"]}).stop == ("a", "b", "c", "d")


def test_text_that_may_begin_a_stop_sequence_is_held_back_until_it_is_not_one():
    scanner = StopScanner(("END",))
    assert scanner.feed("Hello E") == ("Hello ", False)
    assert scanner.feed("ND of it") == ("", True)


def test_held_back_text_that_was_no_stop_sequence_is_sent_after_all():
    scanner = StopScanner(("END",))
    assert scanner.feed("the EN") == ("the ", False)
    assert (scanner.feed("d"), scanner.rest()) == (("ENd", False), "")
    assert scanner.feed("so E") == ("so ", False) and scanner.rest() == "E"


def test_turns_are_plain_text_and_roles_the_template_does_not_know_are_left_out():
    messages = [{"role": "developer", "content": "Be brief."}, {"role": "tool", "content": "42"},
                {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                             {"type": "image_url", "image_url": {"url": "data:"}}]}]
    assert chat_messages(messages) == [{"role": "system", "content": "Be brief."},
                                       {"role": "user", "content": "What is this?"}]


def test_the_built_in_model_is_on_by_default_only_when_embedded_without_upstreams():
    assert Settings.from_environ({}).local_model
    assert not Settings.from_environ({"OLLAMA_BASE_URLS": "http://127.0.0.1:11434"}).local_model
    assert not Settings.from_environ({"DATABASE_URL": "postgresql://db/annals"}).local_model
    assert Settings.from_environ({"ANNALS_LOCAL_MODEL": "on", "OPENAI_API_BASE_URLS": "http://x/v1"}).local_model
    assert not Settings.from_environ({"ANNALS_LOCAL_MODEL": "off"}).local_model


def test_without_its_distribution_the_built_in_model_is_simply_not_offered():
    assert find_gguf("no-such-distribution") is None
    assert built_in_models(enabled=False, timeout=1) == []

