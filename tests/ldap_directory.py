"""An LDAP directory of the tests' own: Debian's ``slapd`` (installed with apt when missing and
allowed), on a free port with its configuration and data in a temporary directory, holding the
people and groups of ``PEOPLE`` (groups with the ``memberOf`` overlay, as Active Directory and most
OpenLDAP deployments give them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.services import free_port, listening
from tests.waiting import wait_for

SLAPD = Path("/usr/sbin/slapd")
BASE = "dc=annals,dc=test"
ROOT_DN = f"cn=admin,{BASE}"
ROOT_PASSWORD = "directory root"
READER_DN = f"cn=reader,{BASE}"
READER_PASSWORD = "reader's password"
PASSWORDS = {"ada": "ada's password", "grace": "grace's password", "alan": "alan's password"}

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile {directory}/slapd.pid
database mdb
suffix "{base}"
rootdn "{root}"
rootpw "{password}"
directory {directory}/data
overlay memberof
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="{reader}" read by * none
"""


def person(uid: str, name: str, mail: str | None = None) -> str:
    """A person's entry; their address ``<uid>@annals.test`` unless another is given."""
    return (f"dn: uid={uid},ou=people,{BASE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\nsn: {name}\n"
            f"mail: {mail or f'{uid}@annals.test'}\nuserPassword: {PASSWORDS.get(uid, uid)}\n")


def _group(name: str, *uids: str) -> str:
    members = "".join(f"member: uid={uid},ou=people,{BASE}\n" for uid in uids)
    return f"dn: cn={name},ou=groups,{BASE}\nobjectClass: groupOfNames\ncn: {name}\n{members}"


PEOPLE = "\n".join([
    f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: annals\no: Annals\n",
    (f"dn: {READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: reader\n"
    f"userPassword: {READER_PASSWORD}\n"),
    f"dn: ou=people,{BASE}\nobjectClass: organizationalUnit\nou: people\n",
    f"dn: ou=groups,{BASE}\nobjectClass: organizationalUnit\nou: groups\n",
    person("ada", "Ada Lovelace"), person("grace", "Grace Hopper"), person("alan", "Alan Turing"),
    _group("engineers", "ada", "grace"), _group("analysts", "ada"),
])


class Directory:
    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"ldap://127.0.0.1:{port}"

    def ldap(self, tool: str, ldif: str) -> None:
        """``ldapadd`` or ``ldapmodify`` as the directory's root."""
        subprocess.run([tool, "-x", "-H", self.url, "-D", ROOT_DN, "-w", ROOT_PASSWORD], input=ldif.encode(),
                       check=True, capture_output=True, timeout=30)

    def add_member(self, group: str, uid: str) -> None:
        self._members(group, "add", uid)

    def remove_member(self, group: str, uid: str) -> None:
        self._members(group, "delete", uid)

    def _members(self, group: str, change: str, uid: str) -> None:
        self.ldap("ldapmodify", f"dn: cn={group},ou=groups,{BASE}\nchangetype: modify\n{change}: member\n"
                                f"member: uid={uid},ou=people,{BASE}\n")


def ensure_slapd() -> bool:
    """Debian's ``slapd`` and ``ldap-utils``, installed if missing and apt may be run."""
    if not (SLAPD.exists() and shutil.which("ldapadd")) and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "slapd",
                                                "ldap-utils"]):
            subprocess.run(command, env=env, capture_output=True, check=False, timeout=900)
    return SLAPD.exists() and shutil.which("ldapadd") is not None


@contextmanager
def running_directory(directory: Path) -> Iterator[Directory]:
    (directory / "data").mkdir(parents=True)
    config = directory / "slapd.conf"
    config.write_text(CONFIG.format(directory=directory, base=BASE, root=ROOT_DN, password=ROOT_PASSWORD,
                                    reader=READER_DN))
    port = free_port()
    log = directory / "slapd.log"
    with log.open("wb") as output:
        process = subprocess.Popen([str(SLAPD), "-f", str(config), "-h", f"ldap://127.0.0.1:{port}/", "-d", "0"],
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: listening(port) or process.poll() is not None, timeout=30, what=f"slapd on port {port}")
        assert process.poll() is None, log.read_text()
        served = Directory(port)
        served.ldap("ldapadd", PEOPLE)
        yield served
    finally:
        process.kill()
        process.wait(timeout=10)
