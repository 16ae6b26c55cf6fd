"""(i) Forgetting a person with 1,000 chats: from the request to the last key destroyed and every
view purged, on each store. Issue 11 asks for under 10 s on the embedded store.

Each chat has a question and its answer, created through the chats context as the API does; the
views are caught up before the clock starts. Then ``forget_person`` and everything it sets off (the
deletions, the key's destruction, the views' purge) run in this process, as ``annals forget`` runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import uuid
from typing import Any

from application.chats import commands as c
from application.identity.commands import ChangeAuthConfig, ForgetPerson, SignUp
from domain.chats.message import ChatState, Message
from infrastructure.bootstrap import build_container
from infrastructure.settings import Settings
from ops.bench import deployments, harness, reporting

CHATS = 1_000
OPERATOR = uuid.UUID(int=0)


def _state(n: int) -> ChatState:
    fields = [{"role": "user", "content": f"question {n} about the plan"},
              {"role": "assistant", "content": f"answer {n}, at some length " * 8, "model": "m"}]
    messages = (Message(id="q", parent_id=None, digest=_digest(fields[0]), fields=fields[0]),
                Message(id="a", parent_id="q", digest=_digest(fields[1]), fields=fields[1]))
    return ChatState(title=f"Chat {n}", properties={}, property_digests={}, messages=messages,
                     current_message_id="a")


def _digest(fields: dict[str, Any]) -> str:
    return hashlib.blake2b(json.dumps(fields, sort_keys=True).encode(), digest_size=16).hexdigest()


def _run(args: Any) -> dict[str, Any]:
    stores = [t for t in args.targets if t in (deployments.EMBEDDED, deployments.POSTGRES)]
    results: dict[str, Any] = {"chats": CHATS, "stores": {}}
    with contextlib.ExitStack() as stack:
        root = deployments.workdir(stack, args.keep)
        for store in stores:
            url = deployments.postgres(stack) if store == deployments.POSTGRES else None
            env = deployments.annals_env(root / store, url)
            settings = Settings.from_environ({**os.environ, **env, "REDIS_URL": ""})
            container = build_container(settings, role="cli")
            stack.callback(container.close)
            container.identity.sign_up(SignUp(user_id=uuid.uuid4(), email="founder@example.org", password="x" * 12,
                                              name="Founder"))  # the first account is the protected admin
            container.identity.change_auth_config(ChangeAuthConfig(changes={"ENABLE_SIGNUP": True}))
            person = uuid.uuid4()
            container.identity.sign_up(SignUp(user_id=person, email=f"{person.hex}@example.org", password="x" * 12,
                                              name="Leaving"))
            for n in range(CHATS):
                container.chats.create_chat(c.CreateChat(chat_id=uuid.uuid4(), owner_id=str(person), state=_state(n)))
            container.runner.catch_up_all()
            started = time.perf_counter()
            container.identity.forget_person(ForgetPerson(actor_id=OPERATOR, user_id=person))
            container.runner.catch_up_all()
            seconds = time.perf_counter() - started
            assert not container.chat_views.ids_of(str(person))
            results["stores"][store] = {"forget_s": round(seconds, 2)}
    return results


def _show(result: dict[str, Any]) -> None:
    reporting.print_table(f"forgetting a person with {result['chats']:,} chats (request to last view purged)",
                          ["store", "seconds"], [(store, r["forget_s"]) for store, r in result["stores"].items()])


if __name__ == "__main__":
    raise SystemExit(harness.bench_main(__doc__, _run, _show))
