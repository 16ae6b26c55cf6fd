"""The admin's defaults for everyone's model list (Open WebUI's ``/api/v1/configs/models``): kept,
and seen in the app's config and in the model list (default chat parameters:
test_default_model_params.py)."""

from __future__ import annotations

import pytest

from tests.e2e.people import Person
from tests.e2e.upstreams import QUICK
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess

CONFIG = "/api/v1/configs/models"
FIELDS = {"DEFAULT_MODELS", "DEFAULT_PINNED_MODELS", "MODEL_ORDER_LIST", "DEFAULT_MODEL_METADATA",
          "DEFAULT_MODEL_PARAMS"}


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true"}


server, admin = own_workspace("model-defaults", _connections, stores=["embedded"])


def model_ids(person: Person) -> list[str]:
    return [m["id"] for m in person.http.get("/api/models").json()["data"]]


def test_until_the_admin_sets_them_there_are_no_defaults(admin: Person):
    config = admin.http.get(CONFIG).json()
    assert set(config) == FIELDS and (config["DEFAULT_MODELS"], config["MODEL_ORDER_LIST"]) == ("", [])


def test_the_default_and_pinned_models_reach_everyones_config(admin: Person, member: Person):
    saved = admin.http.post(CONFIG, json={"DEFAULT_MODELS": "echo", "DEFAULT_PINNED_MODELS": "echo",
                                          "MODEL_ORDER_LIST": None, "DEFAULT_MODEL_METADATA": None,
                                          "DEFAULT_MODEL_PARAMS": None})
    assert saved.status_code == 200 and saved.json()["DEFAULT_MODELS"] == "echo"
    config = member.http.get("/api/config").json()
    assert (config["default_models"], config["default_pinned_models"]) == ("echo", "echo")


def test_the_admins_order_is_the_model_lists(admin: Person, member: Person):
    last = model_ids(member)[-1]
    admin.http.post(CONFIG, json={"MODEL_ORDER_LIST": [last]}).raise_for_status()
    assert model_ids(member)[0] == last and admin.http.get(CONFIG).json()["DEFAULT_MODELS"] == "echo"


def test_default_metadata_is_every_models_unless_it_says_otherwise(admin: Person, member: Person):
    metadata = {"capabilities": {"vision": False}, "description": "From the admin"}
    admin.http.post(CONFIG, json={"DEFAULT_MODEL_METADATA": metadata}).raise_for_status()
    [echo] = [m for m in member.http.get("/api/models").json()["data"] if m["id"] == "echo"]
    assert echo["info"]["meta"] == metadata
    assert member.http.get(f"{CONFIG}/defaults").json() == {"DEFAULT_MODEL_METADATA": metadata}


def test_only_admins_read_or_change_the_defaults(member: Person):
    assert member.http.get(CONFIG).status_code == 401
    assert member.http.post(CONFIG, json={"DEFAULT_MODELS": ""}).status_code == 401
