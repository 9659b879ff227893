"""Keys of YAML mappings: typos get a did-you-mean, and a key given twice is caught."""

from __future__ import annotations

import pytest

from courseware.course.frontmatter import _Loader
from courseware.course.keys import (
    check_duplicate_keys,
    did_you_mean,
    duplicate_keys,
    unknown_key_message,
)
from courseware.errors import ContentError


def compose(text: str):  # noqa: ANN201 - a PyYAML node
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("sumary", "summary"), ("titel", "title"), ("Title", "title"), ("keypoint", "keypoints")],
)
def test_did_you_mean_finds_the_key_meant(typo: str, meant: str) -> None:
    known = ["title", "summary", "objectives", "keypoints", "minutes"]
    assert did_you_mean(typo, known) == meant
    assert f"did you mean '{meant}'?" in unknown_key_message(typo, known, "the front matter")


def test_an_unrelated_key_lists_the_keys_and_the_x_prefix() -> None:
    message = unknown_key_message("reviewer", ["title", "summary"], "chapter.yml")
    assert message.startswith("unknown key 'reviewer' in chapter.yml is ignored")
    assert "summary, title" in message and "'x-'" in message


def test_duplicate_keys_are_found_at_every_depth() -> None:
    node = compose("title: a\nquiz:\n  - text: x\n    text: y\ntitle: b\n")
    found = [(d.key, d.line, d.first_line) for d in duplicate_keys(node)]
    assert found == [("text", 3, 2), ("title", 4, 0)]


def test_check_duplicate_keys_raises_at_the_second_key_in_file_lines() -> None:
    node = compose("title: First\nsummary: s\ntitle: Second\n")
    with pytest.raises(ContentError) as caught:
        check_duplicate_keys(node, "lessons/a/01-b.md", first_line=2)
    diagnostic = caught.value.diagnostic
    assert (diagnostic.line, diagnostic.column) == (4, 1)
    assert diagnostic.message == (
        "'title' is given twice (first on line 2); YAML keeps only the last one, so delete one "
        "of them"
    )
    check_duplicate_keys(compose("title: a\nsummary: b\n"), "x.md", first_line=1)  # no error


def test_aliases_do_not_repeat_a_mapping() -> None:
    node = compose("a: &x {k: 1, k: 2}\nb: *x\nc: *x\n")
    assert [(d.key, d.line) for d in duplicate_keys(node)] == [("k", 0)]
