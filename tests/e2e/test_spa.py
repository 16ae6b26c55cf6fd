"""The Open WebUI app at ``/``, as ``annals serve`` serves it, and ``annals spa``, which installs it.

The servers here find a tiny stand-in for the app in their data directory, and the installer gets
a small wheel built by the test, so nothing is downloaded.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from infrastructure.spa import OPEN_WEBUI_VERSION
from tests.e2e.server import AnnalsProcess

INDEX = "<!doctype html><title>Open WebUI</title>"
CHUNK = "export const chunk = 1;"
FAVICON = b"\x89PNG favicon"
SPA_FILES = {
    "index.html": INDEX.encode(),
    "_app/version.json": b'{"version":"test"}',
    "_app/immutable/x.js": CHUNK.encode(),
    "static/favicon.png": FAVICON,
    "favicon.png": FAVICON,
}
SECRET = "not for the web"


def _write_spa(data_dir: Path) -> None:
    for name, content in SPA_FILES.items():
        path = data_dir / "spa" / OPEN_WEBUI_VERSION / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    (data_dir / "secret.txt").write_text(SECRET)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    data_dir = tmp_path_factory.mktemp("annals-spa")
    _write_spa(data_dir)
    process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir)}, data_dir).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def bare_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    data_dir = tmp_path_factory.mktemp("annals-no-spa")
    process = AnnalsProcess({"ANNALS_DATA_DIR": str(data_dir)}, data_dir).start()
    yield process
    process.stop()


def _get(server: AnnalsProcess, path: str) -> httpx.Response:
    return httpx.get(server.base_url + path, timeout=10)


# --- Serving -------------------------------------------------------------------------------------

def test_the_app_is_served_at_the_root(app_server: AnnalsProcess) -> None:
    response = _get(app_server, "/")
    assert (response.status_code, response.text) == (200, INDEX)
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("route", ["/c/0b7d3b1e-3c7a-4c1e-9a55-2f4c1d1f2a10", "/auth", "/admin/settings/general"])
def test_a_client_route_gets_the_app(app_server: AnnalsProcess, route: str) -> None:
    response = _get(app_server, route)
    assert (response.status_code, response.text) == (200, INDEX)


@pytest.mark.parametrize("path", ["/", "/c/0b7d3b1e-3c7a-4c1e-9a55-2f4c1d1f2a10", "/favicon.png"])
def test_a_head_request_gets_the_headers_of_the_get_without_its_body(app_server: AnnalsProcess, path: str) -> None:
    head, got = httpx.head(app_server.base_url + path, timeout=10), _get(app_server, path)
    assert (head.status_code, head.content) == (200, b"")
    assert (head.headers["content-type"], head.headers["content-length"]) == (
        got.headers["content-type"], str(len(got.content)))


@pytest.mark.parametrize("path", ["/_app/immutable/x.js", "/static/favicon.png"])
def test_a_head_request_finds_the_apps_files(app_server: AnnalsProcess, path: str) -> None:
    head = httpx.head(app_server.base_url + path, timeout=10)
    assert (head.status_code, head.content, head.headers["content-length"]) == (
        200, b"", str(len(_get(app_server, path).content)))


@pytest.mark.parametrize("route", ["/", "/c/some-chat"])
def test_the_app_page_is_revalidated_before_reuse(app_server: AnnalsProcess, route: str) -> None:
    assert _get(app_server, route).headers["cache-control"] == "no-cache"


def test_immutable_chunks_are_cached_for_a_year(app_server: AnnalsProcess) -> None:
    response = _get(app_server, "/_app/immutable/x.js")
    assert (response.status_code, response.text) == (200, CHUNK)
    assert {"max-age=31536000", "immutable"} <= {d.strip() for d in response.headers["cache-control"].split(",")}


def test_the_build_version_is_revalidated_before_reuse(app_server: AnnalsProcess) -> None:
    assert _get(app_server, "/_app/version.json").headers["cache-control"] == "no-cache"


def test_scripts_are_served_as_javascript(app_server: AnnalsProcess) -> None:
    assert _get(app_server, "/_app/immutable/x.js").headers["content-type"].startswith("text/javascript")


@pytest.mark.parametrize("path", ["/_app/immutable/gone.js", "/gone.js", "/c/gone.js"])
def test_a_missing_script_is_a_404_not_the_app(app_server: AnnalsProcess, path: str) -> None:
    assert _get(app_server, path).status_code == 404


def test_static_files_come_from_the_apps_static_directory(app_server: AnnalsProcess) -> None:
    response = _get(app_server, "/static/favicon.png")
    assert (response.status_code, response.content) == (200, FAVICON)
    assert response.headers["content-type"] == "image/png"


def test_files_at_the_apps_top_level_are_served(app_server: AnnalsProcess) -> None:
    assert _get(app_server, "/favicon.png").content == FAVICON


def test_a_missing_file_answers_404_without_naming_server_paths(app_server: AnnalsProcess) -> None:
    response = _get(app_server, "/static/gone.png")
    assert response.status_code == 404
    assert "spa" not in response.json()["detail"]


@pytest.mark.parametrize("path", ["/static/%2e%2e/%2e%2e/%2e%2e/secret.txt", "/%2e%2e/%2e%2e/secret.txt",
                                  "/static/..%2f..%2f..%2fsecret.txt"])
def test_no_path_leads_out_of_the_app(app_server: AnnalsProcess, path: str) -> None:
    assert SECRET not in _get(app_server, path).text


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_an_unknown_api_path_stays_a_json_404(app_server: AnnalsProcess, method: str) -> None:
    response = httpx.request(method, app_server.base_url + "/api/v1/no-such-thing", timeout=10)
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["/health", "/api/config", "/api/version", "/docs"])
def test_the_api_answers_beside_the_app(app_server: AnnalsProcess, path: str) -> None:
    response = _get(app_server, path)
    assert response.status_code == 200
    assert response.text != INDEX


def test_the_manifest_keeps_open_webuis_name_and_icons(app_server: AnnalsProcess) -> None:
    manifest = _get(app_server, "/manifest.json").json()
    assert manifest["name"].endswith("(Open WebUI)")
    assert {icon["src"] for icon in manifest["icons"]} == {"/static/logo.png"}


def test_the_app_config_keeps_open_webuis_name(app_server: AnnalsProcess) -> None:
    assert _get(app_server, "/api/config").json()["name"] == "Annals (Open WebUI)"


def test_without_the_app_the_root_says_how_to_install_it(bare_server: AnnalsProcess) -> None:
    response = _get(bare_server, "/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "annals spa" in response.text


def test_without_the_app_the_api_still_answers(bare_server: AnnalsProcess) -> None:
    assert _get(bare_server, "/api/config").status_code == 200


# --- Installing ----------------------------------------------------------------------------------

WHEEL_NAME = f"open_webui-{OPEN_WEBUI_VERSION}-py3-none-any.whl"
FRONTEND_FILES = {"open_webui/frontend/index.html": INDEX, "open_webui/frontend/_app/immutable/x.js": CHUNK}
BACKEND_FILES = {"open_webui/main.py": "print('backend')", "open_webui-0.12.4.dist-info/METADATA": "Name: x"}


def _wheel(cache: Path, members: dict[str, str]) -> Path:
    """A small stand-in for the open-webui wheel, where ``annals spa`` caches downloads."""
    wheels = cache / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheels / WHEEL_NAME, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return wheels / WHEEL_NAME


def _install(data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``annals spa`` with downloads made impossible: it must make do with the cache."""
    env = {"PATH": "/usr/bin:/bin", "ANNALS_DATA_DIR": str(data_dir), "PIP_NO_INDEX": "1",
           "PIP_FIND_LINKS": str(data_dir / "nowhere"), "PIP_CONFIG_FILE": "/dev/null"}
    return subprocess.run([sys.executable, "-m", "interfaces.cli.main", "spa"], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def _installed(data_dir: Path) -> Path:
    return data_dir / "spa" / OPEN_WEBUI_VERSION


def test_installing_extracts_the_frontend_from_the_cached_wheel(tmp_path: Path) -> None:
    _wheel(tmp_path / "cache", {**FRONTEND_FILES, **BACKEND_FILES})
    result = _install(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (_installed(tmp_path) / "_app" / "immutable" / "x.js").read_text() == CHUNK


def test_installing_keeps_nothing_but_the_frontend(tmp_path: Path) -> None:
    _wheel(tmp_path / "cache", {**FRONTEND_FILES, **BACKEND_FILES})
    _install(tmp_path)
    kept = {p.relative_to(_installed(tmp_path)).as_posix() for p in _installed(tmp_path).rglob("*") if p.is_file()}
    assert kept == {"index.html", "_app/immutable/x.js"}


def test_installing_again_changes_nothing(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "cache", FRONTEND_FILES)
    _install(tmp_path)
    index = _installed(tmp_path) / "index.html"
    before = index.stat().st_mtime_ns
    wheel.unlink()  # the second run must not even need the wheel
    result = _install(tmp_path)
    assert (result.returncode, index.stat().st_mtime_ns) == (0, before)
    assert "already installed" in result.stdout


def test_a_wheel_without_an_app_installs_nothing(tmp_path: Path) -> None:
    _wheel(tmp_path / "cache", BACKEND_FILES)
    result = _install(tmp_path)
    assert result.returncode == 1
    assert [p.name for p in (tmp_path / "spa").iterdir() if not p.name.startswith(".install")] == []


def test_a_wheel_member_escaping_the_frontend_is_refused(tmp_path: Path) -> None:
    _wheel(tmp_path / "cache", {**FRONTEND_FILES, "open_webui/frontend/../../../escaped.txt": "x"})
    assert _install(tmp_path).returncode == 1
    assert not any(tmp_path.rglob("escaped.txt"))
    assert not _installed(tmp_path).exists()


def test_without_a_cached_wheel_or_an_index_installing_fails_cleanly(tmp_path: Path) -> None:
    result = _install(tmp_path)
    assert result.returncode == 1
    assert "open-webui==" in result.stderr
    assert not _installed(tmp_path).exists()
