"""The embedding engine and model in force: the admin's choice (an event of the Documents
settings), over the server's environment. A choice is tried before it is recorded (the model
loads, the server answers), so a recorded one can embed; recording it starts the rebuild of the
indexes with it (``application.retrieval.embedding_switch``)."""

from __future__ import annotations

import msgspec

from application.knowledge.service import Knowledge
from application.log_positions import LogPosition
from application.models.ports import Sealer
from application.retrieval.ports import EmbeddingChoice, EmbeddingError, EmbeddingProbe
from domain.knowledge.document_settings import DOCUMENT_SETTINGS_ID, DocumentSettings, check_embedding
from domain.knowledge.errors import InvalidDocumentSettingError

SEALED_FOR = "rag-embedding-key"


class ChooseEmbedding(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: str
    choice: EmbeddingChoice


class EmbeddingConfig:
    def __init__(self, knowledge: Knowledge, sealer: Sealer, probe: EmbeddingProbe,
                 in_force: EmbeddingChoice) -> None:
        self._knowledge, self._sealer, self._probe, self._in_force = knowledge, sealer, probe, in_force

    def chosen(self) -> EmbeddingChoice:
        stored = self._knowledge.find(DOCUMENT_SETTINGS_ID)
        kept = stored.embedding if isinstance(stored, DocumentSettings) else None
        if kept is None:
            return self._in_force
        return EmbeddingChoice(**{**kept, "key": self._sealer.unseal(kept["key"], SEALED_FOR) if kept["key"] else ""})

    def choose(self, command: ChooseEmbedding) -> LogPosition | None:
        """Restating the choice in force records nothing. A choice that cannot embed is refused
        (``InvalidDocumentSettingError``, saying why) and nothing is recorded."""
        choice = command.choice
        if choice == self.chosen():
            return None
        check_embedding(_fields(choice))
        try:
            self._probe.probe(choice)
        except EmbeddingError as why:
            raise InvalidDocumentSettingError("RAG_EMBEDDING_MODEL", f"{choice.model!r} cannot embed: {why}") from None
        sealed = msgspec.structs.replace(choice, key=self._sealer.seal(choice.key, SEALED_FOR) if choice.key else "")

        def attempt() -> LogPosition | None:
            stored = self._knowledge.find(DOCUMENT_SETTINGS_ID)
            settings = stored if isinstance(stored, DocumentSettings) else DocumentSettings(actor_id=command.actor_id)
            settings.choose_embedding(actor_id=command.actor_id, choice=_fields(sealed))
            return self._knowledge.commit(settings)

        return self._knowledge.retrying(attempt)


def _fields(choice: EmbeddingChoice) -> dict[str, object]:
    return msgspec.structs.asdict(choice)
