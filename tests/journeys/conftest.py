"""User-group journeys in headless Chromium, each one story as its user would act.

The browser fixtures come from tests/browser/conftest.py (Debian's Chromium through
Playwright, a live server with a transactional database). On top of them, ``Journey``
runs axe-core (axe-playwright-python ships axe) after every page the story visits and
collects the serious and critical WCAG 2.1 AA violations, and saves a numbered screenshot
per page to artifacts/journeys/<journey>/NN-name.png (CI keeps that folder as artefacts).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, PHONE, _open  # noqa: F401 - helpers; chromium comes from tests/conftest.py

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "journeys"
NARROW = {"width": 360, "height": 740}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


class Journey:
    """One user's browser: navigation helpers, axe after each page, numbered screenshots."""

    def __init__(self, browser_page, name: str, *, folder: Path):
        self.browser_page = browser_page
        self.page = browser_page.page
        self.name = name
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.visited: list[str] = []
        #: Clicks, fields filled and options chosen: the journeys assert how many a task takes.
        self.interactions = 0
        self.violations: list[tuple[str, str, str, list]] = []

    # --- navigation --------------------------------------------------------------------
    def goto(self, path: str, label: str):
        response = self.browser_page.goto(path)
        self.seen(label)
        return response

    def click(self, locator, label: str) -> None:
        """Click something that loads a new page, then check and photograph that page."""
        locator.click()
        self.interactions += 1
        self.page.wait_for_load_state()
        self.seen(label)

    def fill(self, locator, value: str) -> None:
        locator.fill(value)
        self.interactions += 1

    def select(self, locator, **option) -> None:
        locator.select_option(**option)
        self.interactions += 1

    def tap(self, locator) -> None:
        """A click that stays on the page (a checkbox, a disclosure)."""
        locator.click()
        self.interactions += 1

    def seen(self, label: str) -> Path:
        """The page on screen now is one the journey visits: axe it and photograph it."""
        self.page.wait_for_load_state()
        self.visited.append(self.page.url)
        self.check_accessibility(label)
        return self.screenshot(label)

    def screenshot(self, label: str, *, full_page: bool = True) -> Path:
        number = len(list(self.folder.glob("*.png"))) + 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        target = self.folder / f"{number:02d}-{slug}.png"
        self.page.screenshot(path=str(target), full_page=full_page)
        return target

    # --- checks ------------------------------------------------------------------------
    def check_accessibility(self, label: str) -> None:
        axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
        results = axe_module.Axe().run(
            self.page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
        )
        for violation in results.response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                self.violations.append((label, self.page.url, violation["id"],
                                        [node["target"] for node in violation["nodes"]][:5]))

    def csp_errors(self) -> list[str]:
        return [e for e in self.browser_page.console_errors if "Content Security Policy" in e or "Refused" in e]

    def no_sideways_scroll(self) -> bool:
        width = self.page.viewport_size["width"]
        return self.page.evaluate("document.documentElement.scrollWidth") <= width

    def assert_clean(self) -> None:
        """Every page passed axe (no serious or critical WCAG 2.1 AA violation), and no CSP errors."""
        assert self.visited, "the journey visited no page"
        assert self.violations == [], self.violations
        assert self.csp_errors() == [], self.browser_page.console_errors


@pytest.fixture
def journey(chromium, live_server, transactional_db, request):  # noqa: F811
    """journey(name, viewport="desktop"|"phone"|"narrow") opens a browser for one user."""
    contexts = []
    cleared: set[str] = set()

    def make(name: str, viewport: str = "desktop") -> Journey:
        size = {"desktop": DESKTOP, "phone": PHONE, "narrow": NARROW}[viewport]
        extra = {} if viewport == "desktop" else {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
        context, browser_page = _open(chromium, live_server, size, accept_downloads=True, **extra)
        contexts.append(context)
        folder = ARTIFACTS / name
        if name not in cleared:  # a fresh folder per run; two users of one story share it
            cleared.add(name)
            for old in folder.glob("*.png"):
                old.unlink()
        return Journey(browser_page, name, folder=folder)

    yield make
    for context in contexts:
        context.close()
