"""The code written in the lessons runs: interactive sessions, commands and runnable blocks.

Blocks that include a tested file are covered by the examples' own tests; what is left are
the blocks ``courseware.course.rendering.code_runs`` calls runnable, the same definition the
checker uses (``check_code_runs: true`` in course.yml) to report a block that nothing runs:

- ``pycon`` sessions run as doctests from the chapter's ``examples/`` folder;
- ``console`` blocks' ``flask --app`` commands run through Flask's own command line, and
  ``python FILE.py`` in a subprocess, from the repository root, their output compared;
- ``python run`` blocks run as scripts.
"""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from courseware.course.rendering.code_runs import (
    console_commands,
    is_run,
    norun_reason,
    runnable_command,
)
from courseware.course.rendering.runnable import wants_run
from courseware.course.rendering.scan import iter_fences

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


class Block(NamedTuple):
    where: str  #: file:line
    lang: str
    code: str
    examples: Path  #: the chapter's examples folder


def examples_of(relpath: Path) -> Path:
    parts = relpath.parts
    chapter = parts[2] if parts[0] == "_translations" else parts[0]
    return LESSONS / chapter / "examples"


def find_blocks() -> list[Block]:
    blocks = []
    for path in sorted(LESSONS.rglob("*.md")):
        relpath = path.relative_to(LESSONS)
        if relpath.parts[0] == "_translations" and len(relpath.parts) < 4:
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        for fence in iter_fences(lines):
            code_lines = [line[len(fence.indent) :] for line in lines[fence.start + 1 : fence.end]]
            if norun_reason(lines[fence.start]) is not None:
                continue
            included = any("--8<--" in line for line in code_lines)
            run = wants_run(fence)
            if fence.lang not in ("pycon", "console", "shell-session") and not run:
                continue
            if included or not is_run(fence.lang, code_lines, included=False, run=run):
                continue
            where = f"lessons/{relpath.as_posix()}:{fence.start + 1}"
            lang = "python" if run else fence.lang
            blocks.append(Block(where, lang, "\n".join(code_lines), examples_of(relpath)))
    return blocks


BLOCKS = find_blocks()


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lessons' modules are imported afresh for each block and forgotten after it."""
    from flask.globals import _cv_app, _cv_request

    before = set(sys.modules)
    outer = _cv_app.get(None)
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield
    # A session that pushed an app context and left it would make later `flask` commands
    # run in that app (Flask's CLI uses the current app when there is one).
    while (request := _cv_request.get(None)) is not None:
        request.pop()
    while (context := _cv_app.get(None)) is not None and context is not outer:
        context.pop()
    for name in set(sys.modules) - before:
        module = sys.modules.get(name)
        if str(getattr(module, "__file__", "") or "").startswith(str(LESSONS)):
            del sys.modules[name]


def run_session(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(block.examples)
    sys.path.insert(0, str(block.examples))
    test = doctest.DocTestParser().get_doctest(block.code, {}, block.where, block.where, 0)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, out=report.append)
    assert not runner.failures, f"{block.where}: the session does not run as shown\n" + "".join(
        report
    )


def run_commands(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    from flask.cli import cli

    monkeypatch.chdir(ROOT)
    checker = doctest.OutputChecker()
    for command in console_commands(block.code.split("\n")):
        assert runnable_command(command.words)
        if command.words[0] == "flask":
            result = CliRunner().invoke(cli, list(command.words[1:]), catch_exceptions=True)
            # What a terminal shows on standard output; logged warnings go to stderr.
            output, failed = result.stdout, result.exit_code != 0
            if failed:
                output = result.output
            if result.exception and not isinstance(result.exception, SystemExit):
                output += repr(result.exception)
        else:
            done = subprocess.run(
                [sys.executable, *command.words[1:]],
                capture_output=True,
                text=True,
                timeout=120,
                cwd=ROOT,
            )
            output, failed = done.stdout + done.stderr, done.returncode != 0
        shown = " ".join(command.words)
        assert not failed, f"{block.where}: `{shown}` failed:\n{output}"
        if command.expected.strip():
            assert checker.check_output(command.expected + "\n", output, FLAGS), (
                f"{block.where}: `{shown}` printed\n{output}\nwhere the lesson shows\n"
                f"{command.expected}"
            )


@pytest.mark.usefixtures("isolated")
@pytest.mark.parametrize("block", BLOCKS, ids=[block.where for block in BLOCKS])
def test_the_lessons_code_runs_as_shown(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    if block.lang == "pycon":
        run_session(block, monkeypatch)
    elif block.lang == "python":
        monkeypatch.chdir(block.examples)
        sys.path.insert(0, str(block.examples))
        exec(compile(block.code, block.where, "exec"), {"__name__": "__main__"})  # noqa: S102
    else:
        run_commands(block, monkeypatch)


def test_the_course_reports_code_that_nothing_runs() -> None:
    """The course asks the checker to report unrun blocks, so a new one cannot slip in."""
    from courseware.course.frontmatter import load_yaml

    settings, _ = load_yaml((LESSONS / "course.yml").read_text(encoding="utf-8"))
    assert settings.get("check_code_runs") is True
