"""Reading a lessons folder into the content index."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from courseware.course import render_pool
from courseware.course.loader import load_index
from courseware.course.render_pool import RenderCache


def messages(index) -> list[str]:  # noqa: ANN001
    return [str(d) for d in index.diagnostics]


def test_chapters_and_lessons_are_ordered_by_number_and_prefix_is_dropped(
    lessons_dir: Path,
) -> None:
    index = load_index(lessons_dir)
    edition = index.default
    assert [c.slug for c in edition.chapters] == ["basics", "advanced"]
    assert [lesson.path for lesson in edition.lessons] == [
        "basics/hello/",
        "basics/second/",
        "advanced/deep/",
    ]
    assert index.course.title == "Test course"
    assert messages(index) == []


def test_previous_and_next_cross_chapter_boundaries(lessons_dir: Path) -> None:
    lessons = load_index(lessons_dir).default.lessons
    assert lessons[0].previous is None
    assert lessons[1].next == "advanced/deep/"
    assert lessons[2].previous == "basics/second/"
    assert lessons[2].next is None


def test_front_matter_fields_and_unknown_keys_are_kept(lessons_dir: Path) -> None:
    hello = load_index(lessons_dir).default.lessons[0]
    assert hello.title == "Hello"
    assert hello.objectives == ("Say hello.",)
    assert hello.keypoints == ("Hello is polite.",)
    assert (hello.minutes, hello.exercises_minutes) == (10, 5)
    assert hello.meta["x-note"] == "kept"
    assert hello.rendered is not None and hello.rendered.reading_minutes >= 1
    assert [h.id for h in hello.toc] == ["greeting-section"]


def test_wrong_types_are_reported_with_their_line(write: Callable, lessons_dir: Path) -> None:
    write(
        "01-basics/03-bad.md", "---\ntitle: [a, list]\nobjectives: one\nminutes: soon\n---\nText\n"
    )
    found = messages(load_index(lessons_dir))
    assert "lessons/01-basics/03-bad.md:2: 'title' must be text, not a list" in found
    assert any(
        m.startswith("lessons/01-basics/03-bad.md:3: 'objectives' must be a list") for m in found
    )
    assert any(
        m.startswith("lessons/01-basics/03-bad.md:4: 'minutes' must be a whole number")
        for m in found
    )


def test_missing_title_is_an_error(write: Callable, lessons_dir: Path) -> None:
    write("01-basics/03-untitled.md", "---\nsummary: no title\n---\nText\n")
    assert any("there is no 'title'" in m for m in messages(load_index(lessons_dir)))


def test_drafts_are_left_out_unless_asked_for(write: Callable, lessons_dir: Path) -> None:
    write("01-basics/03-draft.md", "---\ntitle: Unfinished\ndraft: true\n---\nSoon.\n")
    assert "basics/draft/" not in load_index(lessons_dir).default.pages
    drafted = load_index(lessons_dir, include_drafts=True).default.pages["basics/draft/"]
    assert drafted.draft is True


def test_duplicate_slugs_and_numbers_are_errors(write: Callable, lessons_dir: Path) -> None:
    write("01-basics/03-hello.md", "---\ntitle: Another hello\n---\nText\n")
    write("01-basics/02-other.md", "---\ntitle: Same number\n---\nText\n")
    found = messages(load_index(lessons_dir))
    assert any("03-hello.md" in m and "same address 'hello'" in m for m in found)
    assert any("02-second.md" in m and "same number" in m for m in found)


def test_chapter_without_lessons_and_lesson_outside_chapter(
    write: Callable, lessons_dir: Path
) -> None:
    write("03-empty/chapter.yml", "title: Empty\n")
    write("stray.md", "---\ntitle: Stray\n---\nText\n")
    found = messages(load_index(lessons_dir))
    assert any(m.startswith("lessons/03-empty: this chapter has no lessons") for m in found)
    assert any(m.startswith("lessons/stray.md: lesson file outside a chapter") for m in found)


def test_symlink_to_a_file_outside_lessons_is_refused(tmp_path: Path, lessons_dir: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Secret\n---\nsecret\n")
    os.symlink(outside, lessons_dir / "01-basics" / "03-linked.md")
    index = load_index(lessons_dir)
    assert any("outside lessons/" in m for m in messages(index))
    linked = index.default.pages["basics/linked/"]
    assert linked.error is not None and linked.rendered is None


def test_file_names_with_spaces_and_accents_are_slugified(
    write: Callable, lessons_dir: Path
) -> None:
    write("01-basics/03-Qué tal.md", "---\ntitle: Qué tal\n---\nHola.\n")
    index = load_index(lessons_dir)
    assert "basics/que-tal/" in index.default.pages
    assert any("address is 'que-tal'" in m and "warning" in m for m in messages(index))


def test_chapter_title_falls_back_to_folder_name(write: Callable, lessons_dir: Path) -> None:
    write("03-extra-topics/01-one.md", "---\ntitle: One\n---\nText\n")
    chapter = load_index(lessons_dir).default.chapters_by_slug["extra-topics"]
    assert chapter.title == "Extra topics"


def test_index_md_gives_a_chapter_title_and_introduction(
    write: Callable, lessons_dir: Path
) -> None:
    write("03-extra/index.md", "---\ntitle: Extras\nsummary: More.\n---\nWelcome to the extras.\n")
    write("03-extra/01-one.md", "---\ntitle: One\n---\nText\n")
    chapter = load_index(lessons_dir).default.chapters_by_slug["extra"]
    assert chapter.title == "Extras" and chapter.summary == "More."
    assert chapter.intro is not None and "Welcome to the extras" in chapter.intro.html


def test_reserved_chapter_names_are_refused(write: Callable, lessons_dir: Path) -> None:
    write("03-static/01-one.md", "---\ntitle: One\n---\nText\n")
    assert any("used by the site itself" in m for m in messages(load_index(lessons_dir)))


def test_course_yml_urls_must_be_http_and_language_codes_valid(
    write: Callable, lessons_dir: Path
) -> None:
    write(
        "course.yml",
        "title: Test course\nurl: javascript:alert(1)\nrepository: ftp://example.org/x\n"
        "languages:\n  en: English\n  ../../etc: Evil\ndefault_language: EN\n",
    )
    index = load_index(lessons_dir)
    found = messages(index)
    assert any(m.startswith("lessons/course.yml:2: 'url' must be an http(s) URL") for m in found)
    assert any(
        m.startswith("lessons/course.yml:3: 'repository' must be an http(s) URL") for m in found
    )
    assert any(
        m.startswith("lessons/course.yml:4: 'languages': '../../etc' is not a language code")
        for m in found
    )
    assert any(
        m.startswith("lessons/course.yml:7: 'default_language': 'EN' is not a language code")
        for m in found
    )
    assert index.course.url == "" and index.course.repository == ""
    assert [language.code for language in index.course.languages] == ["en"]


def test_valid_language_tags_and_urls_are_accepted(write: Callable, lessons_dir: Path) -> None:
    write(
        "course.yml",
        "title: Test course\nurl: https://example.org/course/\n"
        "repository: https://github.com/example/course\nlanguages:\n  en: English\n"
        "  pt-BR: Português\n  zh-Hant: 中文\n",
    )
    index = load_index(lessons_dir)
    assert [m for m in messages(index) if "course.yml" in m] == []
    assert [language.code for language in index.course.languages] == ["en", "pt-BR", "zh-Hant"]


def _bodies(lessons_dir: Path, **options: object) -> dict[str, str]:
    index = load_index(lessons_dir, **options)  # type: ignore[arg-type]
    return {lesson.path: lesson.html for lesson in index.editions["en"].lessons}


@pytest.mark.parametrize("worker_fails", [False, True])
def test_an_edited_lesson_rendered_ahead_in_another_process_is_the_one_shown(
    write: Callable, lessons_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    worker_fails: bool,
) -> None:  # fmt: skip
    # A rebuild renders what the cache lacks in a forked process while it reads the rest; the
    # result (or, if that process is lost, a render here) is the lesson as edited.
    monkeypatch.setattr(render_pool, "AHEAD_MINIMUM", 2)
    cache = render_pool.RenderCache(tmp_path / "cache")
    load_index(lessons_dir, cache=cache, workers=2)
    write("01-basics/02-second.md", "---\ntitle: Second\n---\n\n## Edited\n\nNew words.\n")
    started: list[int] = []
    real = render_pool._render_ahead

    def ahead(*args: object) -> object:
        found = real(*args)  # type: ignore[arg-type]
        started.append(len(found.jobs) if found is not None else 0)
        return found

    monkeypatch.setattr(render_pool, "_render_ahead", ahead)
    if worker_fails:
        monkeypatch.setattr(render_pool, "_render_and_keep", _lost_worker)
    here: list[object] = []  # renders in this process (the forked one counts in its own copy)
    render_here = render_pool.render_one
    monkeypatch.setattr(
        render_pool, "render_one", lambda item: here.append(item) or render_here(item)
    )
    fresh = render_pool.RenderCache(tmp_path / "cache")  # a new process: nothing in memory
    shown = _bodies(lessons_dir, cache=fresh, workers=2)
    assert started == [1]
    assert len(here) == (1 if worker_fails else 0)
    monkeypatch.undo()
    assert shown == _bodies(lessons_dir)  # as a load without any cache shows it
    assert "New words." in shown["basics/second/"]


def _lost_worker(job: object) -> bytes:
    os._exit(3)  # the worker process dies


def test_an_edit_rewrites_only_its_chapters_file_of_parsed_sources(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    """The parsed sources are kept one file per chapter: a build after an edit rewrites its
    chapter's file only, the next load reads them all back, and a chapter removed takes its
    file with it."""
    cache_dir = tmp_path / "cache"
    write("09-more/01-other.md", "---\ntitle: Other\n---\n\nOther text.\n")
    load_index(lessons_dir, cache=RenderCache(cache_dir))
    files = sorted((cache_dir / "parsed").glob("*/*.pickle"))
    assert len(files) == 3  # the two chapters with lessons in Markdown, and the new one
    written = {file: file.stat().st_mtime_ns for file in files}
    time.sleep(0.01)
    write("09-more/01-other.md", "---\ntitle: Other\n---\n\nOther text, edited.\n")
    cache = RenderCache(cache_dir)
    parsed = cache.load_parsed(lessons_dir)
    assert len(parsed) == len(load_index(lessons_dir, cache=RenderCache(None)).default.lessons)
    index = load_index(lessons_dir, cache=cache)
    assert "edited" in index.default.lesson("more/other/").html
    changed = [file for file in files if file.stat().st_mtime_ns != written[file]]
    assert len(changed) == 1
    kept = pickle.loads(changed[0].read_bytes())
    assert any(b"edited" in pickle.dumps(value) for value in kept.values())
    shutil.rmtree(lessons_dir / "09-more")
    load_index(lessons_dir, cache=RenderCache(cache_dir))
    assert not changed[0].exists()
    assert len(list((cache_dir / "parsed").glob("*/*.pickle"))) == 2
