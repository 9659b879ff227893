"""What a lesson page makes the browser fetch before it is usable stays small: what only some
pages use is linked by those pages, and what only some learners use loads when first used.

BENCHMARKS.md ("Page weight") measures the whole page on the benchmark corpus; these budgets
guard the part every lesson page of every course shares, so a feature added to site.css or
site.js for all pages shows here first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseware.config import PROJECT_ROOT
from courseware.web.content_styles import content_styles
from courseware.web.urls import static_folder

#: site.css + site.js as served (minified), in bytes. They were 18,344 + 23,102 = 41,446 when
#: the phone header, the drawer and the glossary popovers had grown them; 26,813 once those
#: loaded on first use (2026-12-04). Raise it only for something every page needs at once.
SITE_BUDGET = 27_500
#: Everything the lesson page loads before it is usable (site.css, highlight.css, theme.js,
#: site.js): 29,204 bytes on 2026-12-04.
EAGER_BUDGET = 30_000

#: What loads only when first used, named by the page for site.js.
ON_DEMAND = ("overlays.js", "overlays.css", "search.js", "search.css", "quiz.css")

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r'<script src="([^"]+)"')


def _eager(client: FlaskClient, path: str) -> dict[str, int]:
    """The stylesheets and scripts the page at ``path`` links, by file name: bytes served."""
    page = client.get(path).get_data(as_text=True)
    sizes = {}
    for href in STYLESHEET.findall(page) + SCRIPT.findall(page):
        response = client.get(urljoin(path, href))
        assert response.status_code == 200, href
        sizes[href.split("?")[0].rsplit("/", 1)[-1]] = len(response.get_data())
    return sizes


def _static(make_app: Callable[..., Flask]) -> FlaskClient:
    """The app as the static build renders it (relative links, nothing absolute)."""
    config = {"COURSEWARE_LINK_STYLE": "relative", "COURSEWARE_SECURITY_HEADERS": False}
    return make_app(**config).test_client()


def _has_playground(client: FlaskClient) -> bool:
    """Whether the app shows Run buttons: the playground's runtime is in its static folder."""
    app = client.application
    with app.app_context():
        manifest = "playground/manifest.json"
        return (static_folder(manifest, app) / manifest).is_file()


@pytest.fixture
def static_client(make_app: Callable[..., Flask]) -> FlaskClient:
    return _static(make_app)


@pytest.mark.parametrize("path", ["/basics/hello/", "/advanced/deep/"])  # code; quiz, exercise
def test_a_lesson_page_loads_at_once_only_what_every_page_needs(
    static_client: FlaskClient, path: str
) -> None:
    sizes = _eager(static_client, path)
    # Neither has an example to run: no Run buttons, whether the playground is there or not.
    assert set(sizes) == {"site.css", "highlight.css", "theme.js", "site.js"}, sizes
    site = sizes["site.css"] + sizes["site.js"]
    assert site <= SITE_BUDGET, (
        f"site.css + site.js are {site} bytes, over the budget of {SITE_BUDGET} ({sizes}): load "
        "a new feature's code when it is first used (overlays.js, quiz.js) or link its style "
        "only from the pages that have it (static/css/content/)"
    )
    assert sum(sizes.values()) <= EAGER_BUDGET, sizes


def test_what_only_some_pages_use_is_linked_by_those_pages_only(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    """glossary.js (the popovers' first use) by a lesson that links a term, languages.js (the
    language menu) by every page of a course in more than one language; site.js has neither."""
    write("glossary.yml", "- term: WSGI\n  definition: The gateway.\n")
    write("01-basics/03-terms.md", "---\ntitle: Terms\n---\n\nA [[WSGI]] server.\n")
    client = _static(make_app)

    def scripts(path: str) -> set[str]:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        return {href.split("?")[0].rsplit("/", 1)[-1] for href in SCRIPT.findall(page)}

    assert "glossary.js" in scripts("/basics/terms/")
    assert scripts("/basics/hello/") == {"theme.js", "site.js"}
    assert "glossary.js" in scripts("/instructor/basics/terms/")
    write("course.yml", "title: T\nlanguages:\n  en: English\n  es: Español\n")
    client = _static(make_app)
    assert scripts("/basics/hello/") == {"theme.js", "site.js", "languages.js"}
    for name in ("glossary.js", "languages.js"):
        assert client.get(f"/static/js/{name}").status_code == 200


def test_run_buttons_come_only_with_an_example_to_run_or_an_exercise_to_check(
    write: Callable, make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    """With the playground's runtime, run.js, run.css and the playground's addresses come with
    the pages that show an example (or an exercise whose code is checked), not with every page:
    2.4 KB a page at 1,000 lessons, none of which had an example."""
    (tmp_path / "static/playground").mkdir(parents=True)
    (tmp_path / "static/playground/manifest.json").write_text("{}")
    write("01-basics/examples/app.py", "from flask import Flask\napp = Flask(__name__)\n")
    write(
        "01-basics/03-example.md",
        '---\ntitle: Example\n---\n\n```python\n--8<-- "examples/app.py"\n```\n',
    )
    config = {"COURSEWARE_LINK_STYLE": "relative", "COURSEWARE_SECURITY_HEADERS": False}
    client = make_app(COURSEWARE_COURSE_DIR=tmp_path, **config).test_client()
    assert _has_playground(client)

    def linked(path: str) -> tuple[set[str], bool]:
        page = client.get(path).get_data(as_text=True)
        hrefs = STYLESHEET.findall(page) + SCRIPT.findall(page)
        return {href.split("?")[0].rsplit("/", 1)[-1] for href in hrefs}, "data-playground=" in page

    names, addresses = linked("/basics/example/")
    assert {"run.js", "run.css"} <= names and addresses
    for path in ("/basics/hello/", "/", "/basics/"):
        names, addresses = linked(path)
        assert not {"run.js", "run.css"} & names and not addresses, path


def test_files_loaded_on_first_use_are_named_by_the_page_and_served(
    static_client: FlaskClient,
) -> None:
    page = static_client.get("/advanced/deep/").get_data(as_text=True)
    for name in ON_DEMAND:
        found = re.search(rf'data-[a-z-]+="([^"]*/{re.escape(name)}\?v=\w+)"', page)
        assert found, f"{name} is not named on the page"
        assert name not in STYLESHEET.findall(page) + SCRIPT.findall(page)
        assert static_client.get(urljoin("/advanced/deep/", found[1])).status_code == 200, name


TABS = '---\ntitle: Tabs\n---\n\n=== "Windows"\n\n    Use `dir`.\n\n=== "Linux"\n\n    `ls`\n'


def test_content_styles_are_linked_by_the_pages_whose_content_they_style(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("01-basics/03-tabs.md", TABS)
    write("01-basics/04-boxes.md", "---\ntitle: Boxes\n---\n\n!!! success\n    Passed.\n")
    write("01-basics/05-plain.md", "---\ntitle: Plain\n---\n\n!!! tip\n    A tip.\n")
    static_client = _static(make_app)

    def linked(path: str) -> set[str]:
        page = static_client.get(path).get_data(as_text=True)
        return {href for href in STYLESHEET.findall(page) if "/css/content/" in href}

    assert {h.split("?")[0].rsplit("/")[-1] for h in linked("/basics/tabs/")} == {"tabs.css"}
    assert {h.split("?")[0].rsplit("/")[-1] for h in linked("/basics/boxes/")} == {"kinds.css"}
    assert linked("/basics/plain/") == set()  # a tip is one of ours: site.css styles it
    assert linked("/basics/hello/") == set()
    printable = linked("/print/basics/")  # print.js brings any lesson in: every one
    assert {h.split("?")[0].rsplit("/")[-1] for h in printable} >= {"tabs.css", "kinds.css"}


def test_what_a_content_stylesheet_styles_is_read_from_its_selectors(
    app: Flask, tmp_path: Path
) -> None:
    from courseware.web import content_styles as module

    sheet = tmp_path / "x.css"
    sheet.write_text(
        "/* .commented */ @media (min-width: 40rem) { .box.wide > p { margin: 0; } }\n"
        ".box:is(.a, .b) + .next:not(.never) { color: red; }\n"
        "span.mark::before, .row > :nth-child(2) { content: ''; }\n"
    )
    found = module._styled(sheet, sheet.stat().st_mtime_ns)
    assert found == {
        frozenset({"box", "wide"}),
        frozenset({"box", "a"}),
        frozenset({"box", "b"}),
        frozenset({"next"}),
        frozenset({"mark"}),
        frozenset({"row"}),
    }
    with app.test_request_context("/basics/hello/"):
        assert content_styles('<div class="box">') == []  # one class of two is not enough
        assert content_styles('<p class="tip x">') == []
        tabs = content_styles('<div class="tabbed-set tabbed-alternate">')
        assert len(tabs) == 1 and "css/content/tabs.css?v=" in tabs[0]


def test_a_course_adds_content_styles_of_its_own_but_none_that_link_out_of_it(
    write: Callable, make_app: Callable[..., Flask], lessons_dir: Path, tmp_path: Path
) -> None:
    course = lessons_dir.parent
    content = course / "static/css/content"
    content.mkdir(parents=True)
    (content / "callouts.css").write_text(".admonition.note { border-width: 3px; }\n")
    outside = tmp_path / "secret.css"
    outside.write_text(".admonition { color: red; }\n")
    (content / "linked.css").symlink_to(outside)
    write("01-basics/03-note.md", "---\ntitle: Note\n---\n\n!!! note\n    A note.\n")
    client = make_app(COURSEWARE_COURSE_DIR=course, COURSEWARE_LINK_STYLE="relative").test_client()
    links = STYLESHEET.findall(client.get("/basics/note/").get_data(as_text=True))
    assert any("/css/content/callouts.css?v=" in link for link in links)
    assert not any("linked.css" in link for link in links)


def test_a_content_stylesheet_added_while_the_preview_runs_is_linked_at_once(
    write: Callable, make_app: Callable[..., Flask], lessons_dir: Path
) -> None:
    """The list of content stylesheets is kept between pages, and made again when a folder
    of them changes."""
    course = lessons_dir.parent
    content = course / "static/css/content"
    content.mkdir(parents=True)
    write("01-basics/03-note.md", "---\ntitle: Note\n---\n\n!!! note\n    A note.\n")
    client = make_app(
        COURSEWARE_COURSE_DIR=course, COURSEWARE_LINK_STYLE="relative", COURSEWARE_PREVIEW=True
    ).test_client()
    before = STYLESHEET.findall(client.get("/basics/note/").get_data(as_text=True))
    assert not any("callouts.css" in link for link in before)
    (content / "callouts.css").write_text(".admonition.note { border-width: 3px; }\n")
    after = STYLESHEET.findall(client.get("/basics/note/").get_data(as_text=True))
    assert any("/css/content/callouts.css?v=" in link for link in after)


def test_a_stylesheet_with_a_huge_selector_is_read_at_once(tmp_path: Path) -> None:
    """A course's own stylesheet is read on every page that could use it: its patterns must
    not take time in the square of a long run of characters (40,000 took 16 s)."""
    import time

    from courseware.web import content_styles as module

    sheet = tmp_path / "huge.css"
    for number, text in enumerate(("." + "b" * 40_000 + " { x: y }", "a" * 40_000 + ":i {}")):
        sheet.write_text(text)
        started = time.perf_counter()
        module._styled(sheet, number)
        assert time.perf_counter() - started < 1


def _all_styled_classes() -> list[str]:
    from courseware.web import content_styles as module

    files = sorted((PROJECT_ROOT / "static" / "css" / "content").glob("*.css"))
    return sorted({c for f in files for s in module._styled(f, f.stat().st_mtime_ns) for c in s})


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(st.sampled_from([*_all_styled_classes(), "x", "note"]), min_size=1, max_size=4),
        max_size=6,
    )
)
def test_a_page_links_the_stylesheets_that_style_one_of_its_elements(
    app: Flask, elements: list[list[str]]
) -> None:
    from courseware.web import content_styles as module

    html = "".join(f'<div class="{" ".join(classes)}">' for classes in elements)
    sets = {frozenset(classes) for classes in elements}
    with app.test_request_context("/basics/hello/"):
        wanted = [
            module.asset(name)
            for name, file in module._stylesheets()
            if any(s <= e for s in module._styled(file, file.stat().st_mtime_ns) for e in sets)
        ]
        assert content_styles(html) == wanted
