from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.grants import GROUP, USER, Grant, normalised, without_group
from domain.knowledge.errors import FileNotInKnowledgeError, InvalidKnowledgeError, KnowledgeNotFoundError

MAX_NAME, MAX_DESCRIPTION = 1000, 10_000
PENDING, PROCESSING, COMPLETED, FAILED = "pending", "processing", "completed", "failed"
"""A file's processing for a base (chunks, embeddings, index): added and waiting, under way, done,
or failed with a reason. Open WebUI's ``file.data.status`` words."""


class KnowledgeBase(Aggregate):
    """A knowledge base: a named set of files (the Files context's, by id) that its owner, admins
    and the holders of its grants may read, and its owner, admins and write grants may change.

    It keeps only what its rules need: the owner, the grants, and each file's processing status
    (so that the pipeline's reports are checked against the files the base holds). Names and
    descriptions live in the events and the views. Grants go to people or groups, never to anyone
    signed out: Open WebUI offers no such audience for knowledge.
    """

    @classmethod
    def create(cls, *, knowledge_id: UUID, owner_id: str, name: str, description: str,
               access_grants: list[Grant]) -> KnowledgeBase:
        _check(name, description)
        return cls(id=knowledge_id, owner_id=owner_id, name=name, description=description,
                   access_grants=_grants(access_grants))

    class Created(Aggregate.Created):
        owner_id: str
        """Who created it, and so owns it."""
        name: str
        description: str
        access_grants: list[Grant]

    @event(Created)
    def __init__(self, *, id: UUID, owner_id: str, name: str, description: str, access_grants: list[Grant]) -> None:
        self.owner_id = owner_id
        self.grants = access_grants
        self.files: dict[str, str] = {}
        """Each file's id and its processing status, in the order added."""
        self.deleted = False

    def update(self, *, actor_id: str, name: str, description: str) -> None:
        self._check_live()
        _check(name, description)
        self._update(actor_id=actor_id, name=name, description=description)

    class Updated(Aggregate.Event):
        actor_id: str
        name: str
        description: str

    @event(Updated)
    def _update(self, *, actor_id: str, name: str, description: str) -> None:
        pass

    def change_access(self, *, actor_id: str, access_grants: list[Grant]) -> None:
        self._check_live()
        grants = _grants(access_grants)
        if grants != self.grants:
            self._change_access(actor_id=actor_id, access_grants=grants)

    def withdraw_group(self, *, actor_id: str, group_id: str) -> bool:
        """A deleted group's grants go; whether it had any."""
        kept = without_group(self.grants, group_id)
        if kept == self.grants:
            return False
        self.change_access(actor_id=actor_id, access_grants=kept)
        return True

    class AccessChanged(Aggregate.Event):
        actor_id: str
        access_grants: list[Grant]

    @event(AccessChanged)
    def _change_access(self, *, actor_id: str, access_grants: list[Grant]) -> None:
        self.grants = access_grants

    def add_files(self, *, actor_id: str, file_ids: Iterable[str]) -> list[str]:
        """The files not held yet are added, waiting to be processed; the ones added are returned."""
        self._check_live()
        new = [file_id for file_id in dict.fromkeys(file_ids) if file_id not in self.files]
        if new:
            self._add_files(actor_id=actor_id, file_ids=new)
        return new

    class FilesAdded(Aggregate.Event):
        actor_id: str
        file_ids: list[str]

    @event(FilesAdded)
    def _add_files(self, *, actor_id: str, file_ids: list[str]) -> None:
        for file_id in file_ids:
            self.files[file_id] = PENDING

    def remove_file(self, *, actor_id: str, file_id: str) -> None:
        self._check_holds(file_id)
        self._remove_file(actor_id=actor_id, file_id=file_id)

    class FileRemoved(Aggregate.Event):
        actor_id: str
        file_id: str

    @event(FileRemoved)
    def _remove_file(self, *, actor_id: str, file_id: str) -> None:
        del self.files[file_id]

    def drop_file(self, *, actor_id: str, file_id: str) -> bool:
        """A file that no longer exists leaves every base that held it; whether this one did."""
        if self.deleted or file_id not in self.files:
            return False
        self._remove_file(actor_id=actor_id, file_id=file_id)
        return True

    def reset(self, *, actor_id: str) -> None:
        """Every file leaves the base (Open WebUI's reset); the base, its name and grants stay."""
        self._check_live()
        self._reset(actor_id=actor_id)

    class Reset(Aggregate.Event):
        actor_id: str

    @event(Reset)
    def _reset(self, *, actor_id: str) -> None:
        self.files = {}

    def delete(self, *, actor_id: str) -> None:
        self._check_live()
        self._delete(actor_id=actor_id)

    class Deleted(Aggregate.Event):
        actor_id: str

    @event(Deleted)
    def _delete(self, *, actor_id: str) -> None:
        self.deleted = True
        self.files = {}

    # -- a file's processing for this base, as the pipeline reports it -----------------------------

    def request_processing(self, *, actor_id: str, file_id: str) -> None:
        """The file is to be processed anew (its content changed: Open WebUI's ``file/update``)."""
        self._check_holds(file_id)
        self._request_processing(actor_id=actor_id, file_id=file_id)

    class ProcessingRequested(Aggregate.Event):
        actor_id: str
        file_id: str

    @event(ProcessingRequested)
    def _request_processing(self, *, actor_id: str, file_id: str) -> None:
        self.files[file_id] = PENDING

    def reprocess_if_held(self, *, actor_id: str, file_id: str) -> bool:
        """A file whose text changed is processed anew in every base that holds it; whether this one does."""
        if self.deleted or file_id not in self.files:
            return False
        self._request_processing(actor_id=actor_id, file_id=file_id)
        return True

    def start_processing(self, *, actor_id: str, file_id: str) -> None:
        """Processing (again, after a failure or a change of the file) begins."""
        self._check_holds(file_id)
        self._start_processing(actor_id=actor_id, file_id=file_id)

    class ProcessingStarted(Aggregate.Event):
        actor_id: str
        file_id: str

    @event(ProcessingStarted)
    def _start_processing(self, *, actor_id: str, file_id: str) -> None:
        self.files[file_id] = PROCESSING

    def complete_processing(self, *, actor_id: str, file_id: str) -> None:
        self._check_holds(file_id)
        if self.files[file_id] != COMPLETED:
            self._complete_processing(actor_id=actor_id, file_id=file_id)

    class ProcessingCompleted(Aggregate.Event):
        actor_id: str
        file_id: str

    @event(ProcessingCompleted)
    def _complete_processing(self, *, actor_id: str, file_id: str) -> None:
        self.files[file_id] = COMPLETED

    def fail_processing(self, *, actor_id: str, file_id: str, error: str) -> None:
        """``error`` says why, for the person who added the file to read."""
        self._check_holds(file_id)
        self._fail_processing(actor_id=actor_id, file_id=file_id, error=error)

    class ProcessingFailed(Aggregate.Event):
        actor_id: str
        file_id: str
        error: str

    @event(ProcessingFailed)
    def _fail_processing(self, *, actor_id: str, file_id: str, error: str) -> None:
        self.files[file_id] = FAILED

    def _check_live(self) -> None:
        if self.deleted:
            raise KnowledgeNotFoundError(self.id)

    def _check_holds(self, file_id: str) -> None:
        self._check_live()
        if file_id not in self.files:
            raise FileNotInKnowledgeError(self.id, file_id)


def _check(name: str, description: str) -> None:
    if not name.strip() or len(name) > MAX_NAME:
        raise InvalidKnowledgeError(f"a knowledge base needs a name of 1 to {MAX_NAME} characters")
    if len(description) > MAX_DESCRIPTION:
        raise InvalidKnowledgeError(f"a knowledge base's description may be at most {MAX_DESCRIPTION} characters")


def _grants(access_grants: list[Grant]) -> list[Grant]:
    return normalised(access_grants, principals=(USER, GROUP))
