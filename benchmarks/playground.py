"""The in-browser playground's cost: bytes before the first Run, and time and bytes to a result.

``python benchmarks/playground.py`` builds the course (with the runtime from
``python build.py playground``), serves it under a sub-path on loopback, and drives Chromium:

1. open a lesson and count what the page downloads before anyone presses Run;
2. press Run: bytes and seconds until the first response of the example shows;
3. change the code and run again (Python already loaded);
4. open another lesson in the same browser and Run;
5. the next visit: quit the browser, start it again on the same profile, open the lesson and
   Run, once with the playground's Cache Storage emptied first (only the HTTP cache left, as
   before the playground kept its runtime there) and once with it.

``--max-age 0`` serves files that browsers must revalidate at once, as a visit after GitHub
Pages' ten minutes finds them. Needs Playwright (test extra) and Debian's Chromium at
/usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import PROJECT_ROOT, log, machine_notes, table, workdir  # noqa: E402
from load import static_site  # noqa: E402

SUB_PATH = "/course/"
EXAMPLE = "03-flask-essentials/examples/routing.py"


def sent(count_file: Path) -> tuple[int, int]:
    """Bytes of files the server sent, and requests it answered, since the last call."""
    if not count_file.exists():
        return 0, 0
    lines = [line for line in count_file.read_text().splitlines() if line]
    count_file.write_text("")
    files = sum(int(line.split()[0]) for line in lines if not line.startswith("- "))
    return files, sum(line.startswith("- ") for line in lines)


def replace_code(page, text: str) -> None:  # noqa: ANN001 - Playwright's Page
    """Paste ``text`` over the whole file in the playground's editor."""
    content = page.locator(".playground .cm-content").first
    content.focus()
    page.keyboard.press("ControlOrMeta+a")
    content.evaluate(
        """(node, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            node.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
        }""",
        text,
    )


def launch(playwright, profile: str):  # noqa: ANN001, ANN201 - Playwright's objects
    return playwright.chromium.launch_persistent_context(
        profile,
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


def first_result(page, count_file: Path, figures: dict[str, float], label: str) -> None:  # noqa: ANN001
    """Press the first Run button and note seconds, bytes and requests until a result."""
    sent(count_file)
    started = time.perf_counter()
    page.locator(".highlight[data-example] .run-button").first.click()
    page.locator(".playground-output :is(.playground-response, .playground-text)").first.wait_for(
        timeout=180_000
    )
    figures[f"{label}: seconds to the first result"] = time.perf_counter() - started
    files, requests = sent(count_file)
    figures[f"{label}: bytes sent by the server"] = files
    figures[f"{label}: requests to the server"] = requests


def measure(base: str, count_file: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from courseware.course.loader import load_index

    index = load_index(PROJECT_ROOT / "lessons")
    lesson = next(x for x in index.default.lessons if EXAMPLE in x.rendered.examples)
    other = next(x for x in index.default.lessons if x.rendered.examples and x.path != lesson.path)
    figures: dict[str, float] = {}
    with sync_playwright() as playwright:
        # A real profile on disk, as a learner's browser has: its HTTP cache keeps big files.
        profile = tempfile.mkdtemp(prefix="chromium-profile-")
        browser = launch(playwright, profile)
        page = browser.new_page()
        received: list[tuple[str, int]] = []
        page.on(
            "requestfinished", lambda r: received.append((r.url, r.sizes()["responseBodySize"]))
        )
        sent(count_file)
        page.goto(base + lesson.path, wait_until="networkidle")
        figures["page bytes before Run"] = sent(count_file)[0]
        figures["playground files before Run"] = sum("playground" in url for url, _ in received)
        received.clear()
        block = page.locator(f'.highlight[data-example="{EXAMPLE}"]').first
        started = time.perf_counter()
        block.locator(".run-button").click()
        page.locator(".playground-response").first.wait_for(timeout=180_000)
        figures["first result s"] = time.perf_counter() - started
        figures["first result bytes"] = sent(count_file)[0]
        page.locator(".playground .cm-editor").first.wait_for()
        code = page.evaluate(
            "url => fetch(url).then(r => r.json())",
            f"{base}playground/examples/{EXAMPLE}.json",
        )["files"]["routing.py"]
        replace_code(page, code.replace("Home page", "Home page, again"))
        started = time.perf_counter()
        page.locator(".playground-request button[type=submit]").first.click()
        page.frame_locator("iframe.playground-frame").first.get_by_text(
            "Home page, again"
        ).wait_for()
        figures["second run s"] = time.perf_counter() - started
        page.goto(base + other.path, wait_until="networkidle")
        first_result(page, count_file, figures, "next lesson")
        browser.close()
        for label, empty in (("next visit, HTTP cache only", True), ("next visit", False)):
            browser = launch(playwright, profile)
            page = browser.new_page()
            page.goto(base + lesson.path, wait_until="networkidle")
            if empty:
                page.evaluate(
                    "async () => { for (const name of await caches.keys())"
                    " if (name.startsWith('courseware-playground:')) await caches.delete(name); }"
                )
            first_result(page, count_file, figures, label)
            browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="browser sessions (default 3)")
    parser.add_argument("--workdir", type=Path, help="keep the built site here")
    parser.add_argument(
        "--max-age",
        type=int,
        default=600,
        help="Cache-Control max-age of the served files, seconds (default 600, GitHub Pages')",
    )
    args = parser.parse_args()
    from courseware.build.playground import installed

    if not installed():
        sys.exit("Run 'python build.py playground' first: there is no runtime to measure.")
    with workdir(args.workdir, "bench-playground-") as scratch:
        site = scratch / "www" / SUB_PATH.strip("/")
        log("building the course ...")
        subprocess.run(
            [sys.executable, "build.py", "--output", str(site), "--base-url", SUB_PATH],
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
            timeout=600,
        )
        count_file = scratch / "sent.log"
        runs = []
        env = {"STATIC_SERVER_COUNT": str(count_file), "STATIC_SERVER_MAX_AGE": str(args.max_age)}
        with static_site(site.parent, SUB_PATH, env) as base:
            for number in range(args.runs):
                log(f"session {number + 1} of {args.runs} ...")
                runs.append(measure(base, count_file))
    print("## Playground: Python in the browser\n")
    print(machine_notes())
    print(
        f"\nStatic site served on loopback under {SUB_PATH} with max-age={args.max_age}; Chromium, "
        f"a new profile per session; the example is {EXAMPLE}.\n"
    )
    rows = []
    for name in runs[0]:
        values = [run[name] for run in runs]
        unit = "s" if name.endswith(" s") or "seconds" in name else ""
        shown = [f"{value:.2f}" if unit else f"{value:,.0f}" for value in values]
        rows.append(
            [
                name,
                " / ".join(shown),
                f"{statistics.median(values):.2f}" if unit else f"{statistics.median(values):,.0f}",
            ]
        )
    print(table(["figure", "each session", "median"], rows))


if __name__ == "__main__":
    main()
