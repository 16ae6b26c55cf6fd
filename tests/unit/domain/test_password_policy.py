import pytest

from domain.identity.errors import WeakPasswordError
from domain.identity.password_policy import MAX_LENGTH, check_new_password


@pytest.mark.parametrize("password", ["", "short", "1234567"])
def test_a_password_under_eight_characters_is_refused(password: str) -> None:
    with pytest.raises(WeakPasswordError, match="at least 8"):
        check_new_password(password)


@pytest.mark.parametrize("password", ["password", "Password1", "12345678", "qwertyuiop", "iloveyou"])
def test_the_most_common_passwords_are_refused_whatever_their_case(password: str) -> None:
    with pytest.raises(WeakPasswordError, match="most common"):
        check_new_password(password)


def test_a_password_over_the_maximum_is_refused() -> None:
    with pytest.raises(WeakPasswordError, match="at most"):
        check_new_password("x" * (MAX_LENGTH + 1))


@pytest.mark.parametrize("password", ["correct horse battery staple", " spaces kept ", "ü" * 64])
def test_long_unusual_passwords_pass_exactly_as_typed(password: str) -> None:
    check_new_password(password)
