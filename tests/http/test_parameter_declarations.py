"""Every parameter of every route says where it comes from (``FromPath``, ``FromQuery``, a
``QueryParameter`` with its name, ``JSONBody``, ``NamedDependency``): the styles Litestar infers
instead stop working in Litestar 3, and until then each one costs a warning per application built
(about 350 per build, 40,000 in a run of the suite, before they were declared)."""

from __future__ import annotations

import warnings
from pathlib import Path

from litestar.exceptions import LitestarDeprecationWarning

from interfaces.http.app import create_app
from tests.http.app import settings_for_tests


def test_the_application_builds_without_a_deprecated_declaration(tmp_path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", LitestarDeprecationWarning)
        create_app(settings_for_tests(tmp_path))
