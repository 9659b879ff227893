"""Every exercise check of the course is itself tested, the way the playground runs it.

A ```` ```check examples/app.py solution=FOLDER ```` block must fail on the example as
learners get it (else it grades nothing) and pass once the solution's files are put in
place (else it fails learners who are right). The checks run through the playground's own
runner (``static/js/playground_runner.py``), here in CPython, as in Pyodide in the browser.
"""

from __future__ import annotations

import importlib.util
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pytest

from courseware.course.rendering.runnable import (
    check_unit,
    entry_module,
    parse_check_info,
    solution_files,
    solution_folder,
    unit_files,
)
from courseware.course.rendering.scan import iter_fences

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
EXERCISE = re.compile(r"^(?P<indent>[ \t]*)!!! exercise\b")
#: the share of exercises answered with code that must be graded (the assessment issue's target)
GRADED_SHARE = 0.8


class CheckBlock(NamedTuple):
    where: str  #: lesson:line, for the test's name
    lesson: str  #: path under lessons/
    code: str
    unit: str
    solution: str | None


def course_lessons() -> list[Path]:
    return sorted(path for path in LESSONS.glob("[!_]*/*.md"))


def find_checks() -> list[CheckBlock]:
    blocks = []
    for path in course_lessons():
        relpath = path.relative_to(LESSONS).as_posix()
        lines = path.read_text(encoding="utf-8").split("\n")
        for fence in iter_fences(lines):
            if fence.lang != "check":
                continue
            info = parse_check_info(fence.info)
            width = len(fence.indent)
            code = "\n".join(line[width:] for line in lines[fence.start + 1 : fence.end])
            unit = check_unit(LESSONS, relpath, info.target)
            blocks.append(
                CheckBlock(f"{relpath}:{fence.start + 1}", relpath, code, unit, info.solution)
            )
    return blocks


CHECKS = find_checks()


@pytest.fixture
def runner() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location(
        "playground_runner_checks", ROOT / "static/js/playground_runner.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    # Only the examples' own modules go: a library imported twice (SQLAlchemy) breaks.
    module._forget_examples()


def run_check(runner: ModuleType, block: CheckBlock, files: dict[str, str]) -> list[dict]:
    runner.state["key"] = None
    loaded = runner.load(block.unit, entry_module(block.unit), files)
    if not loaded["ok"]:
        return [{"passed": False, "message": loaded["traceback"]}]
    return runner.check(block.code)["results"]


@pytest.mark.parametrize("block", CHECKS, ids=[block.where for block in CHECKS])
def test_a_check_fails_on_the_starter_and_passes_on_the_solution(
    runner: ModuleType, block: CheckBlock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # files an app writes by a relative name (a log) go here
    assert block.solution, f"{block.where}: the check names no solution=FOLDER to test it with"
    starter = unit_files(LESSONS, block.unit)
    before = run_check(runner, block, starter)
    assert before and not all(result["passed"] for result in before), (
        f"{block.where}: the check passes on the example as given, so it grades nothing"
    )
    folder = solution_folder(LESSONS, block.lesson, block.solution)
    solved = {**starter, **solution_files(folder)}
    after = run_check(runner, block, solved)
    failed = [result["message"] for result in after if not result["passed"]]
    assert after and not failed, f"{block.where}: the solution fails the check: {failed}"


def exercises(path: Path) -> Iterator[tuple[int, str]]:
    """Each exercise block of a lesson: its line and its text (dedented)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        match = EXERCISE.match(line)
        if not match:
            continue
        width = len(match["indent"])
        body = []
        for following in lines[index + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= width:
                break
            body.append(following)
        yield index + 1, textwrap.dedent("\n".join(body))


def test_most_exercises_answered_with_code_are_graded() -> None:
    """The assessment issue's target: checks on at least 80% of the code exercises."""
    code, graded, ungraded = 0, 0, []
    for path in course_lessons():
        for line, text in exercises(path):
            solution = text.split("??? solution", 1)[1] if "??? solution" in text else ""
            if "```" not in solution:
                continue
            code += 1
            if re.search(r"^\s*(`{3,}|~{3,})\s*check\b", text, re.M):
                graded += 1
            else:
                ungraded.append(f"{path.relative_to(LESSONS)}:{line}")
    assert code and graded >= GRADED_SHARE * code, (
        f"{graded} of {code} code exercises are graded; not yet: {ungraded}"
    )
