"""Headings and text of instructor notes stay out of what learners see: the table of contents
("On this page") and search."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask

from courseware.course.model import Heading
from courseware.course.rendering import Renderer, RenderInput

from .conftest import findable

BODY = """## Intro

Learner text.

!!! instructor
    ## Secret heading

    Saywhisper here.

    ### Deeper secret

### Learner detail

## Next

More.
"""


def test_instructor_headings_are_not_in_the_table_of_contents_nor_their_text_in_search() -> None:
    item = RenderInput(Path("/nonexistent"), "01-a/01-x.md", "x.md", "", BODY, 1, title="T")
    out = Renderer().render(item)
    assert out.toc == (
        Heading(2, "intro", "Intro"),
        Heading(3, "learner-detail", "Learner detail"),  # was nested under the secret one
        Heading(2, "next", "Next"),
    )
    assert "Secret" not in str(out.sections) and "saywhisper" not in str(out.sections).lower()
    assert findable(out, "learner detail") and not findable(out, "saywhisper")
    assert not findable(out, "secret")
    assert "Saywhisper" in out.instructor_html and "Saywhisper" not in out.html


def test_the_learner_page_says_nothing_of_instructor_headings(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("01-basics/03-notes.md", f"---\ntitle: Notes\n---\n\n{BODY}")
    client = make_app().test_client()
    page = client.get("/basics/notes/").get_data(as_text=True)
    assert "Secret heading" not in page and "Deeper secret" not in page
    assert 'href="#learner-detail"' in page
    assert "/basics/notes/" in client.get("/search/?q=learner").get_data(as_text=True)
    assert "/basics/notes/" not in client.get("/search/?q=saywhisper").get_data(as_text=True)
