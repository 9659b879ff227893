"""``build.py new`` and ``new-chapter``: skeletons that already pass the checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.course.checks import check_course
from courseware.course.loader import load_index
from courseware.course.scaffold import new_chapter, new_lesson
from courseware.errors import BuildError


def test_new_lesson_is_the_next_number_and_passes_the_checker(lessons_dir: Path) -> None:
    path = new_lesson(lessons_dir, "02-advanced", "Models: in Flask")
    assert path.name == "02-models-in-flask.md"
    assert check_course(lessons_dir) == []
    lesson = load_index(lessons_dir, include_drafts=True).default.pages["advanced/models-in-flask/"]
    assert lesson.title == "Models: in Flask" and lesson.draft
    assert lesson.rendered.quizzes == 1 and lesson.rendered.exercises[0].has_solution


def test_new_lesson_accepts_the_chapter_slug_and_refuses_duplicates(lessons_dir: Path) -> None:
    new_lesson(lessons_dir, "basics", "Third")
    with pytest.raises(BuildError, match="already has a lesson"):
        new_lesson(lessons_dir, "01-basics", "Third")
    with pytest.raises(BuildError, match="there is no chapter 'nope'"):
        new_lesson(lessons_dir, "nope", "Anything")


def test_new_chapter_has_a_first_lesson_and_passes_the_checker(lessons_dir: Path) -> None:
    folder, lesson = new_chapter(lessons_dir, "Deploying Flask")
    assert folder.name == "03-deploying-flask"
    assert lesson == folder / "01-introduction.md"
    problems = check_course(lessons_dir)
    assert [d.is_error for d in problems] == [False]  # its only lesson is a draft: a warning
    chapter = load_index(lessons_dir, include_drafts=True).default.chapters_by_slug[
        "deploying-flask"
    ]
    assert chapter.title == "Deploying Flask"
