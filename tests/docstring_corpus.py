"""A retrieval evaluation set made offline from the standard library's docstrings (no packaged IR
set exists here): the query is a docstring's first paragraph, the one relevant document the rest
of it. Deterministic: fixed modules, names sorted, every n-th pair taken (CPython 3.11)."""

from __future__ import annotations

import importlib
import inspect
import warnings
from collections.abc import Iterator

import msgspec

MODULES = ("argparse", "asyncio.base_events", "asyncio.streams", "asyncio.tasks", "calendar", "collections",
           "concurrent.futures", "configparser", "csv", "datetime", "decimal", "difflib", "email.message",
           "email.utils", "fractions", "ftplib", "functools", "gettext", "glob", "heapq", "http.client",
           "http.cookiejar", "http.server", "imaplib", "inspect", "ipaddress", "json", "locale", "logging",
           "logging.handlers", "mailbox", "multiprocessing.pool", "nntplib", "optparse", "os", "pathlib", "pdb",
           "pickle", "pprint", "queue", "random", "re", "sched", "shelve", "shlex", "shutil", "smtplib",
           "socket", "socketserver", "sqlite3", "statistics", "string", "subprocess", "tarfile", "tempfile",
           "textwrap", "threading", "tkinter", "turtle", "typing", "unittest.case", "unittest.mock",
           "urllib.parse", "urllib.request", "uuid", "warnings", "weakref", "xml.dom.minidom", "zipfile")


class Pair(msgspec.Struct, frozen=True):
    name: str
    query: str
    document: str


def docstring_pairs(count: int = 180) -> list[Pair]:
    """``count`` pairs spread evenly over all the ones found."""
    with warnings.catch_warnings():  # nntplib and typing.io say they are deprecated, which is no matter here
        warnings.simplefilter("ignore", DeprecationWarning)
        found = sorted({pair.name: pair for pair in _all_pairs()}.values(), key=lambda pair: pair.name)
    step = max(len(found) // count, 1)
    return found[::step][:count]


def _all_pairs() -> Iterator[Pair]:
    for module_name in MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # tkinter and turtle need Tk
            continue
        for name, member in _documented(module):
            paragraphs = [p.strip() for p in inspect.cleandoc(member.__doc__ or "").split("\n\n") if p.strip()]
            query, rest = (paragraphs[0], "\n\n".join(paragraphs[1:])) if paragraphs else ("", "")
            if 30 <= len(query) <= 400 and len(rest) >= 80:
                yield Pair(f"{module_name}.{name}", query, rest[:2000])


def _documented(module: object) -> Iterator[tuple[str, object]]:
    for name, member in vars(module).items():
        if name.startswith("_") or getattr(member, "__module__", None) != getattr(module, "__name__", None):
            continue
        if inspect.isfunction(member) or inspect.isclass(member):
            yield name, member
            if inspect.isclass(member):
                for method_name, method in vars(member).items():
                    if inspect.isfunction(method) and not method_name.startswith("_"):
                        yield f"{name}.{method_name}", method
