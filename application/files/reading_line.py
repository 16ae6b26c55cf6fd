"""Documents wait in a line of bounded length to be read. A ``DocumentReader`` is slow (seconds for a
long PDF) and reads one document at a time, and each upload waiting for it holds one of the server's
worker threads, which chats share: left unbounded, a burst of large uploads would take them all and
stall every chat. Past the line's length an upload is refused at once, before anything of it is
stored, saying why and when to try again (HTTP 503 with ``Retry-After``)."""

from __future__ import annotations

import threading

from application.files.ports import DocumentReader, Extracted

RETRY_SECONDS = 5
BUSY = ("{waiting} documents are being read or waiting to be, the most this server takes at once; "
        "nothing of this file was stored. Send it again in a few seconds.")


class DocumentsBusyError(Exception):
    """The line is full: the upload was refused whole, to be sent again."""

    retry_after = RETRY_SECONDS


class ReadingLine:
    """A ``DocumentReader`` taking at most ``places`` documents at once (the one being read and
    those waiting for it)."""

    def __init__(self, reader: DocumentReader, places: int) -> None:
        if places < 1:
            raise ValueError("a reading line has at least one place")
        self._reader = reader
        self._places = places
        self._free = threading.BoundedSemaphore(places)

    def read(self, kind: str, data: bytes) -> Extracted:
        if not self._free.acquire(blocking=False):
            raise DocumentsBusyError(BUSY.format(waiting=self._places))
        try:
            return self._reader.read(kind, data)
        finally:
            self._free.release()
