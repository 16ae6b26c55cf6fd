"""Who may read a file: Open WebUI's ``has_access_to_file`` for what Annals has, asked of the
authorisation service."""

from __future__ import annotations

from application.access.resources import Action, Kind, Resource
from application.access.service import Authorisation
from application.files.service import Files
from domain.files.errors import ForeignFileError
from domain.files.file import StoredFile
from interfaces.http.auth import SessionUser
from interfaces.http.authorisation import enforce, principal_of
from interfaces.http.ids import existing_id


def readable_file(file_id: str, user: SessionUser, files: Files, authorisation: Authorisation) -> StoredFile:
    """Its owner's and admins'; anyone's who may read a share of its owner's that carries it
    attached to a message (the app shows a shared chat's pictures from here, as Open WebUI lets a
    shared chat's readers); and anyone's who may read a knowledge base that holds it. Its id in a
    message's text, or in someone else's share, lends nothing. To anyone else it does not exist."""
    stored = files.file(existing_id(file_id))
    refused = ForeignFileError(stored.id, user.id)
    decision = authorisation.decide(principal_of(user), Action.READ, Resource(Kind.FILE, str(stored.id)))
    enforce(decision, missing=refused, refused=refused)
    return stored
