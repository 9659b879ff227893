"""Decoding lesson files and reading their front matter."""

from __future__ import annotations

import pytest

from courseware.course.frontmatter import decode, parse_yaml_mapping, split_front_matter
from courseware.errors import ContentError


def test_bom_and_crlf_line_endings_simply_work() -> None:
    text = decode("\ufeff---\r\ntitle: Hi\r\n---\r\nBody\r\n".encode(), "x.md")
    split = split_front_matter(text, "x.md")
    assert split.meta.data == {"title": "Hi"}
    assert split.body == "Body\n"
    assert split.body_line == 4


def test_non_utf8_file_reports_the_line_of_the_bad_byte() -> None:
    with pytest.raises(ContentError) as caught:
        decode(b"---\ntitle: ok\n---\ncaf\xe9\n", "lessons/a/01-x.md")
    assert caught.value.line == 4
    assert "not UTF-8" in str(caught.value)
    assert str(caught.value).startswith("lessons/a/01-x.md:4:")


def test_binary_file_is_refused() -> None:
    with pytest.raises(ContentError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "x.md")


def test_unclosed_front_matter_points_at_its_opening_line() -> None:
    with pytest.raises(ContentError) as caught:
        split_front_matter("---\ntitle: x\n\nBody\n", "x.md")
    assert caught.value.line == 1
    assert "never closed" in str(caught.value)


def test_yaml_error_names_the_line_in_the_file() -> None:
    text = "---\ntitle: ok\nobjectives: [a, b\nminutes: 3\n---\nBody\n"
    with pytest.raises(ContentError) as caught:
        split_front_matter(text, "x.md")
    assert caught.value.line in (3, 4)
    assert "YAML syntax error" in str(caught.value)


def test_front_matter_must_be_a_mapping() -> None:
    with pytest.raises(ContentError, match="found a list"):
        split_front_matter("---\n- a\n- b\n---\nBody\n", "x.md")


def test_file_without_front_matter_is_all_body() -> None:
    split = split_front_matter("Just text\n", "x.md")
    assert split.meta.data == {}
    assert split.body_line == 1


def test_key_lines_are_recorded() -> None:
    document = parse_yaml_mapping("title: a\n\nminutes: 3\n", "x.md", first_line=2)
    assert document.line_of("title") == 2
    assert document.line_of("minutes") == 4
