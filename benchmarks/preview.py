"""How soon the preview answers after it starts, and how soon a save shows in the browser.

``python benchmarks/preview.py [--lessons 1000] [--runs 3] [--course]`` copies the corpus (or,
with ``--course``, this repository's own ``lessons/``) into a scratch folder, then:

- **first answer**: starts ``python build.py --lessons COPY serve`` and times from the start
  of the process to the first complete answer for a lesson page, with an empty render cache
  (a fresh clone) and again with the cache that run left (the lessons the background
  rendering finished before the server was stopped);
- **save to screen**: opens that lesson in Chromium (Playwright), appends a new section to the
  lesson's file and times until the browser shows it (the tab reloads itself), ``--runs`` times.

Needs Playwright (the test extra) and Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from corpus import add_corpus_arguments, corpus_for
from harness import (
    PROJECT_ROOT,
    code_fingerprint,
    code_note,
    kill_group,
    log,
    machine_notes,
    median,
    ours_env,
    page_path,
    table,
    workdir,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(lessons: Path, cache: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, PROJECT_ROOT / "build.py", "--lessons", lessons, "serve"]
    return subprocess.Popen(
        [str(part) for part in [*command, "--port", str(port)]],
        env=ours_env(cache),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def first_answer(lessons: Path, cache: Path, url: str, port: int, timeout: float) -> float:
    """Seconds from starting the preview to a complete answer for ``url``."""
    started = time.perf_counter()
    server = start(lessons, cache, port)
    try:
        while time.perf_counter() - started < timeout:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    response.read()
                return time.perf_counter() - started
            except OSError:
                time.sleep(0.01)
        raise SystemExit(f"the preview did not answer {url} within {timeout} s")
    finally:
        kill_group(server.pid)
        server.wait()


def save_to_screen(lessons: Path, relpath: str, cache: Path, url: str, port: int, runs: int):
    """Seconds from each save of the lesson to the browser showing what was saved."""
    from playwright.sync_api import sync_playwright

    server = start(lessons, cache, port)
    found: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            for _ in range(600):
                try:
                    page.goto(url, wait_until="load")
                    break
                except Exception:  # noqa: BLE001 - not listening yet
                    time.sleep(0.1)
            page.wait_for_timeout(1500)  # the tab has asked its first question
            file = lessons / relpath
            for number in range(1, runs + 1):
                heading = page.get_by_role("heading", name=f"Saved section {number}")
                started = time.perf_counter()
                with file.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n\n## Saved section {number}\n\nJust saved.\n")
                # The tab reloads itself: time the first page whose document has the new
                # heading. (A locator's wait_for polls at growing intervals, up to 0.5 s
                # apart, and measured that instead of the preview.)
                while True:
                    page.wait_for_event("domcontentloaded", timeout=30_000)
                    if heading.count():
                        break
                found.append(time.perf_counter() - started)
                log(f"  save {number}: shown after {found[-1]:.2f} s")
                page.wait_for_timeout(500)
            browser.close()
    finally:
        kill_group(server.pid)
        server.wait()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(parser)
    parser.add_argument("--course", action="store_true", help="this repository's lessons/")
    parser.add_argument("--runs", type=int, default=3, help="saves to time (3)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for an answer")
    parser.add_argument("--workdir", type=Path, help="keep the copy and caches here")
    options = parser.parse_args()
    code = code_fingerprint()
    if options.course:
        source = PROJECT_ROOT / "lessons"
        relpath = next(
            path.relative_to(source).as_posix()
            for path in sorted((source / "03-flask-essentials").glob("*.md"))
            if not path.name.startswith("_")
        )
        name = "this course"
    else:
        source = corpus_for(options).root / "lessons"
        relpath = "26-security/01-debugging-extensions-in-security.md"
        name = f"{options.lessons} lessons"
    address = page_path(relpath)
    with workdir(options.workdir, "bench-preview-") as scratch:
        lessons = scratch / "lessons"
        shutil.rmtree(lessons, ignore_errors=True)
        shutil.copytree(source, lessons)
        cache = scratch / "cache"
        shutil.rmtree(cache, ignore_errors=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}/{address}"
        log(f"first answer, empty cache: {url}")
        cold = first_answer(lessons, cache, url, port, options.timeout)
        log(f"first answer, the cache the first start left: {url}")
        warm = first_answer(lessons, cache, url, port, options.timeout)
        log("saves")
        saves = save_to_screen(lessons, relpath, cache, url, port, options.runs)
    print(f"# Preview: {name}\n")
    print(machine_notes())
    print(code_note(code))
    print(
        table(
            ["measure", "seconds"],
            [
                ["first answer, empty render cache", f"{cold:.2f}"],
                ["first answer, cache left by the first start", f"{warm:.2f}"],
                [f"save to screen, median of {len(saves)}", f"{median(saves):.2f}"],
                ["save to screen, each", " ".join(f"{s:.2f}" for s in saves)],
            ],
        )
    )


if __name__ == "__main__":
    main()
