"""The folder half of the chats context: a folder, its name's index entry and, when a folder goes,
its chats change in one save."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.access.resources import Action, Kind, Principal
from application.access.rules import permits
from application.chats.folder_commands import (
    CreateFolder,
    DeleteFolder,
    DeleteFoldersOf,
    ExpandFolder,
    MoveFolder,
    UpdateFolder,
)
from application.context import BoundedContext
from application.idempotency import done_before, remembered
from application.log_positions import LogPosition
from domain.chats.chat import Chat
from domain.chats.errors import (
    FolderCycleError,
    FolderNameTakenError,
    FolderNotFoundError,
    ForeignFolderError,
)
from domain.chats.folder import Folder, FolderName, folder_name_key
from domain.privacy.presets import CreatorOf


class FolderCommands(BoundedContext):
    creators: Callable[[], CreatorOf]  # the Chats application's

    def create_folder(self, command: CreateFolder) -> LogPosition | None:
        parent_id = str(command.parent_id) if command.parent_id else None

        def attempt() -> LogPosition | None:
            if done_before(self, command.once):
                return self.as_before()
            if command.parent_id is not None:
                self.owned_folder(command.parent_id, command.owner_id)
            index = self._claim(command.owner_id, parent_id, command.name, command.folder_id)
            folder = Folder.create(id=command.folder_id, owner_id=command.owner_id, name=command.name,
                                   parent_id=parent_id, data=command.data, meta=command.meta,
                                   creator_of=self.creators())
            return self.commit(folder, index, *remembered(command.once, command.folder_id))

        return self.retrying(attempt)

    def update_folder(self, command: UpdateFolder) -> LogPosition | None:
        def change(folder: Folder) -> list[Aggregate]:
            changed: list[Aggregate] = [folder]
            if command.name is not None and command.name != folder.name:
                changed += self._rename_in_index(folder, folder.parent_id, command.name)
                folder.rename(command.name)
            folder.change_data(command.data or {}, self.creators())
            folder.change_meta(command.meta or {})
            return changed

        return self._change_folder(command.folder_id, command.actor_id, change)

    def move_folder(self, command: MoveFolder) -> LogPosition | None:
        def change(folder: Folder) -> list[Aggregate]:
            parent_id = str(command.parent_id) if command.parent_id else None
            if parent_id == folder.parent_id:
                return []
            if command.parent_id is not None:
                self._check_not_below(folder, self.owned_folder(command.parent_id, folder.owner_id))
            moved = self._rename_in_index(folder, parent_id, folder.name)
            folder.move_to(parent_id)
            return [folder, *moved]

        return self._change_folder(command.folder_id, command.actor_id, change)

    def expand_folder(self, command: ExpandFolder) -> LogPosition | None:
        def change(folder: Folder) -> list[Aggregate]:
            folder.set_expanded(command.expanded)
            return [folder]

        return self._change_folder(command.folder_id, command.actor_id, change)

    def delete_folder(self, command: DeleteFolder) -> LogPosition | None:
        def change(folder: Folder) -> list[Aggregate]:
            doomed = self._subtree(folder, command.descendants)
            doomed_ids = {str(f.id) for f in doomed}
            chats = [chat for chat in map(self.find, command.chats)
                     if isinstance(chat, Chat) and not chat.deleted and chat.owner_id == folder.owner_id
                     and chat.folder_id in doomed_ids]
            for chat in chats:
                if command.delete_contents:
                    chat.delete()
                else:
                    chat.move_to_folder(None)
            indexes = [self._release(f) for f in doomed]
            for f in doomed:
                f.delete()
            return [*doomed, *chats, *(i for i in indexes if i is not None)]

        return self._change_folder(command.folder_id, command.actor_id, change)

    def delete_folders_of(self, command: DeleteFoldersOf) -> LogPosition | None:
        """Those of ``folder_ids`` the person still has; the ones gone already are skipped, so a
        command cut short can simply be run again."""
        def attempt() -> LogPosition | None:
            folders = [f for f in map(self.find, command.folder_ids)
                       if isinstance(f, Folder) and not f.deleted and f.owner_id == command.owner_id]
            indexes = [self._release(f) for f in folders]
            for folder in folders:
                folder.delete()
            return self.commit(*folders, *(i for i in indexes if i is not None))

        return self.retrying(attempt)

    def owned_folder(self, folder_id: UUID | str, actor_id: str) -> Folder:
        """The folder, if the one rule (``application.access.rules``) lets ``actor_id`` change it:
        only its owner, whatever their role; to anyone else it does not exist."""
        folder = self.find(_folder_uuid(folder_id))
        if not isinstance(folder, Folder) or folder.deleted:
            raise FolderNotFoundError(folder_id)
        if not permits(Principal.acting(actor_id, is_admin=False), Action.WRITE, Kind.FOLDER, folder.owner_id, ()):
            raise ForeignFolderError(folder_id, actor_id)
        return folder

    def _change_folder(self, folder_id: UUID, actor_id: str,
                       change: Callable[[Folder], list[Aggregate]]) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            return self.commit(*change(self.owned_folder(folder_id, actor_id)))

        return self.retrying(attempt)

    def _subtree(self, folder: Folder, descendants: tuple[UUID, ...]) -> list[Folder]:
        """The folder and those of ``descendants`` still below it, each loaded once."""
        doomed = {str(folder.id): folder}
        for descendant_id in descendants:
            child = self.find(descendant_id)
            if (isinstance(child, Folder) and not child.deleted and child.owner_id == folder.owner_id
                    and child.parent_id in doomed):
                doomed[str(child.id)] = child
        return list(doomed.values())

    def _check_not_below(self, folder: Folder, parent: Folder) -> None:
        seen: set[UUID] = set()
        ancestor: Folder | None = parent
        while ancestor is not None and ancestor.id not in seen:
            if ancestor.id == folder.id:
                raise FolderCycleError(folder.id, parent.id)
            seen.add(ancestor.id)
            above = self.find(UUID(ancestor.parent_id)) if ancestor.parent_id else None
            ancestor = above if isinstance(above, Folder) and not above.deleted else None

    def _claim(self, owner_id: str, parent_id: str | None, name: str, folder_id: UUID) -> FolderName:
        index = self.find(FolderName.create_id(owner_id, parent_id, name))
        if not isinstance(index, FolderName):
            return FolderName(owner_id=owner_id, parent_id=parent_id, name=name, folder_id=folder_id)
        if index.folder_id is not None and index.folder_id != folder_id:
            raise FolderNameTakenError(name, parent_id)
        if index.folder_id is None:
            index.reclaim(folder_id)
        return index

    def _rename_in_index(self, folder: Folder, parent_id: str | None, name: str) -> list[Aggregate]:
        """Claim ``name`` under ``parent_id`` and release the folder's current place."""
        if parent_id == folder.parent_id and folder_name_key(name) == folder_name_key(folder.name):
            return []  # only the case changed: the same entry
        claimed = self._claim(folder.owner_id, parent_id, name, folder.id)
        released = self._release(folder)
        return [claimed, *([released] if released is not None else [])]

    def _release(self, folder: Folder) -> FolderName | None:
        index = self.find(FolderName.create_id(folder.owner_id, folder.parent_id, folder.name))
        if isinstance(index, FolderName) and index.folder_id == folder.id:
            index.release()
            return index
        return None


def _folder_uuid(folder_id: UUID | str) -> UUID:
    try:
        return folder_id if isinstance(folder_id, UUID) else UUID(folder_id)
    except ValueError:
        raise FolderNotFoundError(folder_id) from None
