"""The role a provider's role claim gives, and how a claim's values are read, as Open WebUI reads them."""

from __future__ import annotations

import pytest

from domain.identity.single_sign_on import ProviderRoleRefusedError, RoleMapping, claimed

ROLES = RoleMapping("realm_access.roles", ("user", "admin"), ("admin",))


def test_an_admin_role_makes_an_admin_even_beside_a_member_role():
    assert ROLES.role("pending", {"realm_access": {"roles": ["user", "admin"]}}) == "admin"


def test_an_allowed_role_makes_a_member():
    assert ROLES.role("pending", {"realm_access": {"roles": ["user"]}}) == "user"


def test_no_roles_sent_keep_the_role_had():
    assert ROLES.role("pending", {"email": "a@example.org"}) == "pending"


def test_roles_none_allowed_are_refused():
    with pytest.raises(ProviderRoleRefusedError):
        ROLES.role("user", {"realm_access": {"roles": ["guest"]}})


def test_a_wildcard_allows_any_role():
    assert RoleMapping("roles", ("*",), ("admin",)).role("pending", {"roles": "guest"}) == "user"


def test_a_claim_is_a_list_or_a_text_split_on_its_separator():
    assert claimed({"groups": ["a", "b"]}, "groups", separator=";") == ["a", "b"]
    assert claimed({"groups": "a; b;"}, "groups", separator=";") == ["a", "b"]
    assert claimed({"groups": True}, "groups", separator=";") == []
    assert claimed({"org": "flat"}, "org.teams", separator=";") == []
