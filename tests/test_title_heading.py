"""A body heading that repeats the lesson's title is not shown twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from courseware.course.loader import load_index
from courseware.course.rendering import Renderer, RenderInput


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def render(renderer: Renderer, body: str, title: str):  # noqa: ANN201 - Rendered
    item = RenderInput(Path("/nonexistent"), "02-mvc/01-x.md", "x.md", "", body, 4, title=title)
    return renderer.render(item)


@pytest.mark.parametrize(
    "heading",
    [
        "# What is MVC?",
        "# what is mvc",
        "#   What is *MVC*? #",
        "# What is MVC? {#intro}",
        "What is MVC?\n============",
    ],
)
def test_a_first_heading_that_repeats_the_title_is_dropped_without_a_warning(
    renderer: Renderer, heading: str
) -> None:
    out = render(renderer, f"\n{heading}\n\n## Models\n\nText.\n", "What is MVC?")
    assert "<h1" not in out.html and "What is" not in out.html
    assert '<h2 id="models">Models</h2>' in out.html
    assert out.diagnostics == ()


def test_a_different_level_one_heading_stays_and_is_still_reported(renderer: Renderer) -> None:
    out = render(renderer, "# Something else\n\nText.\n", "What is MVC?")
    assert "<h1" in out.html and "Something else" in out.html
    (problem,) = out.diagnostics
    assert problem.line == 4 and "a level-1 heading" in problem.message


def test_only_the_first_heading_is_dropped_and_lines_keep_their_numbers(
    renderer: Renderer,
) -> None:
    out = render(renderer, "# Title\n\nText.\n\n# Title\n", "Title")
    assert out.html.count("<h1") == 1
    (problem,) = out.diagnostics
    assert problem.line == 8  # the second '# Title', on the body's fifth line


def test_a_lesson_page_shows_its_title_once(
    write: Callable, lessons_dir: Path, make_app: Callable[..., Flask]
) -> None:
    write("01-basics/03-mvc.md", "---\ntitle: Models, views\n---\n\n# Models & Views\n\nText.\n")
    assert load_index(lessons_dir).diagnostics == ()
    page = make_app().test_client().get("/basics/mvc/").get_data(as_text=True)
    assert page.count("<h1") == 1 and page.count("Models &amp; Views") == 0
