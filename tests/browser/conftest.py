"""Browser tests: pytest-django's live server and headless Chromium through Playwright.

Chromium is Debian's (/usr/bin/chromium): Playwright's own browser downloads are not used.
The live server runs in a thread with a transactional database, so these tests use
``transactional_db`` and build their data with the factories (which work under RLS).
Screenshots go to artifacts/screenshots/ (git-ignored).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.messages import ensure_compiled

# Playwright's sync API runs an event loop in this thread; Django would then refuse ORM
# calls from the test body (factories, assertions) as if they came from async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def launch_chromium():
    """One Chromium for the whole session (the ``chromium`` fixture in tests/conftest.py):
    Playwright's sync API cannot run two instances in one thread, and both
    tests/browser and tests/journeys use it."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set CHROMIUM_PATH)")
    ensure_compiled()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class BrowserPage:
    """A Playwright page on the live server that remembers console errors (CSP violations)."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target

    def log_in(self, email: str, password: str) -> None:
        self.goto("/inloggen/")
        self.page.locator("#id_username").fill(email)
        self.page.locator("#id_password").fill(password)
        self.page.locator("main button[type=submit]").click()
        self.page.wait_for_load_state()


def _open(chromium, live_server, viewport, **kwargs):
    # A Dutch browser, as at school; Django would otherwise follow Accept-Language.
    context = chromium.new_context(viewport=viewport, locale="nl-NL", **kwargs)
    return context, BrowserPage(context.new_page(), live_server.url)


@pytest.fixture
def page(chromium, live_server, transactional_db):
    context, browser_page = _open(chromium, live_server, DESKTOP)
    yield browser_page
    context.close()


@pytest.fixture
def phone(chromium, live_server, transactional_db):
    context, browser_page = _open(chromium, live_server, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield browser_page
    context.close()
