"""The in-browser playground on the static site under a sub-path: run, edit, forms, checks, Stop.

Needs the Pyodide runtime assembled by ``python build.py playground`` (CI does it); without it
the site has no Run buttons, which the last test checks instead.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from courseware.build.playground import installed

from .support import Site

READY = pytest.mark.skipif(
    not installed() and not os.environ.get("COURSEWARE_REQUIRE_PLAYGROUND"),
    reason=(
        "playground tests: no runtime in static/playground/; run 'python build.py playground' "
        "(needs npm, from Node.js)"
    ),
)
FIRST_RUN = 90_000  # ms: downloading and starting Python the first time


def routing(site: Site) -> str:
    lesson = next(
        x
        for x in site.index.default.lessons
        if "03-flask-essentials/examples/routing.py" in x.rendered.examples
    )
    return site.url(lesson.path)


def run_first_example(page: Page) -> None:
    block = page.locator('.highlight[data-example="03-flask-essentials/examples/routing.py"]').first
    block.locator(".run-button").click()
    expect(page.locator(".playground-response").first).to_contain_text("200", timeout=FIRST_RUN)


@READY
def test_run_edit_and_run_again(static_site: Site, page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(routing(static_site))
    assert not [url for url in requested if "playground" in url]  # nothing until Run
    run_first_example(page)
    frame = page.frame_locator("iframe.playground-frame").first
    expect(frame.locator("body")).to_have_text("Home page")

    editor = page.locator(".editor-text").first
    editor.fill(
        editor.input_value().replace('return "Home page"', 'return "<h1>Changed page</h1>"')
    )
    page.locator(".playground-request button[type=submit]").first.click()
    expect(page.frame_locator("iframe.playground-frame").first.locator("h1")).to_have_text(
        "Changed page"
    )


@READY
def test_a_form_inside_the_page_goes_back_to_the_app(static_site: Site, page: Page) -> None:
    lesson = next(
        x
        for x in static_site.index.default.lessons
        if "02-mvc/examples/bookshelf" in x.rendered.examples
    )
    page.goto(static_site.url(lesson.path))
    page.locator('.highlight[data-example="02-mvc/examples/bookshelf"] .run-button').first.click()
    expect(page.locator(".playground-response").first).to_contain_text("200", timeout=FIRST_RUN)
    frame = page.frame_locator("iframe.playground-frame").first
    frame.locator("input[name=title]").fill("Piranesi")
    frame.locator("input[name=author]").fill("Susanna Clarke")
    frame.locator("form button, form input[type=submit]").first.click()
    expect(page.frame_locator("iframe.playground-frame").first.locator("body")).to_contain_text(
        "Piranesi", timeout=20_000
    )


@READY
def test_exercise_checks_fail_then_pass_after_a_fix(static_site: Site, page: Page) -> None:
    page.goto(routing(static_site))
    button = page.locator(".check-button").first
    button.click()
    results = page.locator(".check-results").first
    expect(results.locator(".is-failed").first).to_contain_text(
        "GET /archive/2024 should answer 200 OK", timeout=FIRST_RUN
    )
    editor = page.locator(".editor-text").first
    editor.fill(
        editor.input_value()
        + (
            '\n\n@app.route("/archive/<int:year>")\ndef archive(year: int) -> str:\n'
            '    if year < 2000:\n        abort(404)\n    return f"Posts from {year}"\n'
        )
    )
    button.click()
    expect(results.locator(".is-passed")).to_have_count(4, timeout=30_000)
    expect(results.locator(".is-failed")).to_have_count(0)


@READY
def test_stop_ends_a_runaway_loop_and_the_next_run_works(static_site: Site, page: Page) -> None:
    page.goto(routing(static_site))
    run_first_example(page)
    editor = page.locator(".editor-text").first
    editor.fill(editor.input_value().replace('return "Home page"', "while True:\n        pass"))
    page.locator(".playground-request button[type=submit]").first.click()
    stop = page.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    page.wait_for_timeout(1500)
    stop.click()
    expect(page.locator(".playground-status").first).to_contain_text("Stopped")
    page.get_by_role("button", name="Reset").first.click()
    page.locator(".playground-request button[type=submit]").first.click()
    expect(page.locator(".playground-response").first).to_contain_text("200", timeout=FIRST_RUN)


def test_without_the_runtime_there_are_no_run_buttons(live_site: Site, page: Page) -> None:
    page.goto(routing(live_site))
    has_runtime = page.evaluate("!!document.documentElement.dataset.playground")
    assert has_runtime == installed()
    if not installed():
        expect(page.locator(".run-button")).to_have_count(0)
    else:
        expect(page.locator(".run-button").first).to_be_visible()
        assert re.search(r"Run", page.locator(".run-button").first.inner_text())
