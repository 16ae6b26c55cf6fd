class MemoriesError(Exception):
    """A command on a memory was refused."""


class MemoryNotFoundError(MemoriesError):
    """No such memory, or not the caller's: a memory is only ever its owner's, so to anyone else it
    does not exist."""

    def __init__(self, memory_id: object) -> None:
        super().__init__(f"memory {memory_id} not found")
        self.memory_id = str(memory_id)


class InvalidMemoryError(MemoriesError):
    """A content a memory cannot have."""
