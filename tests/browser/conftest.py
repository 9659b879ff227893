"""Real-browser tests: Playwright driving Debian's Chromium against the live app and against
the frozen site served by ``python -m http.server`` under a sub-path, as on GitHub Pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from courseware import create_app
from courseware.build.freeze import build_site
from courseware.config import PROJECT_ROOT

from .support import PHONE, Site, free_port, wait_for, watched_page

CHROMIUM = Path(os.environ.get("COURSEWARE_CHROMIUM", "/usr/bin/chromium"))
SUB_PATH = "/flask-course/"

HERE = Path(__file__).parent
NO_BROWSER = (
    f"browser tests: Chromium not found at {CHROMIUM}; install it (apt-get install chromium) "
    "or point COURSEWARE_CHROMIUM at it"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Chromium, each browser test is skipped with the reason (or fails the run in CI).

    A marker rather than a module-level skip in this file: pytest reports that as a traceback
    when the folder is named on the command line, and the summary line would not count it.
    """
    if CHROMIUM.exists():
        return
    if os.environ.get("COURSEWARE_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"{NO_BROWSER} (COURSEWARE_REQUIRE_BROWSER is set)")
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.skip(reason=NO_BROWSER))


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("render-cache")


@pytest.fixture(scope="session")
def live_site(cache_dir: Path) -> Iterator[Site]:
    from werkzeug.serving import make_server

    app = create_app({"COURSEWARE_CACHE_DIR": cache_dir, "COURSEWARE_PREVIEW": False})
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/"
    wait_for(base)
    yield Site("live", base, app.extensions["courseware"].index)
    server.shutdown()


@pytest.fixture(scope="session")
def static_site(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Iterator[Site]:
    served = tmp_path_factory.mktemp("www")
    output = served / SUB_PATH.strip("/")
    build_site(
        output,
        project_root=PROJECT_ROOT,
        base_url=SUB_PATH,
        config={"COURSEWARE_CACHE_DIR": cache_dir},
    )
    app = create_app({"COURSEWARE_CACHE_DIR": cache_dir})
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(served),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}{SUB_PATH}"
        wait_for(base)
        yield Site("static", base, app.extensions["courseware"].index, output)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(served, ignore_errors=True)


@pytest.fixture(params=["live", "static"])
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile that refuses, and remembers, any request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    outside: list[str] = []

    def guard(route) -> None:  # noqa: ANN001 - Playwright's Route
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield context
    context.close()
    assert outside == [], f"requests left the origin: {outside}"


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    yield from watched_page(context)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized touch screen (its own profile, without the origin guard of ``context``)."""
    context = browser.new_context(viewport=PHONE, has_touch=True)
    try:
        yield from watched_page(context)
    finally:
        context.close()
