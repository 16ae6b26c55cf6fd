"""The event store refusing connections while a provider's SCIM create is being committed: the
provider is told so in SCIM's terms (an ``Error``, 503, with ``Retry-After``), never a bare 202 or
500, no half-made person is left, and the create sent again once the store is back makes the person
once. The fault is Postgres's own: a trigger on the identity log, fired inside the create's
transaction, closes the database to new connections and ends connections (its own, or the others)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.e2e import people
from tests.http import scim
from tests.http.app import InProcessServer, in_process
from tests.services import POSTGRES_ADMIN_URL, database_name
from tests.stores import STORES
from tests.waiting import wait_for

pytestmark = pytest.mark.skipif("postgres" not in STORES, reason="Postgres is made to refuse connections")

ENV = {"ENABLE_SCIM": "true", "SCIM_TOKEN": scim.OPERATORS_TOKEN}
BACK_WITHIN = 15.0
ADMIN_DSN = "host=127.0.0.1 port=5432 dbname=postgres user=postgres"
ENDED = {"its own": "pid = pg_backend_pid()", "the others": "pid <> pg_backend_pid()"}
RETRIED = {"its own": 201, "the others": 409}
"""What the create sent again is answered: made now (nothing was saved before), or found made."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[InProcessServer]:
    with in_process("postgres", tmp_path, env=ENV, read_your_writes_timeout=2.0) as server:
        yield server


@pytest.fixture
def provider(server: InProcessServer) -> Iterator[scim.Provider]:
    with scim.registered(server, people.founder(server)) as made:
        yield made


@contextmanager
def store_refusing_at_next_create(database_url: str, ended: str) -> Iterator[None]:
    """The next event written to the identity log closes the database and ends ``ended``'s
    connections (``its own``: the create's commit fails; ``the others``: it commits, and what
    follows it finds no connection); the database is opened again on leaving."""
    name = database_name(database_url)
    closing = f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'
    with psycopg.connect(database_url, autocommit=True) as conn:
        table = conn.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE '%identity%events'").fetchone()
        assert table is not None
        conn.execute("CREATE EXTENSION IF NOT EXISTS dblink")  # a database cannot close itself
        conn.execute(f"""
            CREATE FUNCTION refuse_connections() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM dblink_exec('{ADMIN_DSN}', '{closing.replace("'", "''")}');
                PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND {ENDED[ended]};
                RETURN NULL;
            END $$""")
        conn.execute(f'CREATE TRIGGER refuse_connections AFTER INSERT ON "{table[0]}" '
                     "FOR EACH STATEMENT EXECUTE FUNCTION refuse_connections()")
    try:
        yield
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'DROP TRIGGER IF EXISTS refuse_connections ON "{table[0]}"')
            conn.execute("DROP FUNCTION IF EXISTS refuse_connections()")


def is_unavailable_in_scim_terms(response: httpx.Response) -> bool:
    body = response.json()
    return (scim.is_scim_error(response, 503) and bool(body["detail"])
            and int(response.headers["Retry-After"]) > 0)


def retried_until_answered(provider: scim.Provider, email: str) -> int:
    """The create sent again until the store answers: that answer's status, the person found once."""
    answers: list[int] = []

    def answered() -> bool:
        answers.append(provider.http.post("/Users", json=scim.user_body(email)).status_code)
        return answers[-1] != 503

    wait_for(answered, timeout=BACK_WITHIN, what="a create answered once the store is back", interval=0.5)
    found = provider.http.get("/Users", params={"filter": f'userName eq "{email}"'}).json()
    assert found["totalResults"] == 1, (answers, found)
    return answers[-1]


@pytest.mark.parametrize("ended", list(ENDED))
def test_a_create_the_store_refuses_is_a_scim_503_and_its_retry_makes_the_person_once(
        server: InProcessServer, provider: scim.Provider, ended: str):
    email = scim.unique_email()
    with store_refusing_at_next_create(server.settings.database_url or "", ended):
        response = provider.http.post("/Users", json=scim.user_body(email))
        assert is_unavailable_in_scim_terms(response), (response.status_code, response.text)
    assert retried_until_answered(provider, email) == RETRIED[ended]
