class FileError(Exception):
    """A command on an uploaded file was refused."""


class NoSuchFileError(FileError):
    def __init__(self, file_id: object) -> None:
        super().__init__(f"file {file_id} not found")
        self.file_id = file_id


class ForeignFileError(NoSuchFileError):
    """The file exists, but is someone else's: to them it is answered as not found, and the
    attempt is recorded as a refusal."""

    def __init__(self, file_id: object, actor_id: str) -> None:
        super().__init__(file_id)
        self.actor_id = actor_id


class EmptyFileError(FileError):
    def __init__(self) -> None:
        super().__init__("The file is empty; there is nothing to upload.")


class EmptyTextError(FileError):
    def __init__(self, file_id: object) -> None:
        super().__init__("The text is empty; a file's text cannot be edited to nothing.")
        self.file_id = file_id


class UnnamedFileError(FileError):
    def __init__(self, file_id: object) -> None:
        super().__init__("A file's name cannot be empty.")
        self.file_id = file_id


class TextTooLongError(FileError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"The text is {length:,} characters long; at most {limit:,} are given to models.")
        self.length = length
        self.limit = limit


class FileTooLargeError(FileError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"The file is {_megabytes(size)}; files may be at most {_megabytes(limit)}.")
        self.size = size
        self.limit = limit


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
