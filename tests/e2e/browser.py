"""What the browser tests need, set up once and idempotently: Debian's Chromium (installed with
apt when missing and we may), the Open WebUI app (its wheel cached under the repository's
``.cache/``, so a machine downloads it once), a page that records what went wrong, and the
steps of using the app that several tests take (picking a model, sending a message)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.waiting import wait_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REPOSITORY = Path(__file__).resolve().parents[2]
WHEEL_CACHE = REPOSITORY / ".cache"


def ensure_chromium() -> bool:
    """Debian's ``chromium``, installed if it is missing and apt may be run; False if it cannot be had."""
    if not CHROMIUM.exists() and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
            subprocess.run(command, env=env, capture_output=True, check=False, timeout=900)
    return CHROMIUM.exists()


def install_spa(data_dir: Path) -> str | None:
    """``annals spa`` into ``data_dir``, from the cached wheel; None if it worked, else why not. One
    install at a time (pytest-xdist workers share the cache): the first downloads, the others reuse."""
    env = {**os.environ, "ANNALS_DATA_DIR": str(data_dir), "ANNALS_CACHE_DIR": str(WHEEL_CACHE)}
    WHEEL_CACHE.mkdir(exist_ok=True)
    with open(WHEEL_CACHE / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run([sys.executable, "-m", "interfaces.cli.main", "spa"], env=env, capture_output=True,
                              text=True, check=False, timeout=600)
    return None if done.returncode == 0 else (done.stderr or done.stdout).strip()[-2000:]


@dataclass
class Troubles:
    """Console errors, uncaught exceptions and failed requests a page met."""

    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.console.append(f"uncaught: {error}"))
        page.on("response", lambda r: self.requests.append(f"{r.status} {r.request.method} {r.url}")
                if r.status >= 400 else None)
        page.on("requestfailed", lambda r: self.requests.append(f"failed {r.method} {r.url}: {r.failure}")
                if not _abandoned(r) else None)


def _abandoned(request: Any) -> bool:
    """A request the page itself gave up on as it navigated away (a reload aborts what was in flight)."""
    return "ERR_ABORTED" in (request.failure or "")


@contextmanager
def opened_page(chromium: str, wait_ms: int, width: int = 1280) -> Iterator[Any]:
    """A page of a fresh headless Chromium, closed with it; every wait on it ends after ``wait_ms``."""
    from playwright.sync_api import sync_playwright  # the tests that use it skip without it

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.set_default_timeout(wait_ms)
        try:
            yield page
        finally:
            browser.close()


@contextmanager
def screenshot_on_failure(page: Any, directory: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        path = directory / "failure.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot of the page at failure: {path}")  # pytest shows it with the failure
        raise


def pick_model(page: Any, model: str) -> None:
    page.locator("#model-selector-model-button").click()
    page.get_by_role("option", name=f"Select {model} model").click()
    page.get_by_role("button", name=f"Selected model: {model}").wait_for()


def send(page: Any, text: str, *, typed: bool = True) -> dict[str, Any]:
    """Type (or, for JSON, which the editor would give curly quotes, fill in) and send a message;
    the completion request the app made for it."""
    page.locator("#chat-input").click()
    if typed:
        page.keyboard.type(text)
    else:
        page.locator("#chat-input").fill(text)
    with page.expect_request(lambda r: r.url.endswith("/api/chat/completions")) as sent:
        page.keyboard.press("Enter")
    return json.loads(sent.value.post_data)


def wait_done(page: Any, request: dict[str, Any], full: str) -> None:
    """The reply is whole, and done: the app shows its actions only then."""
    message = page.locator(f"#message-{request['id']}")
    message.locator(".copy-response-button").wait_for(state="attached")
    shown = message.locator("#response-content-container")
    wait_for(lambda: shown.inner_text().strip() == full, timeout=15,  # rendered after the actions, on a busy core
             what=f"the reply to read {full!r}")


def texts(page: Any, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_inner_texts()]
