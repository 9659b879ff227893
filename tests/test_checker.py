"""``python build.py check``: each rule, with the file, line and message an instructor sees."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from courseware.course.checks import check_course


def problems(lessons_dir: Path) -> list[str]:
    return [str(d) for d in check_course(lessons_dir)]


def test_the_sample_course_is_clean(lessons_dir: Path) -> None:
    assert problems(lessons_dir) == []


QUIZ = "---\ntitle: T\n---\n\n```quiz\n- question: Q\n  type: single\n  options:\n"
RIGHT = "    - {text: a, correct: true, explain: x}\n"
BAD_LESSONS = [
    ("---\ntitle: [a\n---\nText\n", 2, "YAML syntax error"),
    ("---\ntitle: Hi\n\nText\n", 1, "front matter opened here is never closed"),
    ("---\nsummary: none\n---\nText\n", 1, "there is no 'title'"),
    ("---\ntitle: ''\n---\nText\n", 2, "'title' is empty"),
    ("---\ntitle: T\nobjectives: learn\n---\nText\n", 3, "'objectives' must be a list"),
    ("---\ntitle: T\n---\n", 4, "the lesson has no content"),
    (
        "---\ntitle: T\n---\n\nSee [x](99-nowhere.md).\n",
        5,
        "points to a lesson that does not exist",
    ),
    (
        "---\ntitle: T\n---\n\nSee [x](01-hello.md#nowhere).\n",
        5,
        "has no heading or anchor '#nowhere'",
    ),
    (
        "---\ntitle: T\n---\n\n[top](#missing)\n",
        5,
        "no heading or anchor '#missing' in this lesson",
    ),
    ("---\ntitle: T\n---\n\n![A cat](cat.png)\n", 5, "the image 'cat.png' does not exist"),
    ("---\ntitle: T\n---\n\n![](images/diagram.png)\n", 5, "has no alt text"),
    (
        "---\ntitle: T\n---\n\n```quiz\n- question: Q\n  options: [\n```\n",
        7,
        "quiz is not valid YAML",
    ),
    (QUIZ + "    - {text: a, correct: false, explain: x}\n```\n", 6, "has no correct option"),
    (
        QUIZ + RIGHT + "    - {text: b, correct: true, explain: y}\n```\n",
        6,
        "has 2 correct options",
    ),
    ("---\ntitle: T\n---\n\n```quiz\n- question: Q\n  options: []\n```\n", 7, "has no options"),
    (
        QUIZ + RIGHT + "    - {text: a, correct: false, explain: y}\n```\n",
        10,
        "lists the option 'a' twice",
    ),
    ("---\ntitle: T\n---\n\nText.\n\n??? solution\n    Answer.\n", 7, "not part of an exercise"),
    (
        "---\ntitle: T\n---\n\nUse [[Nonexistent term]].\n",
        5,
        "'Nonexistent term' is not in the glossary",
    ),
    (
        '---\ntitle: T\n---\n\n```python\n--8<-- "nope.py"\n```\n',
        6,
        "included file 'nope.py' does not exist",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), BAD_LESSONS, ids=[m for _, _, m in BAD_LESSONS]
)
def test_each_rule_names_file_line_and_problem(
    write: Callable, lessons_dir: Path, text: str, line: int, message: str
) -> None:
    write("01-basics/09-bad.md", text)
    found = [p for p in problems(lessons_dir) if p.startswith("lessons/01-basics/09-bad.md")]
    assert any(
        p.startswith(f"lessons/01-basics/09-bad.md:{line}: ") and message in p for p in found
    ), found


def test_non_utf8_file_is_reported(write: Callable, lessons_dir: Path) -> None:
    write("01-basics/09-latin1.md", "---\ntitle: Café\n---\n\nCafé\n".encode("latin-1"))
    assert any("09-latin1.md:2: the file is not UTF-8" in p for p in problems(lessons_dir))


def test_solution_inside_or_after_an_exercise_is_fine(write: Callable, lessons_dir: Path) -> None:
    write(
        "01-basics/09-ok.md",
        '---\ntitle: T\n---\n\n!!! exercise "E"\n    Do.\n\n'
        "??? hint\n    H.\n\n??? solution\n    S.\n",
    )
    assert problems(lessons_dir) == []


def test_yaml_errors_in_course_and_chapter_files(write: Callable, lessons_dir: Path) -> None:
    write("course.yml", "title: Test\ndescription: [unclosed\n")
    write("02-advanced/chapter.yml", "title: Advanced\nsummary: : bad\n")
    found = problems(lessons_dir)
    assert any(p.startswith("lessons/course.yml:2: YAML syntax error") for p in found), found
    assert any(
        p.startswith("lessons/02-advanced/chapter.yml:2: YAML syntax error") for p in found
    ), found


def test_glossary_problems_are_reported(write: Callable, lessons_dir: Path) -> None:
    write(
        "glossary.yml",
        "- term: Flask\n  definition: A framework.\n- term: flask\n  definition: Again.\n"
        "- term: Ghost\n  definition: Boo.\n  link: 01-basics/07-missing.md\n",
    )
    found = problems(lessons_dir)
    assert "lessons/glossary.yml:3: the term 'flask' is already defined on line 1" in found
    assert any(p.startswith("lessons/glossary.yml:5: the link of 'Ghost'") for p in found)


def run_check(lessons_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", "--lessons", str(lessons_dir), "check", *options],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=60,
    )


def test_check_command_exits_1_on_errors_and_lists_them_all(
    write: Callable, lessons_dir: Path
) -> None:
    write("01-basics/09-a.md", "---\ntitle: [a\n---\nText\n")
    write("01-basics/10-b.md", "---\ntitle: B\n---\n\n[x](99-nowhere.md)\n")
    result = run_check(lessons_dir)
    assert result.returncode == 1
    assert "lessons/01-basics/09-a.md:2:" in result.stderr
    assert "lessons/01-basics/10-b.md:5:" in result.stderr
    assert "2 error(s)" in result.stderr


def test_warnings_fail_only_with_strict(write: Callable, lessons_dir: Path) -> None:
    write("01-basics/09-Spaced name.md", "---\ntitle: Spaced\n---\n\nText.\n")
    assert run_check(lessons_dir).returncode == 0
    strict = run_check(lessons_dir, "--strict")
    assert strict.returncode == 1 and "warning:" in strict.stderr
