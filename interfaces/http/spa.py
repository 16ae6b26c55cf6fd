"""The Open WebUI app at ``/``: its files as shipped, and ``index.html`` for its client routes.

API paths never fall back to the app: an unknown ``/api/...`` stays a JSON 404, and so does a
missing script or asset (a stale tab asking for an old chunk must fail, not get HTML).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath
from typing import Any

from litestar import HttpMethod, MediaType, Request, Response, get, route
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.file_system import BaseLocalFileSystem
from litestar.response import File
from litestar.static_files import StaticFiles, create_static_files_router

from interfaces.http.access import public
from interfaces.http.branding import branded
from interfaces.http.errors import NOT_FOUND

API_ROOTS = frozenset({"api", "ws", "docs", "health", "openai", "ollama", "oauth", "schema"})
SHIPPED_DIRECTORIES = ("static", "assets", "pyodide", "wasm", "audio")
ASSET_SUFFIXES = (".js", ".mjs", ".css", ".map", ".wasm", ".json")
PAGE_METHODS = [HttpMethod.GET, HttpMethod.HEAD]
"""Link checkers, uptime monitors and proxies ask for a page's headers alone."""
NO_CACHE = CacheControlHeader(no_cache=True)
FOREVER = CacheControlHeader(public=True, max_age=31_536_000, immutable=True)
NOT_INSTALLED = ("Annals is running; its API is at /api and documented at /docs.\n"
                 "The Open WebUI app is not installed: run `annals spa` (or `make run`), then restart.\n")


def spa_routes(directory: Path | None, webui_name: str) -> list[Any]:
    if directory is None:
        return [not_installed]
    _register_web_types()
    shipped = StaticFiles(is_html_mode=False, directories=[directory], file_system=BaseLocalFileSystem())
    index = directory / "index.html"

    @route("/", http_method=PAGE_METHODS, include_in_schema=False, guards=[public])
    async def app_index() -> File:
        return _page(index)

    @route("/{file_path:path}", http_method=PAGE_METHODS, include_in_schema=False, guards=[public])
    async def client_route(file_path: PurePosixPath) -> File:
        """A file at the app's top level (``/favicon.png``), else the app for a client route."""
        relative = file_path.as_posix().lstrip("/")
        if relative.split("/", 1)[0] in API_ROOTS:
            raise NotFoundException(NOT_FOUND)
        found, info = await shipped.get_fs_info(shipped.directories, PurePosixPath(relative))
        if found is not None and info is not None and info["type"] == "file":
            if found.suffix == ".html":
                return _page(found)
            return File(found, filename=found.name, content_disposition_type="inline")
        if relative.endswith(ASSET_SUFFIXES):
            raise NotFoundException(NOT_FOUND)
        return _page(index)

    @get("/manifest.json", include_in_schema=False, cache_control=NO_CACHE, guards=[public])
    async def manifest() -> dict[str, Any]:
        return _manifest(branded(webui_name))

    return [app_index, client_route, manifest, *_file_routers(directory)]


def _page(path: Path) -> File:
    """HTML is never cached without asking: a stale page would name chunks of an older build."""
    return File(path, filename=path.name, media_type=MediaType.HTML, content_disposition_type="inline",
                headers={NO_CACHE.HEADER_NAME: NO_CACHE.to_header()})


@get("/", include_in_schema=False, media_type=MediaType.TEXT, sync_to_thread=False, guards=[public])
def not_installed() -> str:
    return NOT_INSTALLED


def _file_routers(directory: Path) -> list[Any]:
    handlers = {NotFoundException: _not_found}
    routers = [
        create_static_files_router(f"/{name}", [directory / name], name=f"spa-{name}",
                                   exception_handlers=handlers, guards=[public])  # type: ignore[arg-type]
        for name in SHIPPED_DIRECTORIES if (directory / name).is_dir()
    ]
    app_files = directory / "_app"
    if (app_files / "immutable").is_dir():
        # SvelteKit names these by content hash: a name never changes meaning, so cache for ever.
        routers.append(create_static_files_router("/_app/immutable", [app_files / "immutable"],
                                                  name="spa-immutable", cache_control=FOREVER,
                                                  exception_handlers=handlers, guards=[public]))  # type: ignore[arg-type]
    if app_files.is_dir():
        routers.append(create_static_files_router("/_app", [app_files], name="spa-app", cache_control=NO_CACHE,
                                                  exception_handlers=handlers, guards=[public]))  # type: ignore[arg-type]
    return routers


def _not_found(request: Request[Any, Any, Any], error: NotFoundException) -> Response[Any]:
    """Litestar's message names the server's own path; ours names nothing."""
    return Response({"detail": NOT_FOUND}, status_code=404)


def _register_web_types() -> None:
    """Browsers refuse module scripts and streamed WebAssembly served with a generic type."""
    for media_type, suffix in (("text/javascript", ".js"), ("text/javascript", ".mjs"),
                               ("application/wasm", ".wasm"), ("image/webp", ".webp")):
        mimetypes.add_type(media_type, suffix)


def _manifest(name: str) -> dict[str, Any]:
    """Open WebUI's own generated manifest, its icons and name kept as its license requires."""
    icon = {"src": "/static/logo.png", "type": "image/png", "sizes": "500x500"}
    return {
        "name": name, "short_name": name,
        "description": f"{name} is an open, extensible, user-friendly interface for AI that adapts to your workflow.",
        "start_url": "/", "display": "standalone", "background_color": "#343541",
        "icons": [{**icon, "purpose": "any"}, {**icon, "purpose": "maskable"}],
        "share_target": {"action": "/", "method": "GET", "params": {"text": "shared"}},
    }
