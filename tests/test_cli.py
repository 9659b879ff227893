"""``python build.py``: the command line accepts its own output and speaks to machines too."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseware.cli import main
from courseware.course.loader import load_index
from courseware.course.scaffold import new_chapter, new_lesson
from courseware.course.translations import original_relpath
from courseware.errors import BuildError, Diagnostic, Severity
from courseware.report import as_dict, github_annotation

from .conftest import COURSE, write_file


def cli(*args: str, env: dict[str, str] | None = None):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(main, list(args), env=env)


# -- help and version ------------------------------------------------------------------------


def test_version_comes_from_the_package_metadata() -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"courseware, version {version('courseware')}"


def _commands(help_text: str) -> dict[str, str]:
    section = help_text.split("Commands:", 1)[1]
    return dict(re.findall(r"^  (\S+)\s+(.+)$", section, re.M))


@pytest.mark.parametrize("group", [[], ["translations"]])
def test_every_command_has_a_whole_one_line_summary(group: list[str]) -> None:
    commands = _commands(cli(*group, "--help").output)
    assert commands
    for name, summary in commands.items():
        assert summary.endswith(".") and not summary.endswith(("(e.g.", "...")), (name, summary)


# -- check: JSON and GitHub annotations ------------------------------------------------------


def test_check_json_lists_file_line_column_severity_and_message(
    write: Callable, lessons_dir: Path
) -> None:
    write("01-basics/09-bad.md", "---\ntitle: T\nsumary: x\n---\n\n# Top\n")
    result = cli("--lessons", str(lessons_dir), "check", "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert {
        "file": "lessons/01-basics/09-bad.md",
        "line": 3,
        "column": 1,
        "severity": "warning",
        "message": "unknown key 'sumary' in the front matter: did you mean 'summary'?",
    } in found
    assert any(d["line"] == 6 and d["severity"] == "error" for d in found)
    assert "1 error(s), 1 warning(s)" in result.stderr


def test_check_prints_github_annotations_on_github_actions(
    write: Callable, lessons_dir: Path
) -> None:
    write("01-basics/09-bad.md", "---\ntitle: T\n---\n\n# Top\n")
    result = cli("--lessons", str(lessons_dir), "check", env={"GITHUB_ACTIONS": "true"})
    assert "::error file=lessons/01-basics/09-bad.md,line=5,col=1::a level-1 heading" in (
        result.stdout
    )
    assert "lessons/01-basics/09-bad.md:5: a level-1 heading" in result.stderr
    plain = cli("--lessons", str(lessons_dir), "check", env={"GITHUB_ACTIONS": "false"})
    assert "::error" not in plain.output


def test_github_annotations_escape_as_github_documents() -> None:
    diagnostic = Diagnostic("lessons/a,b:c.md", 3, "100% sure\r\nnext: line", Severity.WARNING, 7)
    assert github_annotation(diagnostic) == (
        "::warning file=lessons/a%2Cb%3Ac.md,line=3,col=7::100%25 sure%0D%0Anext: line"
    )
    assert github_annotation(Diagnostic("lessons/x.md", 0, "whole file")) == (
        "::error file=lessons/x.md::whole file"
    )
    assert "column" not in as_dict(Diagnostic("lessons/x.md", 2, "m"))


# -- translations mark -----------------------------------------------------------------------


@pytest.fixture
def bilingual(write: Callable, lessons_dir: Path) -> Path:
    write("course.yml", "title: Test course\nlanguages:\n  en: English\n  es: Español\n")
    write("_translations/es/01-basics/01-hello.md", "---\ntitle: Hola\n---\n\n## Hola\n\nTexto.\n")
    write("_translations/es/02-advanced/01-deep.md", "---\ntitle: A fondo\n---\n\nTexto.\n")
    return lessons_dir


@pytest.mark.parametrize(
    "given",
    [
        "01-basics/01-hello",
        "01-basics/01-hello.md",
        "lessons/01-basics/01-hello.md",
        "lessons/_translations/es/01-basics/01-hello.md",
        "_translations/es/01-basics/01-hello.md",
        "./lessons/01-basics/01-hello.md",
    ],
)
def test_translations_mark_accepts_every_path_the_tools_print(bilingual: Path, given: str) -> None:
    result = cli("--lessons", str(bilingual), "translations", "mark", "es", given)
    assert result.exit_code == 0, result.output
    translation = bilingual / "_translations/es/01-basics/01-hello.md"
    assert "source_hash:" in translation.read_text()


def test_translations_mark_accepts_absolute_paths(bilingual: Path) -> None:
    for path in (bilingual / "01-basics/01-hello.md", bilingual / "_translations/es/01-basics"):
        given = str(path if path.suffix else path / "01-hello.md")
        assert original_relpath(bilingual, "es", given) == "01-basics/01-hello.md"


def test_translations_mark_refuses_another_languages_translation(bilingual: Path) -> None:
    with pytest.raises(BuildError, match="translation into 'fr', not 'es'"):
        original_relpath(bilingual, "es", "lessons/_translations/fr/01-basics/01-hello.md")


def test_the_paths_that_translations_prints_are_accepted_by_mark(
    bilingual: Path, write: Callable
) -> None:
    cli("--lessons", str(bilingual), "translations", "mark", "--all", "es")
    write("01-basics/01-hello.md", COURSE["01-basics/01-hello.md"] + "\n## New part\n\nMore.\n")
    listed = cli("--lessons", str(bilingual), "translations").output
    stale = re.search(r"stale:\s+(\S+)", listed)
    assert stale, listed
    result = cli("--lessons", str(bilingual), "translations", "mark", "es", stale[1])
    assert result.exit_code == 0, result.output
    assert "0 stale" in cli("--lessons", str(bilingual), "translations").output


def test_translations_mark_all_marks_every_translated_lesson(bilingual: Path) -> None:
    result = cli("--lessons", str(bilingual), "translations", "mark", "--all")
    assert result.exit_code == 0, result.output
    assert result.output.count("Marked ") == 2
    assert "2 up to date, 0 stale" in cli("--lessons", str(bilingual), "translations").output
    again = cli("--lessons", str(bilingual), "translations", "mark", "--all", "es")
    assert again.exit_code == 0 and again.output.count("Marked ") == 2


def test_translations_mark_says_how_to_call_it(bilingual: Path) -> None:
    for args in (["es"], [], ["--all", "es", "01-basics/01-hello"]):
        result = cli("--lessons", str(bilingual), "translations", "mark", *args)
        assert result.exit_code == 2 and "--all" in result.output
    missing = cli("--lessons", str(bilingual), "translations", "mark", "--all", "fr")
    assert missing.exit_code == 1 and "no translated lessons" in missing.output


# -- new and new-chapter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["yes", "null", "2024-01-01", "Models: the M in MVC", 'The "app" object', "it's # 1", "~ null"],
)
def test_new_lesson_with_any_title_passes_the_checker(lessons_dir: Path, title: str) -> None:
    result = cli("--lessons", str(lessons_dir), "new", "01-basics", title)
    assert result.exit_code == 0, result.output
    check = cli("--lessons", str(lessons_dir), "check", "--format", "json")
    assert check.exit_code == 0, check.stdout
    lesson = next(
        lesson
        for lesson in load_index(lessons_dir, include_drafts=True).default.lessons
        if lesson.order == 3
    )
    assert lesson.title == title


SCAFFOLD = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SCAFFOLD
@given(
    st.text(min_size=1, max_size=40).filter(
        lambda text: (
            any(c.isascii() and c.isalnum() for c in text)
            and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
        )
    )
)
def test_any_title_reads_back_from_the_scaffolded_lesson(title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        lessons = Path(folder) / "lessons"
        for relpath, content in COURSE.items():
            write_file(lessons, relpath, content)
        path = new_lesson(lessons, "01-basics", title)
        index = load_index(lessons, include_drafts=True)
        lesson = next(x for x in index.default.lessons if x.source.endswith(path.name))
        assert lesson.title == title.strip()
        assert [d for d in index.diagnostics if d.is_error] == []


@pytest.mark.parametrize("title", ["Search", "static", "Glossary", "es", "!!!", "   "])
def test_new_chapter_refuses_reserved_or_empty_names_and_creates_nothing(
    lessons_dir: Path, write: Callable, title: str
) -> None:
    write("course.yml", "title: Test course\nlanguages:\n  en: English\n  es: Español\n")
    before = sorted(p.name for p in lessons_dir.iterdir())
    with pytest.raises(BuildError):
        new_chapter(lessons_dir, title)
    assert sorted(p.name for p in lessons_dir.iterdir()) == before
    result = cli("--lessons", str(lessons_dir), "new-chapter", title)
    assert result.exit_code == 1 and "Error:" in result.output


def test_new_chapter_title_reads_back(lessons_dir: Path) -> None:
    folder, _ = new_chapter(lessons_dir, "Deploying: the last mile")
    chapter = load_index(lessons_dir, include_drafts=True).default.chapters_by_slug[
        "deploying-the-last-mile"
    ]
    assert chapter.title == "Deploying: the last mile"
    assert folder.name == "03-deploying-the-last-mile"


def _build_py(lessons_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python build.py …`` as an instructor runs it: its own process, output piped."""
    root = Path(__file__).parent.parent
    return subprocess.run(
        [sys.executable, str(root / "build.py"), "--lessons", str(lessons_dir), *args],
        capture_output=True,
        text=True,
        cwd=lessons_dir.parent,
        env={**os.environ, "FLASK_COURSEWARE_CACHE_DIR": str(lessons_dir.parent / "cache")},
    )


def test_build_py_says_everything_and_exits_with_its_status(lessons_dir: Path) -> None:
    # A build or check ends its process at once (no tear-down of the loaded course): what it
    # printed must still all arrive through a pipe, and its status must be the command's.
    out = lessons_dir.parent / "out"
    built = _build_py(lessons_dir, "-o", str(out))
    assert built.returncode == 0, built.stderr
    assert re.fullmatch(r"Built .*: \d+ files \(\d+ changed\) in [\d.]+ s\.\n", built.stdout)
    assert (out / "index.html").is_file()
    checked = _build_py(lessons_dir, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.endswith("0 error(s), 0 warning(s).\n")

    write_file(lessons_dir, "01-basics/09-broken.md", "---\ntitle: [oops\n---\n\nText.\n")
    failed = _build_py(lessons_dir, "-o", str(out))
    assert failed.returncode == 1
    assert "09-broken.md:2: YAML syntax error" in failed.stderr
    assert failed.stderr.endswith("Error: 1 error(s), 0 warning(s); nothing was built.\n")
    assert "Traceback" not in failed.stderr
    checked = _build_py(lessons_dir, "check")
    assert checked.returncode == 1
    assert "09-broken.md:2: YAML syntax error" in checked.stderr
    assert _build_py(lessons_dir, "--version").returncode == 0
