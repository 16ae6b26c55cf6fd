class ChatError(Exception):
    """A command on a chat was refused."""


class ChatNotFoundError(ChatError):
    def __init__(self, chat_id: object) -> None:
        super().__init__(f"chat {chat_id} not found")
        self.chat_id = chat_id


class ForeignChatError(ChatNotFoundError):
    """The chat exists, but is someone else's: to them it is answered as not found, and the
    attempt is recorded as a refusal."""

    def __init__(self, chat_id: object, actor_id: str) -> None:
        super().__init__(chat_id)
        self.actor_id = actor_id


class MessageNotFoundError(ChatError):
    def __init__(self, chat_id: object, message_id: str) -> None:
        super().__init__(f"chat {chat_id} has no message {message_id}")
        self.chat_id = chat_id
        self.message_id = message_id


class UnknownParentError(ChatError):
    def __init__(self, chat_id: object, message_id: str, parent_id: str) -> None:
        super().__init__(f"message {message_id} names parent {parent_id}, which chat {chat_id} lacks")
        self.chat_id = chat_id
        self.message_id = message_id
        self.parent_id = parent_id


class ChatDeletedError(ChatError):
    def __init__(self, chat_id: object) -> None:
        super().__init__(f"chat {chat_id} was deleted")
        self.chat_id = chat_id


class InvalidMessageError(ChatError):
    def __init__(self, message_id: str, reason: str) -> None:
        super().__init__(f"message {message_id}: {reason}")
        self.message_id = message_id
        self.reason = reason


class InvalidTagError(ChatError):
    def __init__(self, chat_id: object, name: str) -> None:
        super().__init__(f"{name!r} cannot be used as a tag")
        self.chat_id = chat_id
        self.name = name


class FolderNotFoundError(ChatError):
    def __init__(self, folder_id: object) -> None:
        super().__init__(f"folder {folder_id} not found")
        self.folder_id = folder_id


class ForeignFolderError(FolderNotFoundError):
    """The folder exists, but is someone else's: answered as not found, recorded as a refusal."""

    def __init__(self, folder_id: object, actor_id: str) -> None:
        super().__init__(folder_id)
        self.actor_id = actor_id


class FolderNameTakenError(ChatError):
    def __init__(self, name: str, parent_id: object) -> None:
        super().__init__("Folder already exists")
        self.name = name
        self.parent_id = parent_id


class FolderCycleError(ChatError):
    def __init__(self, folder_id: object, parent_id: object) -> None:
        super().__init__("Cannot move a folder into itself or one of its subfolders")
        self.folder_id = folder_id
        self.parent_id = parent_id


class ChatBusyError(ChatError):
    def __init__(self, chat_id: object) -> None:
        super().__init__("Wait for the current response to finish before forking.")
        self.chat_id = chat_id


class InvalidImportError(ChatError):
    """An entry of an import that cannot become a chat: the whole import is refused."""

    def __init__(self, index: int | None, reason: str) -> None:
        super().__init__(f"chats[{index}]: {reason}" if index is not None else reason)
        self.index = index
        self.reason = reason


class ShareNotFoundError(ChatError):
    """No chat is shared under that link (never shared, unshared, or deleted)."""

    def __init__(self, share_id: str) -> None:
        super().__init__(f"no chat is shared as {share_id}")
        self.share_id = share_id


class PrivateShareError(ChatError):
    """The link is someone else's share, and its owner has not let this person read it: answered
    as Open WebUI does (401), and recorded as a refusal."""

    def __init__(self, share_id: str, reader_id: str) -> None:
        super().__init__(f"share {share_id} is not shared with {reader_id}")
        self.share_id = share_id
        self.reader_id = reader_id
