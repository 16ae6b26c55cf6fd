"""A subject-access archive: everything Annals holds about one person, in one zip.

``events/<context>.jsonl``: every event about them or by them, decoded through its context (so
decrypted where it can be); ``views/``: their rows as the app shows them (profile, chats, folders,
ratings, knowledge bases, memories, model presets, groups); ``files/``: the bytes of their files;
``audit/entries.jsonl``: the audit trail's entries about them; ``manifest.json``: what each part
holds, its count and SHA-256, and the log positions the archive is as of; ``README.txt``: the same
in words.
"""

from __future__ import annotations

import hashlib
import time
import zipfile
from collections.abc import Callable, Mapping
from typing import IO, Any, Protocol

import msgspec
from eventsourcing.application import Application

from application.audit.trail import Entry, TrailFilter, TrailReader, every_entry
from application.event_log import last_position
from application.event_reading import event_data, read_positions

Json = dict[str, Any]
FORMAT = 1


class PersonViews(Protocol):
    """The read models' rows of one person (``infrastructure/person_views.py``)."""

    def profile(self, person: str) -> Json | None: ...

    def rows(self, person: str) -> dict[str, list[Json]]:
        """By view (``chats``, ``folders``, ``feedback``, ``knowledge``, ``memories``, ``models``,
        ``groups``): the person's rows."""

    def files(self, person: str) -> list[Json]: ...

    def file_bytes(self, file: Json) -> bytes | None:
        """None when the file's bytes are gone (erased)."""


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, step: str) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, step: str) -> None:
        pass


class PersonNotFoundError(LookupError):
    def __init__(self, person: str) -> None:
        super().__init__(f"no account {person}")
        self.person = person


class PersonArchives:
    """Each person's archive, as of where every log stands when it is asked for (the views caught
    up to there first): what the HTTP route and ``annals export-person`` both write."""

    def __init__(self, contexts: Mapping[str, Application], trail: TrailReader, views: PersonViews,
                 caught_up: Callable[[str, int], None]) -> None:
        self._contexts, self._trail, self._views, self._caught_up = contexts, trail, views, caught_up

    def export(self, person: str, out: IO[bytes], progress: Progress | None = None) -> Json:
        return export_person(person, self._contexts, self._trail, self._views, out, self._caught_up, progress)


def export_person(person: str, contexts: Mapping[str, Application], trail: TrailReader, views: PersonViews,
                  out: IO[bytes], caught_up: Callable[[str, int], None],
                  progress: Progress | None = None) -> Json:
    """Writes the archive to ``out``; returns its manifest. ``caught_up(context, position)`` returns
    once the views hold that context's log up to there."""
    progress = progress or NoProgress()
    as_of = {name: last_position(app) for name, app in contexts.items()}
    for name, position in as_of.items():
        caught_up(name, position)
    profile = views.profile(person)
    if profile is None:
        raise PersonNotFoundError(person)
    files, rows = views.files(person), views.rows(person)
    progress.start(1 + len(contexts) + 1 + len(rows) + len(files))
    archive = _Archive(out)
    entries = list(every_entry(trail, TrailFilter(person=person), {n.lower(): p for n, p in as_of.items()}))
    archive.put("audit/entries.jsonl", _lines(entries), len(entries), "audit trail entries by or about them")
    progress.advance("audit trail")
    for name, app in contexts.items():
        events = _events(app, [e["position"] for e in entries if e["context"] == name.lower()])
        archive.put(f"events/{name.lower()}.jsonl", _lines(events), len(events), f"their events in the {name} log")
        progress.advance(f"{name} events")
    archive.put("views/profile.json", msgspec.json.encode(profile), 1, "their account as the app shows it")
    progress.advance("profile")
    for view, found in rows.items():
        archive.put(f"views/{view}.jsonl", _lines(found), len(found), f"their {view}")
        progress.advance(view)
    for file in files:
        _put_file(archive, file, views.file_bytes(file))
        progress.advance(f"file {file['id']}")
    return archive.close(person, as_of)


def _events(app: Application, positions: list[int]) -> list[Json]:
    notifications = read_positions(app, positions)
    return [{"position": p, "aggregate_id": str(n.originator_id), "aggregate_version": n.originator_version,
             "topic": n.topic, "data": event_data(app, n)} for p, n in sorted(notifications.items())]


def _put_file(archive: _Archive, file: Json, data: bytes | None) -> None:
    archive.put(f"files/{file['id']}.json", msgspec.json.encode(file), 1, "a file's record")
    if data is not None:
        archive.put(f"files/{file['id']}.bin", data, 1, f"the bytes of {file.get('filename') or 'a file'}")


def _lines(rows: list[Entry] | list[Json]) -> bytes:
    return b"".join(msgspec.json.encode(row) + b"\n" for row in rows)


class _Archive:
    def __init__(self, out: IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
        self._parts: list[Json] = []

    def put(self, path: str, data: bytes, count: int, what: str) -> None:
        self._zip.writestr(path, data)
        self._parts.append({"path": path, "what": what, "count": count, "bytes": len(data),
                            "sha256": hashlib.sha256(data).hexdigest()})

    def close(self, person: str, as_of: Mapping[str, int]) -> Json:
        manifest = {"format": FORMAT, "person": person, "created_at": time.time(),
                    "as_of": dict(as_of), "parts": self._parts}
        self._zip.writestr("manifest.json", msgspec.json.format(msgspec.json.encode(manifest)))
        self._zip.writestr("README.txt", README.format(person=person))
        self._zip.close()
        return manifest


README = """Everything Annals holds about the person {person}
==================================================================

This archive answers a subject-access request. It was made from the event logs, which are the
record of everything that happened, and from the views the app reads, as of the log positions
named in manifest.json ("as_of": each context's last event when the archive was made).

  events/<context>.jsonl  every event by or about this person, in log order, decoded (decrypted
                          where the key still exists; erased data shows as erased). "data" holds
                          the event's fields as stored; "topic" names the kind of event.
  views/profile.json      the account as the app shows it
  views/<view>.jsonl      one per line: their chats (with every message), folders, ratings, the
                          knowledge bases and model presets they made, their memories, and the
                          groups they are in (directly or through a group below)
  files/<id>.json         the record of each of their files (name, type, size)
  files/<id>.bin          the file's bytes, when they have not been erased
  audit/entries.jsonl     the audit trail's entries by or about them: sign-ins and sign-outs (with
                          the network address they came from), refused requests, and each time an
                          administrator read their data ("Disclosure.Recorded")
  manifest.json           every part above with what it is, how many records, its size and its
                          SHA-256, so that a copy can be checked (sha256sum)

Times are seconds since 1970 (UTC) unless written as dates.
"""
