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


YAML_MISTAKES = [
    # (front matter text, file line, column, message fragment)
    ("title: A\nobjectives:\n\t- one\n", 4, 1, "line 4 uses a tab for indentation; YAML needs"),
    ("title: `app` here\n", 2, 8, 'put the text in double quotes: title: "`app` here"'),
    ("title: A\nsummary: Flask: a framework\n", 3, 15, "': ' inside a value starts a new key"),
    ("title: *Important*\n", 2, 8, "'*' cannot start a YAML value"),
    ("title: & Co\n", 2, 8, "'&' cannot start a YAML value"),
    ("title: !new lesson\n", 2, 8, "'!' cannot start a YAML value"),
    ("title: @app\n", 2, 8, "'@' cannot start a YAML value"),
    ("title: %s things\n", 2, 8, "'%' cannot start a YAML value"),
    ('title: "Routes\nsummary: x\n', 2, 8, "the quote opened on line 2 is never closed"),
    ("title: A\nobjectives: [a, b\nminutes: 3\n", 3, 13, "the '[' opened on line 3 is never"),
    ("title: A\nsummary x\nminutes: 3\n", 3, 1, "line 3 is not a 'key: value' line"),
    ("title: A\nsummary: 'it's'\n", 3, 14, "the text goes on after its closing '"),
    ("title: [Draft] Routes\n", 2, 16, "a value that starts with '[' is read as a list"),
    ("title: A\nsummary: | x\n", 3, 10, "'|' starts a block of text"),
]


@pytest.mark.parametrize(("yaml_text", "line", "column", "message"), YAML_MISTAKES)
def test_yaml_errors_say_what_to_type_at_the_mistakes_line_and_column(
    yaml_text: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(ContentError) as caught:
        split_front_matter(f"---\n{yaml_text}---\nBody\n", "x.md")
    diagnostic = caught.value.diagnostic
    assert (diagnostic.line, diagnostic.column) == (line, column), diagnostic
    assert message in diagnostic.message and diagnostic.message.startswith("YAML syntax error: ")


def test_yaml_error_position_keeps_its_shape_for_other_callers() -> None:
    import yaml

    from courseware.course.frontmatter import yaml_error_position

    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.safe_load('question: "open\n')
    line, message = yaml_error_position(caught.value, 'question: "open\n')
    assert (
        line == 0
        and message == 'the quote opened on this line is never closed; end the text with "'
    )
