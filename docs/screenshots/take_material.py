"""Screenshots of the same pages built with Material for MkDocs, into ``material/`` here:
the home page, the sessions lesson and search for "cookie" (first result chosen), at 390×844
and 1280×800, light and dark, in the same Chromium as ``take.py``.

``python docs/screenshots/take_material.py`` (from the repository root; needs the ``bench``
extra for ``mkdocs-material`` and Playwright). The site is built by ``material.py``.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from material import build  # noqa: E402
from take import QUERY, shoot  # noqa: E402

OUT = HERE / "material"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


def _search(page: Page, size: str) -> None:
    if size == "phone":  # the header's search icon opens it
        page.locator("label.md-header__button[for=__search]").click()
    page.locator("input.md-search__input").click()
    page.keyboard.type(QUERY)
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")


def take() -> list[Path]:
    site = build(Path(tempfile.mkdtemp(prefix="material-")))
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    OUT.mkdir(exist_ok=True)
    try:
        return shoot(f"http://127.0.0.1:{server.server_port}/", OUT, _search)
    finally:
        server.shutdown()


if __name__ == "__main__":
    for file in take():
        print(file, file.stat().st_size)
