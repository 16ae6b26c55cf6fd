"""A web server of profile pictures, as an identity provider's ``picture`` claim points at: one
picture, one too large, a page that is no picture, and a page that says it is one."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from infrastructure.profile_pictures import MAX_PICTURE_BYTES

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJ"
                       "RU5ErkJggg==")
PAGE = b"<html><script>alert(1)</script></html>"
SERVED = {"/photo.png": ("image/png", PNG), "/huge.png": ("image/png", PNG + bytes(MAX_PICTURE_BYTES)),
          "/page.html": ("text/html", PAGE), "/liar.png": ("image/png", PAGE)}


class _Pictures(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        media_type, body = SERVED.get(self.path, ("text/plain", b"not here"))
        self.send_response(200 if self.path in SERVED else 404)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def picture_server() -> Iterator[str]:
    """The server's address (on loopback, which the picture guard refuses unless allowed)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pictures)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
