"""Browser tests: Playwright's Python package driving Debian's Chromium.

Never a downloaded browser: `make browser` installs Debian's `chromium`.
Screenshots land in test-artifacts/screenshots/ for a person to look at.
"""

import io
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by fixtures around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
# axe-core comes from npm (package.json, pinned by package-lock.json): `make browser`.
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA, and axe's best practices (landmarks, heading order, ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (Debian's chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _ServerRequests:
    """Requests the live server is answering, so a test ends only when it is quiet.

    Closing a page sends its last requests (the edit page's presence beacon on
    pagehide); one still running while the database is flushed for the next test
    locks the flush and leaves this test's rows behind. The live server answers
    in threads of its own; the test client's requests, in this thread, are not counted.
    """

    def __init__(self):
        self.answering: set[threading.Thread] = set()
        self.last_started = 0.0
        self.lock = threading.Lock()
        request_started.connect(self.started, weak=False)
        request_finished.connect(self.finished, weak=False)

    def started(self, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.answering.add(threading.current_thread())
                self.last_started = time.monotonic()

    def finished(self, **kwargs):
        with self.lock:
            self.answering.discard(threading.current_thread())

    def wait_until_quiet(self, settle: float = 0.3, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                self.answering = {thread for thread in self.answering if thread.is_alive()}
                quiet = not self.answering and time.monotonic() - self.last_started > settle
            if quiet:
                return
            time.sleep(0.05)
        pytest.fail(f"the live server still answers {len(self.answering)} request(s) after {timeout:.0f} s")


_server_requests = _ServerRequests()


@pytest.fixture(autouse=True)
def _server_quiet_before_flush(request):
    """Torn down after the test's pages are closed and before the database is flushed."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so flushed last
    yield
    _server_requests.wait_until_quiet()


@pytest.fixture
def page(browser):
    """A fresh page at phone width that fails the test on any console error."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()
    assert page.console_errors == [], page.console_errors


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = True) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture(scope="session")
def _demo_snapshot(tmp_path_factory):
    """Where the first demo_site keeps a dump of the seeded data and its media."""
    folder = tmp_path_factory.mktemp("demo")
    return {"dump": folder / "demo.json", "media": folder / "media"}


@pytest.fixture
def demo_site(transactional_db, live_server, settings, _demo_snapshot):
    """The demo newsroom of `make run`, served by a live server.

    seed_demo draws every picture, which takes long on a busy machine: the first
    test seeds and dumps, the others load the dump (the database is emptied
    between browser tests) and share the media folder.
    """
    settings.MEDIA_ROOT = _demo_snapshot["media"]
    dump = _demo_snapshot["dump"]
    if dump.exists():
        call_command("loaddata", str(dump), stdout=io.StringIO())
    else:
        call_command("seed_demo", stdout=io.StringIO())
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--exclude=contenttypes",
            "--exclude=auth.permission",
            # Made again by the flush between browser tests (roles.sync_roles_after_migrate);
            # users name theirs by natural key.
            "--exclude=auth.group",
            "--exclude=articles.embedprovider",  # likewise (articles.apps.add_embed_providers), all off
            "--exclude=sessions",
            "--exclude=admin.logentry",
            f"--output={dump}",
            stdout=io.StringIO(),
        )
    return live_server


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"axe-core not found at {AXE_JS}: run `make browser` (npm ci).")
    return AXE_JS.read_text()


@pytest.fixture
def axe(axe_source):
    """Run axe-core on the page as it is; return the serious and critical violations.

    The script goes in through the DevTools protocol (page.evaluate), not a
    <script> element, so a strict Content-Security-Policy does not block it.
    """

    def run(page, context: str = "html") -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        results = page.evaluate(
            """async ([context, tags]) => await window.axe.run(context, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            })""",
            [context, AXE_TAGS],
        )
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in results["violations"]
            if violation["impact"] in ("serious", "critical")
        ]

    return run
