"""A preset's parameters in an Ollama chat request, placed as Open WebUI 0.12.4 places them."""

from __future__ import annotations

from application.models.ollama_params import with_preset_params

HELLO = [{"role": "user", "content": "hi"}]


def test_the_callers_options_win_over_the_presets():
    body = with_preset_params({"temperature": 0.5, "top_k": "4"}, {"messages": HELLO, "options": {"temperature": 1}})
    assert body["options"] == {"temperature": 1, "top_k": 4}


def test_max_tokens_becomes_num_predict_and_open_webuis_own_stay_behind():
    body = with_preset_params({"max_tokens": 7, "function_calling": "native", "system": ""}, {"messages": HELLO})
    assert body == {"messages": HELLO, "options": {"num_predict": 7}}


def test_format_keep_alive_and_think_go_at_the_root_and_the_presets_win():
    body = with_preset_params({"format": '{"type": "object"}', "keep_alive": "5m", "think": True},
                              {"messages": HELLO, "keep_alive": "1m"})
    assert (body["format"], body["keep_alive"], body["think"]) == ({"type": "object"}, "5m", True)


def test_custom_params_are_merged_in_as_json():
    body = with_preset_params({"custom_params": {"num_ctx": "8192", "mirostat": 1}}, {"messages": HELLO})
    assert body["options"] == {"num_ctx": 8192, "mirostat": 1}


def test_the_system_prompt_leads_before_the_callers_own():
    body = with_preset_params({"system": "Be brief."}, {"messages": [{"role": "system", "content": "Mine."}, *HELLO]})
    assert body["messages"][0] == {"role": "system", "content": "Be brief.\nMine."}
