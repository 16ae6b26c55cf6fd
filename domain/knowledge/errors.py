class KnowledgeError(Exception):
    """A command on a knowledge base was refused."""


class KnowledgeNotFoundError(KnowledgeError):
    def __init__(self, knowledge_id: object) -> None:
        super().__init__(f"knowledge base {knowledge_id} not found")
        self.knowledge_id = str(knowledge_id)


class ForeignKnowledgeError(KnowledgeNotFoundError):
    """The base exists but the caller may not read it: to them it does not exist (its existence is
    private too), and the attempt is recorded as a refusal."""

    def __init__(self, knowledge_id: object, actor_id: str) -> None:
        super().__init__(knowledge_id)
        self.actor_id = actor_id


class KnowledgeAccessDeniedError(KnowledgeError):
    """The caller may read the base but not change it."""

    def __init__(self, knowledge_id: object, actor_id: str) -> None:
        super().__init__(f"you may read knowledge base {knowledge_id} but not change it; ask its owner for write "
                         "access")
        self.knowledge_id = str(knowledge_id)
        self.actor_id = actor_id


class InvalidKnowledgeError(KnowledgeError):
    """A name or description a knowledge base cannot have."""


class FileNotInKnowledgeError(KnowledgeError):
    def __init__(self, knowledge_id: object, file_id: str) -> None:
        super().__init__(f"file {file_id} is not in knowledge base {knowledge_id}")
        self.knowledge_id = str(knowledge_id)
        self.file_id = file_id


class InvalidDocumentSettingError(KnowledgeError):
    """A Documents setting (Open WebUI's name) that cannot take this value: why."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"{name}: {why}; nothing was changed")
        self.name = name
