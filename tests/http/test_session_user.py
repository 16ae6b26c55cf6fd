"""The session user carries every permission Open WebUI 0.12.4's app reads, so the app never falls
back to its own defaults (some of which are on) for what Annals does not have."""

from __future__ import annotations

from domain.groups.permissions import SECTIONS
from tests.e2e.people import Person, sign_in
from tests.http.app import InProcessServer


def test_every_permission_open_webui_has_is_told_at_sign_in_and_after(server: InProcessServer,
                                                                      member: Person) -> None:
    told = sign_in(server, member.email).account["permissions"]
    for permissions in (told, member.http.get("/api/v1/auths/").json()["permissions"],
                        member.http.get("/api/v1/users/permissions").json()):
        assert {group: set(keys) for group, keys in permissions.items()} == {
            group: set(keys) for group, keys in SECTIONS.items()}


def test_what_annals_does_not_have_is_told_off(member: Person) -> None:
    permissions = member.http.get("/api/v1/auths/").json()["permissions"]
    assert not any(permissions["sharing"].values())
    assert not any(permissions["features"][key] for key in ("notes", "channels", "web_search"))
    assert (permissions["chat"]["temporary"], permissions["workspace"]["prompts_import"]) == (False, False)


def test_what_annals_has_follows_open_webuis_defaults(member: Person) -> None:
    chat = member.http.get("/api/v1/auths/").json()["permissions"]["chat"]
    assert all(chat[key] for key in ("import", "export", "delete", "edit", "share", "file_upload"))
