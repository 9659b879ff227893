"""What a page reads, and the digests a rebuild compares them by."""

from __future__ import annotations

import dataclasses
import hashlib

from hypothesis import given
from hypothesis import strategies as st

from courseware.course.model import Heading, Lesson, Rendered
from courseware.course.reads import _feed, digest, digest_read, recording


def _lesson(html: str, key: str, **changes: object) -> Lesson:
    rendered = Rendered(
        html=html, instructor_html=html, toc=(Heading(2, "a", html[:3]),), anchors=frozenset(),
        sections=(), links=(), exercises=(), quizzes=0, instructor_notes=0, words=3, key=key,
    )  # fmt: skip
    base = Lesson("lessons/01-a/01-x.md", "01-a/01-x.md", "en", "a", "x", 1, "a/x/", "X")
    return dataclasses.replace(base, rendered=rendered, **changes)


def test_a_property_computed_from_the_rendered_body_changes_exactly_when_the_body_does() -> None:
    one = _lesson("<p>One</p>", "k1")
    same = _lesson("<p>One</p>", "k1", title="Another title")
    other = _lesson("<p>Two</p>", "k2")
    for name in ("html", "toc", "has_instructor_notes"):
        assert digest_read(one, name) == digest_read(same, name), name
        assert digest_read(one, name) != digest_read(other, name), name
    # The properties stay distinct reads, each noted by name when a page uses it.
    with recording() as reads:
        assert one.html == "<p>One</p>"
    assert reads == {("attr", ("lesson", "a/x/"), "html")}
    assert digest_read(one, "title") != digest_read(same, "title")


@given(st.text())
def test_a_text_digests_as_it_does_inside_other_values(text: str) -> None:
    hasher = hashlib.blake2b(digest_size=12)
    _feed(hasher, text)
    assert digest(text) == hasher.hexdigest()
    assert digest(text) != digest((text,)) and digest(text) != digest(text + "\0")
