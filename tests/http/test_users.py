"""The admin's user directory: adding, listing, reading, changing and deleting accounts."""

from __future__ import annotations

from typing import Any

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import PASSWORD, Person, anonymous, unique_email
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace

# Open WebUI 0.12.4, models/users.py: UserModel; the list adds group_ids, GET one adds groups + is_active.
USER_FIELDS = {"id", "email", "username", "role", "name", "profile_image_url", "profile_banner_image_url",
               "bio", "gender", "date_of_birth", "timezone", "presence_state", "status_emoji",
               "status_message", "status_expires_at", "info", "settings", "oauth", "scim",
               "last_active_at", "updated_at", "created_at"}
ADDED_USER_FIELDS = {"id", "name", "role", "email", "profile_image_url"}

# The list's first page is asked to hold every account: a workspace of the module's own.
server, admin = own_workspace("users")


def _add(admin: Person, **overrides: Any) -> dict[str, Any]:
    form = {"name": "Added", "email": unique_email("added"), "password": PASSWORD, **overrides}
    response = admin.http.post("/api/v1/auths/add", json=form)
    response.raise_for_status()
    return response.json()


def _listed_ids(admin: Person, **params: Any) -> set[str]:
    return {u["id"] for u in admin.http.get("/api/v1/users/", params=params).json()["users"]}


def test_an_admin_adds_an_account_with_the_role_given(admin: Person) -> None:
    added = _add(admin, role="user")
    assert ADDED_USER_FIELDS <= added.keys()
    assert added["role"] == "user"


def test_an_added_account_is_pending_unless_told_otherwise(admin: Person) -> None:
    assert _add(admin)["role"] == "pending"


def test_an_added_account_can_sign_in(server: InProcessServer, admin: Person) -> None:
    added = _add(admin, role="user")
    response = anonymous(server).post("/api/v1/auths/signin", json={"email": added["email"], "password": PASSWORD})
    assert response.json()["id"] == added["id"]


def test_adding_an_already_registered_email_is_refused(admin: Person, member: Person) -> None:
    response = admin.http.post("/api/v1/auths/add",
                               json={"name": "Twin", "email": member.email, "password": PASSWORD})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_only_an_admin_may_add_accounts(member: Person) -> None:
    response = member.http.post("/api/v1/auths/add",
                                json={"name": "Sneaky", "email": unique_email("sneaky"), "password": PASSWORD})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_the_list_has_every_account_and_the_total(admin: Person, member: Person) -> None:
    listing = admin.http.get("/api/v1/users/").json()
    assert {admin.id, member.id} <= {u["id"] for u in listing["users"]}
    assert listing["total"] >= 2


def test_listed_users_have_open_webuis_fields(admin: Person, member: Person) -> None:
    listed = admin.http.get("/api/v1/users/").json()["users"][0]
    assert USER_FIELDS | {"group_ids"} <= listed.keys()


def test_the_list_can_be_searched_by_name_or_email(admin: Person) -> None:
    found = _add(admin, name="Grace Hopper")
    assert _listed_ids(admin, query="grace hop") == {found["id"]}
    assert _listed_ids(admin, query=found["email"]) == {found["id"]}


def test_the_list_is_paged_thirty_at_a_time(admin: Person) -> None:
    total = admin.http.get("/api/v1/users/").json()["total"]
    for _ in range(max(0, 31 - total)):
        _add(admin)
    assert len(admin.http.get("/api/v1/users/", params={"page": 1}).json()["users"]) == 30
    assert len(admin.http.get("/api/v1/users/", params={"page": 2}).json()["users"]) >= 1


def test_only_an_admin_may_list_accounts(member: Person) -> None:
    assert member.http.get("/api/v1/users/").status_code == 401


def test_an_admin_reads_one_account(admin: Person, member: Person) -> None:
    user = admin.http.get(f"/api/v1/users/{member.id}").json()
    assert USER_FIELDS | {"groups", "is_active"} <= user.keys()
    assert (user["id"], user["email"], user["role"]) == (member.id, member.email, "user")


def test_only_an_admin_may_read_an_account(admin: Person, member: Person) -> None:
    assert member.http.get(f"/api/v1/users/{admin.id}").status_code == 401


def test_reading_an_unknown_account_is_not_found(admin: Person) -> None:
    response = admin.http.get("/api/v1/users/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_an_admin_changes_a_role(admin: Person) -> None:
    added = _add(admin)
    updated = admin.http.post(f"/api/v1/users/{added['id']}/update", json={"role": "user"}).json()
    assert USER_FIELDS <= updated.keys()
    assert admin.http.get(f"/api/v1/users/{added['id']}").json()["role"] == updated["role"] == "user"


def test_an_admin_changes_name_and_email(admin: Person) -> None:
    added, email = _add(admin), unique_email("moved")
    admin.http.post(f"/api/v1/users/{added['id']}/update", json={"name": "Moved", "email": email}).raise_for_status()
    user = admin.http.get(f"/api/v1/users/{added['id']}").json()
    assert (user["name"], user["email"]) == ("Moved", email)


def test_a_released_email_can_be_registered_again(admin: Person) -> None:
    added = _add(admin)
    admin.http.post(f"/api/v1/users/{added['id']}/update", json={"email": unique_email("moved")}).raise_for_status()
    assert _add(admin, email=added["email"])["email"] == added["email"]


def test_an_admin_sets_a_new_password(server: InProcessServer, admin: Person) -> None:
    added = _add(admin, role="user")
    admin.http.post(f"/api/v1/users/{added['id']}/update", json={"password": "set by the admin"}).raise_for_status()
    assert people.sign_in(server, added["email"], password="set by the admin").id == added["id"]


def test_an_unknown_role_is_refused(admin: Person) -> None:
    added = _add(admin)
    response = admin.http.post(f"/api/v1/users/{added['id']}/update", json={"role": "owner"})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_only_an_admin_may_change_an_account(member: Person) -> None:
    response = member.http.post(f"/api/v1/users/{member.id}/update", json={"role": "admin"})
    assert response.status_code == 401


def test_nobody_demotes_the_founding_admin(server: InProcessServer, admin: Person) -> None:
    second = _add(admin, role="admin")
    other = people.sign_in(server, second["email"])
    response = other.http.post(f"/api/v1/users/{admin.id}/update", json={"role": "user"})
    assert response.status_code == 403
    assert response.json()["detail"]


def test_an_admin_deletes_an_account(admin: Person) -> None:
    added = _add(admin)
    assert admin.http.delete(f"/api/v1/users/{added['id']}").json() is True
    assert added["id"] not in _listed_ids(admin, query=added["email"])


def test_a_deleted_account_is_not_found(admin: Person) -> None:
    added = _add(admin)
    admin.http.delete(f"/api/v1/users/{added['id']}").raise_for_status()
    assert admin.http.get(f"/api/v1/users/{added['id']}").status_code == 404


def test_a_deleted_account_cannot_sign_in(server: InProcessServer, admin: Person) -> None:
    added = _add(admin, role="user")
    admin.http.delete(f"/api/v1/users/{added['id']}").raise_for_status()
    response = anonymous(server).post("/api/v1/auths/signin", json={"email": added["email"], "password": PASSWORD})
    assert response.status_code == 400


def test_a_deleted_accounts_chats_are_deleted_with_it(server: InProcessServer, admin: Person) -> None:
    added = _add(admin, role="user")
    leaving = people.sign_in(server, added["email"])
    kept = leaving.http.post("/api/v1/chats/new", json=conversation()).json()["id"]
    archived = leaving.http.post("/api/v1/chats/new", json=conversation()).json()["id"]
    leaving.http.post(f"/api/v1/chats/{archived}/archive").raise_for_status()
    share_id = leaving.http.post(f"/api/v1/chats/{kept}/share").json()["share_id"]
    leaving.http.post(f"/api/v1/chats/shared/{kept}/access/update", json={"access_grants": [
        {"principal_type": "user", "principal_id": admin.id, "permission": "read"}]}).raise_for_status()
    assert admin.http.get(f"/api/v1/chats/share/{share_id}").status_code == 200

    people.delete_person(admin, added["id"])
    assert admin.http.get(f"/api/v1/chats/share/{share_id}").status_code == 401  # Open WebUI's answer
    for chat_id in (kept, archived):
        events = admin.http.get("/api/v1/events", params={"context": "chats", "aggregate_id": chat_id}).json()
        assert events["events"][-1]["type"] == "Chat.Deleted"


def test_deleting_an_account_names_where_to_watch_its_chats_and_files_go(admin: Person) -> None:
    response = admin.http.delete(f"/api/v1/users/{_add(admin)['id']}")
    monitor = response.links["monitor"]["url"]
    assert monitor.startswith("/api/v1/events/reactions/person_deletion?position=")
    assert admin.http.get(monitor).json().keys() == {"name", "context", "position", "done"}


def test_an_admin_cannot_delete_themselves(admin: Person) -> None:
    response = admin.http.delete(f"/api/v1/users/{admin.id}")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_deleting_an_unknown_account_is_not_found(admin: Person) -> None:
    assert admin.http.delete("/api/v1/users/00000000-0000-0000-0000-000000000000").status_code == 404


def test_only_an_admin_may_delete_an_account(admin: Person, member: Person) -> None:
    added = _add(admin)
    assert member.http.delete(f"/api/v1/users/{added['id']}").status_code == 401
    assert admin.http.get(f"/api/v1/users/{added['id']}").status_code == 200


def test_reading_a_malformed_user_id_is_not_found(admin: Person) -> None:
    assert admin.http.get("/api/v1/users/not-a-uuid").status_code == 404


def test_changing_a_malformed_user_id_is_not_found(admin: Person) -> None:
    assert admin.http.post("/api/v1/users/not-a-uuid/update", json={"name": "X"}).status_code == 404


def test_anyone_signed_in_sees_what_the_app_shows_of_a_person_it_names(admin: Person, member: Person) -> None:
    info = member.http.get(f"/api/v1/users/{admin.id}/info").json()
    assert (info["id"], info["name"], info["groups"]) == (admin.id, "admin", [])
    assert member.http.get("/api/v1/users/no-such-person/info").status_code == 404


def test_an_admin_exports_every_account_in_one_answer(admin: Person, member: Person) -> None:
    response = admin.http.get("/api/v1/users/all")
    assert response.status_code == 200
    listed = response.json()
    assert listed["total"] == len(listed["users"]) >= 2
    mine = next(user for user in listed["users"] if user["id"] == member.id)
    assert (mine["name"], mine["email"], mine["role"]) == (member.http.get("/api/v1/auths/").json()["name"],
                                                            member.email, "user")
    assert member.http.get("/api/v1/users/all").status_code in (401, 403)
