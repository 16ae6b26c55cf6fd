"""Everyone's model list as the admin's defaults arrange it."""

from __future__ import annotations

from application.models.model_list import arranged

ECHO = {"id": "echo", "name": "Echo"}
ALPHA = {"id": "alpha", "name": "Alpha", "info": {"meta": {"capabilities": {"vision": False}, "description": "A"}}}
ZED = {"id": "zed", "name": "Zed"}


def test_the_admins_order_comes_first_then_the_rest_by_name():
    listed = arranged([ZED, ECHO, ALPHA], {"MODEL_ORDER_LIST": ["echo"]})
    assert [m["id"] for m in listed] == ["echo", "alpha", "zed"]


def test_without_an_order_the_list_keeps_the_catalogs():
    assert [m["id"] for m in arranged([ZED, ECHO], {})] == ["zed", "echo"]


def test_default_metadata_fills_what_a_model_does_not_say_and_merges_capabilities():
    metadata = {"capabilities": {"vision": True, "file_upload": True}, "description": "Default"}
    echo, alpha = arranged([ECHO, ALPHA], {"DEFAULT_MODEL_METADATA": metadata})
    assert echo["info"]["meta"] == metadata
    assert alpha["info"]["meta"] == {"capabilities": {"vision": False, "file_upload": True}, "description": "A"}
    assert ALPHA["info"]["meta"] == {"capabilities": {"vision": False}, "description": "A"}  # not changed


def test_pictures_are_left_out_of_the_list():
    pictured = {"id": "p", "name": "P", "info": {"meta": {"profile_image_url": "data:image/png;base64,AA"}}}
    [listed] = arranged([pictured], {})
    assert listed["info"]["meta"] == {} and pictured["info"]["meta"]["profile_image_url"]
