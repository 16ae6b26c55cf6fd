"""The write side: the bounded contexts, each on its own event store with its share of the
connections, their events sealed under the people's keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from application.audit.service import Audit
from application.chats.service import Chats
from application.context import BoundedContext
from application.evaluations.replies import ChatReplies
from application.evaluations.service import Evaluations
from application.files.extraction import Extraction
from application.files.reading_line import ReadingLine
from application.files.service import Files
from application.groups.service import Groups
from application.identity.service import Identity
from application.knowledge.service import Knowledge
from application.memories.service import Memories
from application.models.connections import ConnectionSeed
from application.models.service import Models
from domain.privacy.presets import CreatorOf
from infrastructure.blobs import LocalBlobStore
from infrastructure.connection_budget import ConnectionBudget
from infrastructure.deployment import Kicks
from infrastructure.documents import DoclingReader
from infrastructure.event_sealing import EventSealing
from infrastructure.event_store import event_store_env
from infrastructure.initial_permissions import initial_permissions
from infrastructure.key_encryption import DEFAULT_NAME as KEK_FILE
from infrastructure.key_encryption import load_or_create as load_keks
from infrastructure.passwords import Argon2Passwords
from infrastructure.person_keys import PersonKeys, create_person_keys
from infrastructure.sealing import AesGcmSealer
from infrastructure.settings import Settings

CONTEXTS = ("Identity", "Chats", "Models", "Audit", "Files", "Evaluations", "Groups", "Knowledge", "Memories")
"""Each has its share of the connections (``ConnectionBudget``), in this order."""


@dataclass(frozen=True)
class WriteSide:
    identity: Identity
    chats: Chats
    models: Models
    audit: Audit
    files: Files
    evaluations: Evaluations
    groups: Groups
    knowledge: Knowledge
    memories: Memories
    person_keys: PersonKeys

    @property
    def contexts(self) -> dict[str, BoundedContext]:
        return {name: getattr(self, name.lower()) for name in CONTEXTS}


def write_side(settings: Settings, budget: ConnectionBudget, kicks: Kicks, sealer: AesGcmSealer,
               unknown_people: Callable[[list[str]], list[str]], preset_creator: CreatorOf) -> WriteSide:
    """``sealer``: the server's secrets' (connection keys are kept sealed with it);
    ``unknown_people``: which of some ids are nobody's account (the groups' commands ask);
    ``preset_creator``: who made the model preset of an id (chats, ratings, settings and groups that
    name someone else's keep it under their key)."""
    person_keys = create_person_keys(settings, load_keks(settings.key_file or Path(settings.data_dir) / KEK_FILE),
                                     budget.keys)
    sealing = EventSealing(person_keys)

    def env(context: str) -> dict[str, str]:
        return event_store_env(settings, context, budget.events)

    identity = Identity(env("Identity"), kicks.kick,
                        hasher=Argon2Passwords(fast_for_tests=settings.fast_password_hashing_for_tests),
                        initial_auth_config=_initial_auth_config(settings), sealing=sealing,
                        preset_creator=preset_creator)
    models = Models(env("Models"), kicks.kick, sealer=sealer, seed=_connection_seed(settings), sealing=sealing)
    chats = Chats(env("Chats"), kicks.kick, sealing, preset_creator=preset_creator)
    return WriteSide(
        identity=identity, chats=chats, models=models,
        audit=Audit(env("Audit"), kicks.kick, sealing=sealing),
        files=Files(env("Files"), kicks.kick, max_size=settings.files.max_size_mb * 1024 * 1024,
                    blobs=LocalBlobStore(settings.files.directory or Path(settings.data_dir) / "files"),
                    extraction=Extraction(ReadingLine(DoclingReader(max_pages=settings.files.max_pages),
                                                      places=settings.files.reading_places),
                                          max_characters=settings.files.max_characters), sealing=sealing),
        evaluations=Evaluations(env("Evaluations"), kicks.kick, replies=ChatReplies(chats), sealing=sealing,
                                preset_creator=preset_creator),
        groups=Groups(env("Groups"), kicks.kick, initial_defaults=initial_permissions(settings),
                      unknown_people=unknown_people, sealing=sealing, preset_creator=preset_creator),
        knowledge=Knowledge(env("Knowledge"), kicks.kick, sealing),
        memories=Memories(env("Memories"), kicks.kick, sealing),
        person_keys=person_keys,
    )


def _initial_auth_config(settings: Settings) -> dict[str, Any]:
    """Open WebUI's admin settings as the environment sets them, until an admin saves them."""
    return {"ENABLE_SIGNUP": settings.enable_signup, "DEFAULT_USER_ROLE": settings.default_user_role,
            "ENABLE_API_KEYS": settings.enable_api_keys,
            "ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS": settings.api_keys_endpoint_restrictions,
            "API_KEYS_ALLOWED_ENDPOINTS": settings.api_keys_allowed_endpoints,
            "SHOW_ADMIN_DETAILS": settings.show_admin_details, "ADMIN_EMAIL": settings.admin_email,
            "ENABLE_MEMORIES": True}  # Open WebUI's default: members' ``features.memories`` decides


def _connection_seed(settings: Settings) -> ConnectionSeed:
    return ConnectionSeed(openai_enabled=settings.enable_openai_api, openai_urls=settings.openai_api_base_urls,
                          openai_keys=settings.openai_api_keys, ollama_enabled=settings.enable_ollama_api,
                          ollama_urls=settings.ollama_base_urls)
