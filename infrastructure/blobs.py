"""Files' bytes on the local filesystem: ``<root>/<first two characters of the key>/<key>``.

Keys are the server's own file ids (and ``<id>.txt`` for a file's extracted text, ``<id>.json``
for a converted document's structure), checked here again, so no name a person chose can ever
become a path. Writes go to a temporary file that is synced and then renamed, so a blob is whole
or absent. The embedded default keeps them under the
data directory; a production deployment points ``ANNALS_FILES_DIR`` at a volume every API replica
shares."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from application.files.ports import BlobMissingError

_KEY = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.txt|\.json)?$")


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise BlobMissingError(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a blob key: {key!r}")
        return self._root / key[:2] / key
