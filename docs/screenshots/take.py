"""Screenshots of the home page, a lesson and search, at phone and desktop sizes, light and
dark, into this folder. Run from the repository root: ``python docs/screenshots/take.py``
(needs Chromium at /usr/bin/chromium, or COURSEWARE_CHROMIUM, and Playwright)."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from courseware import create_app

HERE = Path(__file__).parent
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
LESSON = "flask-essentials/sessions/"
QUERY = "cookie"


def shoot(
    base: str,
    out: Path,
    search: Callable[[Page, str], None],
    prepare: Callable[[Page], None] | None = None,
) -> list[Path]:
    """Home, the lesson and search at each size and scheme, from the site at ``base``, into
    ``out``. ``search(page, size)`` opens the site's search box and chooses the first result;
    ``prepare(page)`` runs once per browser context first."""
    written = []
    chromium = os.environ.get("COURSEWARE_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for size, viewport in SIZES.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport=viewport, color_scheme=scheme)
                page = context.new_page()
                if prepare is not None:
                    prepare(page)
                for name, path in (("home", ""), ("lesson", LESSON), ("search", "")):
                    page.goto(base + path)
                    if name == "search":
                        search(page, size)
                    page.wait_for_timeout(400)
                    file = out / f"{name}-{size}-{scheme}.png"
                    page.screenshot(path=file)
                    written.append(file)
                context.close()
        browser.close()
    return written


def _search(page: Page, size: str) -> None:
    if size == "phone":
        page.locator(".search-open").click()
    page.locator("#search-input").click()
    page.keyboard.type(QUERY)
    page.locator(".search-popup [role=option]").first.wait_for()
    page.locator("#search-input").press("ArrowDown")


def take() -> list[Path]:
    cache = Path(tempfile.mkdtemp())
    app = create_app({"COURSEWARE_CACHE_DIR": cache, "COURSEWARE_PREVIEW": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"

    def returning_learner(page: Page) -> None:  # one lesson done, the next one read last
        page.goto(base + LESSON)
        page.locator(".complete-toggle").click()

    try:
        return shoot(base, HERE, _search, returning_learner)
    finally:
        server.shutdown()


if __name__ == "__main__":
    for file in take():
        print(file, file.stat().st_size)
