"""The in-browser playground on the static site under a sub-path: run, edit, forms, checks, Stop.

Needs the Pyodide runtime assembled by ``python build.py playground`` (CI does it); without it
the site has no Run buttons, which the last test checks instead.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from courseware.build.playground import installed

from .support import Site, free_port
from .test_assessment import axe

READY = pytest.mark.skipif(
    not installed() and not os.environ.get("COURSEWARE_REQUIRE_PLAYGROUND"),
    reason=(
        "playground tests: no runtime in static/playground/; run 'python build.py playground' "
        "(needs npm, from Node.js)"
    ),
)
FIRST_RUN = 90_000  # ms: downloading and starting Python the first time
ROUTING = "03-flask-essentials/examples/routing.py"
LINKBOX = "06-production/examples/01-migrations/linkbox"


def lesson_url(site: Site, unit: str) -> str:
    lesson = next(x for x in site.index.default.lessons if unit in x.rendered.examples)
    return site.url(lesson.path)


def routing(site: Site) -> str:
    return lesson_url(site, ROUTING)


def run_first_example(page: Page, unit: str = ROUTING, index: int = 0) -> None:
    block = page.locator(f'.highlight[data-example="{unit}"]').nth(index)
    block.locator(".run-button").click()
    expect(page.locator(".playground-response").first).to_contain_text("200", timeout=FIRST_RUN)


def code_of(page: Page, unit: str, name: str) -> str:
    """The example's file as the playground receives it."""
    url = f"{page.evaluate('document.documentElement.dataset.root')}playground/examples/{unit}.json"
    return page.evaluate("url => fetch(url).then(r => r.json())", url)["files"][name]


def replace_code(page: Page, text: str) -> None:
    """Select the whole file in the editor and paste ``text`` over it, as a learner would."""
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


def press_run(page: Page) -> None:
    page.locator(".playground-request button[type=submit]").first.click()


def token_colours(page: Page) -> dict[str, bool]:
    """Which of the editor's token colours (``--tok-*``) some text in the editor has."""
    return page.evaluate(
        """() => {
            const playground = document.querySelector(".playground");
            const probe = document.createElement("span");
            playground.appendChild(probe);
            const colour = (name) => {
                probe.style.color = `var(--tok-${name})`;
                return getComputedStyle(probe).color;
            };
            const names = ["keyword", "string", "tag", "attribute", "function"];
            const wanted = Object.fromEntries(names.map((name) => [name, colour(name)]));
            probe.remove();
            const root = playground.querySelector(".editor-host").shadowRoot;
            const used = new Set([...root.querySelectorAll(".cm-content span")]
                .map((span) => getComputedStyle(span).color));
            return Object.fromEntries(names.map((name) => [name, used.has(wanted[name])]));
        }"""
    )


def watch_console(page: Page) -> list[str]:
    """Console errors, such as a style the Content-Security-Policy refused."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


@READY
def test_run_edit_and_run_again(static_site: Site, page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors = watch_console(page)
    page.goto(routing(static_site))
    assert not [url for url in requested if "playground" in url]  # nothing until Run
    run_first_example(page)
    assert [url for url in requested if re.search(r"/playground/editor/editor-\w+\.mjs$", url)]
    frame = page.frame_locator("iframe.playground-frame").first
    expect(frame.locator("body")).to_have_text("Home page")
    expect(page.locator(".playground .cm-editor")).to_have_count(1)
    expect(page.locator(".editor-text")).to_have_count(0)
    colours = token_colours(page)  # Python mode
    assert colours["keyword"] and colours["string"] and colours["function"]
    # Python indentation: Enter after a colon indents the next line by four spaces
    page.locator(".playground .cm-content").first.focus()
    page.keyboard.press("ControlOrMeta+End")
    page.keyboard.type("\n\ndef extra():\nreturn 1")
    expect(page.locator(".playground .cm-line").last).to_have_text("    return 1")

    original = code_of(page, ROUTING, "routing.py")
    replace_code(page, original.replace('return "Home page"', 'return "<h1>Changed page</h1>"'))
    press_run(page)
    expect(page.locator("iframe.playground-frame").first).to_be_visible()
    expect(page.frame_locator("iframe.playground-frame").first.locator("h1")).to_have_text(
        "Changed page"
    )
    assert errors == []


@READY
def test_the_editor_opens_at_the_snippet_and_marks_its_lines(static_site: Site, page: Page) -> None:
    page.goto(routing(static_site))
    block = page.locator(f'.highlight[data-example="{ROUTING}"]').nth(2)
    shown = [line.strip() for line in block.locator("pre code").inner_text().split("\n")]
    shown = [line for line in "\n".join(shown).strip().split("\n")]
    run_first_example(page, index=2)
    lines = [line.strip() for line in code_of(page, ROUTING, "routing.py").split("\n")]
    first = next(
        n for n in range(len(lines)) if lines[n : n + len(shown)] == shown
    )  # where the lesson's part sits in the whole file
    assert first > 10
    marked = page.locator(".playground .cm-line.cm-snippet")
    expect(marked).to_have_count(len(shown))
    expect(page.locator(".playground-keys").first).to_contain_text(
        f"lines {first + 1}–{first + len(shown)}"
    )
    # scrolled to it: the first marked line is inside the editor's visible box
    scroller = page.locator(".playground .cm-scroller").first.bounding_box()
    line = marked.first.bounding_box()
    assert scroller and line
    assert scroller["y"] <= line["y"] < scroller["y"] + scroller["height"] - line["height"]
    gutter = page.locator(".playground .cm-gutterElement.cm-snippet-gutter").first
    expect(gutter).to_have_text(str(first + 1))


@READY
def test_templates_open_in_the_html_and_jinja_mode_and_search_works(
    static_site: Site, page: Page
) -> None:
    page.goto(lesson_url(static_site, "02-mvc/examples/bookshelf"))
    page.locator('.highlight[data-example="02-mvc/examples/bookshelf"] .run-button').first.click()
    expect(page.locator(".playground-response").first).to_contain_text("200", timeout=FIRST_RUN)
    tab = page.locator(".playground-tab", has_text=re.compile(r"\.html$")).first
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    content = page.locator(".playground .cm-content").first
    expect(content).to_contain_text("{% block")
    colours = token_colours(page)  # HTML with Jinja
    assert colours["tag"] and colours["attribute"] and colours["keyword"] and colours["string"]
    content.focus()
    page.keyboard.press("ControlOrMeta+f")
    field = page.locator(".playground .cm-search input[name=search]")
    expect(field).to_be_focused()
    field.press_sequentially("block")
    expect(page.locator(".playground .cm-searchMatch").first).to_be_visible()
    assert axe(page) == []
    page.keyboard.press("Escape")
    expect(page.locator(".playground .cm-search")).to_have_count(0)
    # Tab indents; Esc then Tab leaves the editor for the next control
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(page.locator(".playground-request select").first).to_be_focused()


@READY
def test_without_the_editor_bundle_the_playground_uses_a_text_area(
    static_site: Site, page: Page
) -> None:
    def without_editor(route) -> None:  # noqa: ANN001 - Playwright's Route
        manifest = route.fetch().json()
        manifest.pop("editor")
        route.fulfill(json=manifest)

    page.route("**/playground/manifest.json", without_editor)
    page.goto(routing(static_site))
    run_first_example(page)
    editor = page.locator(".editor-text").first
    expect(editor).to_be_visible()
    expect(page.locator(".cm-editor")).to_have_count(0)
    editor.fill(editor.input_value().replace('return "Home page"', 'return "Plain page"'))
    press_run(page)
    expect(page.frame_locator("iframe.playground-frame").first.locator("body")).to_have_text(
        "Plain page"
    )
    assert axe(page) == []


@READY
@pytest.mark.parametrize(
    ("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)]
)
def test_the_open_playground_has_no_accessibility_violations(
    static_site: Site, page: Page, scheme: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(routing(static_site))
    run_first_example(page)
    assert axe(page) == [], f"{scheme} at {width} px: playground open after a run"
    page.locator(".playground .cm-content").first.focus()
    page.keyboard.press("ControlOrMeta+f")
    expect(page.locator(".playground .cm-search")).to_be_visible()
    assert axe(page) == [], f"{scheme} at {width} px: the editor's search open"


@READY
def test_controls_fit_and_the_frame_fits_a_one_line_answer(static_site: Site, page: Page) -> None:
    page.goto(routing(static_site))
    run_first_example(page)
    frame = page.locator("iframe.playground-frame").first
    expect(frame).to_be_visible()
    page.wait_for_function(
        "() => document.querySelector('iframe.playground-frame').getBoundingClientRect().height"
        " < 90"
    )
    # The request row keeps its controls on one line at 1280 px, Reset included.
    boxes = page.locator(".playground-request > :not([hidden])").evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect().toJSON())"
    )
    middles = [box["y"] + box["height"] / 2 for box in boxes if box["height"]]
    assert len(middles) == 4 and max(middles) - min(middles) < 4
    reset = page.get_by_role("button", name="Reset code")
    title = page.locator(".playground-title").first
    assert abs(reset.bounding_box()["y"] - title.bounding_box()["y"]) < 20
    status = page.locator(".playground-status").first.inner_text()
    assert re.fullmatch(r"[\w .,:…’'-]*", status), status  # text, no emoji


@READY
def test_the_migrations_example_runs_in_pyodide_with_sqlite(static_site: Site, page: Page) -> None:
    page.goto(lesson_url(static_site, LINKBOX))
    page.locator(f'.highlight[data-example="{LINKBOX}"] .run-button').first.click()
    response = page.locator(".playground-response").first
    expect(response).to_contain_text("302", timeout=FIRST_RUN)
    page.locator(".playground-request select").first.select_option("flask")
    page.locator(".playground-path").first.fill("db upgrade")
    press_run(page)
    expect(page.locator(".playground-note").first).to_contain_text("Output of the command")
    expect(page.locator(".playground-error")).to_have_count(0)
    page.locator(".playground-request select").first.select_option("GET")
    page.locator(".playground-path").first.fill("/auth/signup")
    press_run(page)
    expect(response).to_contain_text("200")
    frame = page.frame_locator("iframe.playground-frame").first
    frame.locator("input[name=username]").fill("ada")
    frame.locator("input[name=email]").fill("ada@example.com")
    frame.locator("input[name=password]").first.fill("correct horse battery")
    frame.locator("input[type=password]").last.fill("correct horse battery")
    frame.locator("form [type=submit]").first.click()
    expect(page.locator(".playground-note").first).to_contain_text("Followed a redirect")
    expect(response).to_contain_text("200")
    expect(page.locator(".playground-error")).to_have_count(0)


@READY
def test_the_next_visit_takes_python_and_the_wheels_from_cache_storage(
    static_site: Site, context: BrowserContext
) -> None:
    first = context.new_page()
    first.goto(routing(static_site))
    run_first_example(first)
    cached = first.evaluate(
        """async () => {
            const names = (await caches.keys()).filter(n => n.startsWith("courseware-playground:"));
            const cache = await caches.open(names[0]);
            return [names.length, (await cache.keys()).map(request => request.url)];
        }"""
    )
    assert cached[0] == 1
    names = {url.rsplit("/", 1)[1].split("-")[0] for url in cached[1]}
    assert "pyodide.asm.wasm" not in names  # left to the HTTP cache, for V8's code cache
    assert names >= {
        "python_stdlib.zip",
        "flask",
        "werkzeug",
    }
    first.close()
    # Playwright's routing turns the HTTP cache off: what loads now comes from Cache Storage
    # (the WebAssembly and the JavaScript come from the server again).
    refused: list[str] = []

    def refuse(route) -> None:  # noqa: ANN001 - Playwright's Route
        refused.append(route.request.url)
        route.abort()

    context.route(re.compile(r".*/playground/(pyodide/.*\.(zip|json)|wheels/.*)$"), refuse)
    again = context.new_page()
    again.goto(routing(static_site))
    run_first_example(again)
    assert refused == []


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
    replace_code(
        page,
        code_of(page, ROUTING, "routing.py")
        + (
            '\n\n@app.route("/archive/<int:year>")\ndef archive(year: int) -> str:\n'
            '    if year < 2000:\n        abort(404)\n    return f"Posts from {year}"\n'
        ),
    )
    button.click()
    expect(results.locator(".is-passed")).to_have_count(4, timeout=30_000)
    expect(results.locator(".is-failed")).to_have_count(0)


@READY
def test_stop_ends_a_runaway_loop_and_the_next_run_works(static_site: Site, page: Page) -> None:
    page.goto(routing(static_site))
    run_first_example(page)
    replace_code(
        page,
        code_of(page, ROUTING, "routing.py").replace(
            'return "Home page"', "while True:\n        pass"
        ),
    )
    press_run(page)
    stop = page.get_by_role("button", name="Stop running")
    expect(stop).to_be_visible()
    expect(page.locator(".playground.is-running")).to_have_count(1)
    page.wait_for_timeout(1500)
    stop.click()
    expect(page.locator(".playground-status").first).to_contain_text("Stopped")
    expect(stop).to_be_hidden()
    page.get_by_role("button", name="Reset code").first.click()
    press_run(page)
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


#: playground.js as the page would load it, standing in for Python: it notes what it is asked.
FAKE_PLAYGROUND = """window.coursewarePlayground = {
  open: function (block) { return { run: function () { window.ran = block.dataset.example; } }; },
  check: function (box) { window.checked = box.dataset.check; }
};"""


def test_run_and_check_buttons_come_with_run_js_and_load_the_playground_on_first_press(
    tmp_path: Path, page: Page, cache_dir: Path
) -> None:
    """Without Python: a course folder whose static/ holds a runtime's manifest, and a
    playground.js that only notes the press (the tests above run the real one in CI)."""
    from werkzeug.serving import make_server

    from courseware import create_app
    from courseware.config import PROJECT_ROOT

    (tmp_path / "static/playground").mkdir(parents=True)
    (tmp_path / "static/playground/manifest.json").write_text("{}")
    app = create_app(
        {
            "COURSEWARE_COURSE_DIR": tmp_path,
            "COURSEWARE_LESSONS_DIR": PROJECT_ROOT / "lessons",
            "COURSEWARE_CACHE_DIR": cache_dir,
            "COURSEWARE_PREVIEW": False,
        }
    )
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        site = Site(
            "fake", f"http://127.0.0.1:{server.server_port}/", app.extensions["courseware"].index
        )
        asked: list[str] = []

        def stand_in(route: Route) -> None:
            asked.append(route.request.url)
            route.fulfill(body=FAKE_PLAYGROUND, content_type="text/javascript")

        page.route(re.compile(r"/static/js/playground\.js"), stand_in)
        page.goto(lesson_url(site, ROUTING))
        block = page.locator(f'.highlight[data-example="{ROUTING}"]').first
        expect(block.locator(".run-button")).to_have_accessible_name(
            "Run this example in the browser"
        )
        assert asked == []  # nothing of the playground before the first press
        block.locator(".run-button").click()
        page.wait_for_function(f"window.ran === {ROUTING!r}")
        assert len(asked) == 1
        checked = next(x for x in site.index.default.lessons if "exercise-check" in x.rendered.html)
        page.goto(site.url(checked.path))
        box = page.locator(".exercise-check").first
        expect(box).to_have_attribute("data-check", "check-1")
        page.get_by_role("button", name="Check my code").first.click()
        page.wait_for_function("window.checked === 'check-1'")
    finally:
        server.shutdown()
