from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.chats.errors import FolderCycleError, FolderNotFoundError
from domain.privacy.presets import FOLDER, CreatorOf, Naming, named_presets, no_presets


class Folder(Aggregate):
    """A person's folder of chats, possibly inside another of their folders.

    Keeps its name and parent (for the name index and cycle checks), never its data or meta: those
    are merged by the read model, as Open WebUI merges them.
    """

    class Created(Aggregate.Created):
        owner_id: str
        name: str
        parent_id: str | None
        data: dict[str, Any] | None
        meta: dict[str, Any] | None

    @event(Created)
    def __init__(
        self,
        *,
        id: UUID,
        owner_id: str,
        name: str,
        parent_id: str | None,
        data: dict[str, Any] | None,
        meta: dict[str, Any] | None,
    ) -> None:
        self.owner_id = owner_id
        self.name = name
        self.parent_id = parent_id
        self.expanded = False
        self.deleted = False

    @classmethod
    def create(cls, *, id: UUID, owner_id: str, name: str, parent_id: str | None, data: dict[str, Any] | None,
               meta: dict[str, Any] | None, creator_of: CreatorOf = no_presets) -> Folder:
        """A new folder; others' model presets its ``data`` lists are kept under their creators'
        keys (``domain.privacy.presets``)."""
        kept, namings = named_presets(data, creator_of, owner_id, FOLDER) if data else (data, {})
        folder = cls(id=id, owner_id=owner_id, name=name, parent_id=parent_id, data=kept, meta=meta)
        folder._name_presets(namings)
        return folder

    def rename(self, name: str) -> None:
        self._check_alive()
        if name != self.name:
            self._rename(name=name)

    class Renamed(Aggregate.Event):
        name: str

    @event(Renamed)
    def _rename(self, *, name: str) -> None:
        self.name = name

    def move_to(self, parent_id: str | None) -> None:
        self._check_alive()
        if parent_id == str(self.id):
            raise FolderCycleError(self.id, parent_id)
        if parent_id != self.parent_id:
            self._move_to(parent_id=parent_id)

    class MovedTo(Aggregate.Event):
        parent_id: str | None

    @event(MovedTo)
    def _move_to(self, *, parent_id: str | None) -> None:
        self.parent_id = parent_id

    def set_expanded(self, expanded: bool) -> None:
        self._check_alive()
        if expanded and not self.expanded:
            self._expand()
        elif not expanded and self.expanded:
            self._collapse()

    class Expanded(Aggregate.Event):
        pass

    @event(Expanded)
    def _expand(self) -> None:
        self.expanded = True

    class Collapsed(Aggregate.Event):
        pass

    @event(Collapsed)
    def _collapse(self) -> None:
        self.expanded = False

    def change_data(self, changes: dict[str, Any], creator_of: CreatorOf = no_presets) -> None:
        """Top-level keys replace the stored ones; the others stay (Open WebUI's merge)."""
        self._check_alive()
        if changes:
            kept, namings = named_presets(changes, creator_of, self.owner_id, FOLDER)
            self._change_data(changes=kept)
            self._name_presets(namings)

    class DataChanged(Aggregate.Event):
        changes: dict[str, Any]

    @event(DataChanged)
    def _change_data(self, *, changes: dict[str, Any]) -> None:
        pass

    def _name_presets(self, namings: dict[str, Naming]) -> None:
        for person, naming in namings.items():
            self._presets_named(quoted_user_id=person, places=naming.places, models=naming.models)

    class PresetsNamed(Aggregate.Event):
        """The ids of ``quoted_user_id``'s model presets at ``places`` of the data's ``model_ids``
        just created or changed, kept under their key."""

        quoted_user_id: str
        places: list[int]
        models: list[str]

    @event(PresetsNamed)
    def _presets_named(self, *, quoted_user_id: str, places: list[int], models: list[str]) -> None:
        pass

    def change_meta(self, changes: dict[str, Any]) -> None:
        self._check_alive()
        if changes:
            self._change_meta(changes=changes)

    class MetaChanged(Aggregate.Event):
        changes: dict[str, Any]

    @event(MetaChanged)
    def _change_meta(self, *, changes: dict[str, Any]) -> None:
        pass

    def delete(self) -> None:
        self._check_alive()
        self._delete()

    class Deleted(Aggregate.Event):
        pass

    @event(Deleted)
    def _delete(self) -> None:
        self.deleted = True

    def _check_alive(self) -> None:
        if self.deleted:
            raise FolderNotFoundError(self.id)


def folder_name_key(name: str) -> str:
    """Open WebUI compares folder names without regard to case."""
    return name.lower()


class FolderName(Aggregate):
    """Which folder holds a name among one person's folders under one parent. Its id derives from
    the three, so two folders given one name at once collide on version 1 of the same aggregate."""

    @staticmethod
    def create_id(owner_id: str, parent_id: str | None, name: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:folder-name:{owner_id}:{parent_id or ''}:{folder_name_key(name)}")

    class Claimed(Aggregate.Created):
        owner_id: str
        parent_id: str | None
        name: str
        folder_id: UUID

    @event(Claimed)
    def __init__(self, *, owner_id: str, parent_id: str | None, name: str, folder_id: UUID) -> None:
        self.folder_id: UUID | None = folder_id

    class Reclaimed(Aggregate.Event):
        folder_id: UUID

    @event(Reclaimed)
    def reclaim(self, folder_id: UUID) -> None:
        self.folder_id = folder_id

    class Released(Aggregate.Event):
        pass

    @event(Released)
    def release(self) -> None:
        self.folder_id = None
