"""The raw-HTML policy: nothing a lesson says can run in a learner's browser or break the
page around it, and nothing the renderer makes itself is lost on the way."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from courseware.config import PROJECT_ROOT
from courseware.course.frontmatter import decode, split_front_matter
from courseware.course.loader import load_index
from courseware.course.rendering import Renderer, RenderInput

HOSTILE = """---
title: Hostile
summary: "Read <img src=x onerror=alert(1)> and </p></main><script>alert(2)</script>"
objectives:
  - "<b onmouseover=alert(3)>bold</b> [link](javascript:alert(4))"
---

<script>alert(5)</script>

<div onclick="alert(6)" style="color: red">A div</div>

<meta http-equiv="refresh" content="0;url=https://example.org/">

<iframe src="https://example.org/"></iframe>

Inline <img src="x.png" onerror="alert(7)"> and <a href="javascript:alert(8)">a link</a>.

[Markdown link](javascript:alert(9)) and ![image](javascript:alert(10))

[Entity link](&#106;avascript:alert(11))

A paragraph with attributes.
{: onclick="alert(12)" style="color: red" }

<svg><script>alert(13)</script></svg>
"""


def test_scripts_handlers_refresh_and_javascript_urls_never_reach_a_page(
    write: Callable, make_app: Callable
) -> None:
    write("01-basics/09-hostile.md", HOSTILE)
    client = make_app().test_client()
    for url in ("/basics/hostile/", "/instructor/basics/hostile/", "/basics/", "/objectives/"):
        page = client.get(url).get_data(as_text=True)
        lesson_part = page.split("<main", 1)[-1]
        assert "<script>alert" not in lesson_part, url
        assert not re.search(r"<[^>]+\son\w+\s*=", lesson_part), url
        assert "http-equiv" not in lesson_part.replace("&lt;meta http-equiv", ""), url
        assert not re.search(r"(href|src)=\"\s*javascript:", page, re.IGNORECASE), url
        assert "<iframe" not in lesson_part and 'style="color' not in lesson_part, url
        assert not re.search(r"alert\(\d+\)</script>", lesson_part), url


def test_text_fields_are_inline_markdown_with_html_escaped(
    write: Callable, make_app: Callable
) -> None:
    write("01-basics/09-hostile.md", HOSTILE)
    client = make_app().test_client()
    chapter = client.get("/basics/").get_data(as_text=True)
    assert "Read &lt;img src=x onerror=alert(1)&gt; and &lt;/p&gt;&lt;/main&gt;" in chapter
    objectives = client.get("/objectives/").get_data(as_text=True)
    assert "&lt;b onmouseover=alert(3)&gt;bold&lt;/b&gt;" in objectives


def test_a_form_end_tag_in_a_quiz_explanation_does_not_break_the_quiz() -> None:
    body = (
        "```quiz\n- question: 'Pick </fieldset> one'\n  options:\n"
        "    - text: 'Yes </label>'\n      correct: true\n"
        "      explain: 'Because </form><p>outside the quiz</p>'\n"
        "    - text: 'No'\n      explain: '<button>Click</button>'\n```\n"
    )
    html = _render(body).html
    assert html.count("<form") == html.count("</form>") == 1
    assert html.count("<fieldset") == html.count("</fieldset>") == 1
    assert "<button>Click" not in html and "&lt;button&gt;Click" in html  # only the quiz's own
    assert "Because &lt;/form&gt;&lt;p&gt;outside the quiz&lt;/p&gt;" in html
    assert html.index("outside the quiz") < html.index("</form>")


@pytest.mark.parametrize(
    "note",
    [
        "!!! instructor\n    Note </aside> Secret answer: 42.\n",
        "!!! instructor\n    Note\n\n    </aside>\n    Secret answer: 42.\n",
        "!!! instructor\n    Note <aside>\n\n    </aside></aside>\n\n    Secret answer: 42.\n",
    ],
    ids=["inline", "own line", "nested"],
)
def test_an_instructor_note_with_an_aside_end_tag_does_not_leak(note: str) -> None:
    rendered = _render("Before.\n\n" + note + "\nAfter.\n")
    assert "Secret answer" not in rendered.html
    assert "After." in rendered.html and "Secret answer: 42." in rendered.instructor_html


def test_legitimate_raw_html_is_kept() -> None:
    body = (
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, "
        "or <abbr title='Hypertext'>HTML</abbr> H<sub>2</sub>O.\n\n"
        "<details class='more'>\n<summary>More</summary>\n"
        "<p>Hidden <em>text</em></p>\n</details>\n\n"
        '<figure><img src="https://example.org/a.png" alt="A"><figcaption>A</figcaption></figure>\n'
    )
    html = _render(body).html
    for kept in (
        "<kbd>Ctrl</kbd>",
        '<abbr title="Hypertext">HTML</abbr>',
        "<sub>2</sub>",
        '<details class="more">',
        "<summary>More</summary>",
        '<img src="https://example.org/a.png" alt="A">',
        "<figcaption>A</figcaption>",
    ):
        assert kept in html


def _lesson_inputs() -> list[RenderInput]:
    lessons = PROJECT_ROOT / "lessons"
    items = []
    for file in sorted(lessons.rglob("*.md")):
        relpath = file.relative_to(lessons).as_posix()
        if relpath.count("/") != 1 and not relpath.startswith("_translations/"):
            continue
        if "/examples/" in f"/{relpath}" or file.name.lower() == "readme.md":
            continue
        split = split_front_matter(decode(file.read_bytes(), relpath), relpath)
        items.append(
            RenderInput(lessons, relpath, f"lessons/{relpath}", "", split.body, split.body_line)
        )
    return items


class _Canonical(HTMLParser):
    """Elements, attributes and text, whatever the quoting or the entities used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("</", tag))

    def handle_data(self, data: str) -> None:
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data)
        else:
            self.tokens.append(("text", data))


def canonical(html: str) -> list[tuple]:
    parser = _Canonical()
    parser.feed(html)
    parser.close()
    return parser.tokens


def test_sanitising_changes_nothing_in_the_course_s_own_lessons() -> None:
    """Differential: every lesson of lessons/, sanitised and trusted, gives the same page."""
    renderer = Renderer()
    items = _lesson_inputs()
    assert len(items) > 30
    for item in items:
        clean = renderer.render(item)
        trusted = renderer.render(replace(item, trusted_html=True))
        assert clean.diagnostics == trusted.diagnostics, item.source
        assert canonical(clean.instructor_html) == canonical(trusted.instructor_html), item.source
        assert canonical(clean.html) == canonical(trusted.html), item.source


def test_trusted_html_in_course_yml_keeps_raw_html_as_written(
    write: Callable, lessons_dir: Path
) -> None:
    course = (lessons_dir / "course.yml").read_text()
    write("course.yml", course + "trusted_html: true\n")
    write("01-basics/09-raw.md", '---\ntitle: Raw\n---\n\n<div data-widget="x">Widget</div>\n')
    lesson = load_index(lessons_dir).default.pages["basics/raw/"]
    assert '<div data-widget="x">Widget</div>' in lesson.html
    write("course.yml", course + "trusted_html: yes please\n")
    index = load_index(lessons_dir)
    assert (
        "lessons/course.yml:6: 'trusted_html' must be true or false, not the text 'yes please'"
        in [str(d) for d in index.diagnostics]
    )
    assert '<div data-widget="x">' not in index.default.pages["basics/raw/"].html


# -- Files published from lessons/ are never pages of the course's origin -------------------


def test_links_to_html_and_js_files_are_errors_with_their_line(
    write: Callable, lessons_dir: Path
) -> None:
    write("01-basics/demo.html", "<script>alert(1)</script>")
    write("01-basics/demo.js", "alert(1)")
    write("01-basics/clean.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    write("01-basics/bad.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    write(
        "01-basics/09-links.md",
        "---\ntitle: Links\n---\n\nSee [the demo](demo.html).\n\n"
        "And [the script](demo.js#x).\n\n![A clean one](clean.svg)\n\n![A bad one](bad.svg)\n",
    )
    found = [str(d) for d in load_index(lessons_dir).diagnostics]
    source = "lessons/01-basics/09-links.md"
    assert any(m.startswith(f"{source}:5: 'demo.html' links to an HTML/JS file;") for m in found)
    assert any(m.startswith(f"{source}:7: 'demo.js#x' links to an HTML/JS file;") for m in found)
    assert any(
        m.startswith(f"{source}:11: the image 'bad.svg' is an SVG with scripts") for m in found
    )
    assert not any("clean.svg" in m for m in found)


def test_the_live_server_sends_html_js_and_svg_from_lessons_as_sandboxed_downloads(
    write: Callable, make_app: Callable
) -> None:
    write("01-basics/demo.html", "<script>alert(1)</script>")
    write("01-basics/demo.js", "alert(1)")
    write("01-basics/pic.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    write(
        "01-basics/09-links.md",
        "---\ntitle: Links\n---\n\n[a](demo.html) [b](demo.js) ![c](pic.svg)\n",
    )
    client = make_app().test_client()
    types = {"demo.html": "text/html", "demo.js": "text/plain", "pic.svg": "image/svg+xml"}
    for name, mimetype in types.items():
        with client.get(f"/media/01-basics/{name}") as response:
            assert response.status_code == 200 and response.mimetype == mimetype
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.headers["Content-Security-Policy"].startswith("sandbox;")
            assert response.headers["X-Content-Type-Options"] == "nosniff"
    with client.get("/media/01-basics/images/diagram.png") as image:
        assert image.headers["Content-Disposition"].startswith("inline")
        assert "sandbox" not in image.headers["Content-Security-Policy"]


def _render(body: str) -> object:
    return Renderer().render(
        RenderInput(Path("/nonexistent"), "01-a/01-b.md", "lessons/01-a/01-b.md", "", body, 4)
    )
