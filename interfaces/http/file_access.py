"""Who may read a file: Open WebUI's ``has_access_to_file`` for what Annals has."""

from __future__ import annotations

from application.files.service import Files
from domain.files.errors import ForeignFileError
from domain.files.file import StoredFile
from interfaces.http.auth import SessionUser
from interfaces.http.ids import existing_id
from projections.chats.shares import ShareQueries
from projections.knowledge.queries import KnowledgeQueries, Reader


def readable_file(file_id: str, user: SessionUser, files: Files, chat_shares: ShareQueries,
                  knowledge_views: KnowledgeQueries) -> StoredFile:
    """Its owner's and admins'; anyone's who may read a share of its owner's that carries it
    attached to a message (the app shows a shared chat's pictures from here, as Open WebUI lets a
    shared chat's readers); and anyone's who may read a knowledge base that holds it. Its id in a
    message's text, or in someone else's share, lends nothing. To anyone else it does not exist."""
    try:
        return files.readable(existing_id(file_id), user.id, user.is_admin)
    except ForeignFileError:
        stored = files.file(existing_id(file_id))
        if chat_shares.lends_file(str(stored.id), stored.owner_id, user.id) \
                or knowledge_views.lends_file(str(stored.id), Reader(user.id, user.group_ids)):
            return stored
        raise
