"""Search shards merged from blocks of lessons: the same files as from every lesson at once,
and a rebuild after one edit makes only that lesson's block again."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courseware.course import search
from courseware.course.loader import load_index
from courseware.course.search import MAX_POSTINGS, BlockStore, SearchIndex, _best


def _best_by_sorting(docs: list[int], scores: list[int]) -> tuple[list[int], list[int]]:
    """The definition: a stable sort by score, best first, cut, and put back in order."""
    found = sorted(zip(docs, scores, strict=True), key=itemgetter(1), reverse=True)
    found = sorted(found[:MAX_POSTINGS])
    return [doc for doc, _ in found], [score for _, score in found]


@given(st.lists(st.integers(1, 6), min_size=MAX_POSTINGS - 10, max_size=2 * MAX_POSTINGS))
def test_the_best_postings_are_those_a_stable_sort_keeps(scores: list[int]) -> None:
    docs = [3 * n + 1 for n in range(len(scores))]  # ascending, as a shard gathers them
    assert _best(docs, scores) == _best_by_sorting(docs, scores)


def _course(write: Callable, lessons: int) -> None:
    words = ["route", "template", "session", "query", "form", "blueprint", "cookie", "model"]
    for n in range(lessons):
        # Every lesson shares the common words, so their shards need cutting to the best.
        text = " ".join(words[(n + k) % len(words)] for k in range(n % 7 + 3))
        write(
            f"05-many/{n + 1:02d}-lesson.md",
            f"---\ntitle: Lesson {n + 1}\n---\n\n## Part\n\nRoute template {text}.\n",
        )


@pytest.fixture
def many(write: Callable, lessons_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(search, "MAX_POSTINGS", 25)  # cut with a few dozen lessons
    monkeypatch.setattr(search, "BLOCK", 4)
    _course(write, 30)
    return lessons_dir


def _files(index: SearchIndex) -> dict[str, bytes | None]:
    return {name: index.shard_json(name) for name in index.shards}


def test_shards_from_stored_blocks_equal_shards_from_every_lesson(
    many: Path, tmp_path: Path, write: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[range] = []
    real = search._make_piece

    def counted(numbers: range, packed: list) -> search.Piece:
        made.append(numbers)
        return real(numbers, packed)

    monkeypatch.setattr(search, "_make_piece", counted)
    store = BlockStore(tmp_path / "blocks" / "course-en")
    edition = load_index(many).editions["en"]
    plain = _files(SearchIndex.build(edition))
    made.clear()
    first = SearchIndex.build(edition, store, "v1")
    assert _files(first) == plain
    assert len(made) == -(-len(first.lessons) // 4)  # every block, once
    assert any(b'"rout":[' in data and data.count(b",") > 40 for data in plain.values() if data)

    made.clear()
    again = SearchIndex.build(edition, store, "v1")
    assert _files(again) == plain and made == []  # all from the store

    write("05-many/09-lesson.md", "---\ntitle: Lesson 9\n---\n\n## Part\n\nCookie cookie.\n")
    edited = load_index(many).editions["en"]
    made.clear()
    after = _files(SearchIndex.build(edited, store, "v1"))
    number = next(n for n, lesson in enumerate(first.lessons) if lesson["t"] == "Lesson 9")
    assert made == [range(number // 4 * 4, number // 4 * 4 + 4)]  # its block alone
    assert after == _files(SearchIndex.build(edited))
    assert after != plain

    made.clear()
    SearchIndex.build(edited, store, "v2")  # other code: nothing stored is used
    _files(SearchIndex.build(edited, store, "v2"))
    assert len(made) == -(-len(first.lessons) // 4)


def test_a_damaged_block_file_is_made_again(many: Path, tmp_path: Path) -> None:
    store = BlockStore(tmp_path / "blocks" / "course-en")
    edition = load_index(many).editions["en"]
    plain = _files(SearchIndex.build(edition))
    _files(SearchIndex.build(edition, store, "v1"))
    for file in (tmp_path / "blocks").iterdir():
        file.write_bytes(file.read_bytes()[:40])
    assert _files(SearchIndex.build(edition, store, "v1")) == plain
