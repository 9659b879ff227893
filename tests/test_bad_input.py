"""An instructor's mistakes: each gives a file:line error, a failed build and no partial output;
odd but valid input simply works."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseware.build.freeze import build_site
from courseware.course.frontmatter import decode, split_front_matter
from courseware.course.loader import load_index
from courseware.course.rendering import Renderer, RenderInput
from courseware.course.rendering.quiz import parse_quiz
from courseware.errors import CheckFailed, ContentError

BROKEN = {
    "malformed YAML": ("01-basics/09-x.md", "---\ntitle: A\nsummary: [x\n---\nText\n", 3),
    "front matter never closed": ("01-basics/09-x.md", "---\ntitle: A\nText\n", 1),
    "title is a list": ("01-basics/09-x.md", "---\ntitle: [a, b]\n---\nText\n", 2),
    "empty file": ("01-basics/09-x.md", "", 1),
    "binary file": ("01-basics/09-x.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", 0),
    "not UTF-8": ("01-basics/09-x.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1"), 2),
    "quiz with invalid YAML": ("01-basics/09-x.md", "---\ntitle: A\n---\n\n```quiz\n- [\n```\n", 6),
    "quiz with no options": (
        "01-basics/09-x.md",
        "---\ntitle: A\n---\n\n```quiz\n- question: Q\n```\n",
        6,
    ),
    "quiz with a duplicated option": (
        "01-basics/09-x.md",
        "---\ntitle: A\n---\n\n```quiz\n- question: Q\n  options:\n"
        "    - {text: a, correct: true, explain: e}\n"
        "    - {text: a, correct: false, explain: e}\n```\n",
        9,
    ),
    "two lessons with the same slug": (
        "01-basics/09-hello.md",
        "---\ntitle: Again\n---\nText\n",
        0,
    ),
    "chapter folder with no lessons": ("03-empty/chapter.yml", "title: Empty\n", 0),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_broken_lesson_fails_the_build_with_file_and_line_and_writes_nothing(
    kind: str, write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    relpath, content, line = BROKEN[kind]
    write(relpath, content)
    output = tmp_path / "out" / "site"
    with pytest.raises(CheckFailed) as caught:
        build_site(
            output,
            project_root=tmp_path / "p",
            lessons_dir=lessons_dir,
            config={"COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1},
        )
    errors = [str(d) for d in caught.value.diagnostics if d.is_error]
    where = f"lessons/{relpath if kind != 'chapter folder with no lessons' else '03-empty'}"
    expected = f"{where}:{line}: " if line else f"{where}: "
    assert any(error.startswith(expected) for error in errors), errors
    assert not output.exists()
    assert list(output.parent.iterdir()) == [] if output.parent.exists() else True


def test_build_command_exits_non_zero_and_prints_the_location(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    write("01-basics/09-x.md", "---\ntitle: [a, b]\n---\nText\n")
    result = subprocess.run(
        [
            sys.executable,
            "build.py",
            "--lessons",
            str(lessons_dir),
            "--output",
            str(tmp_path / "o" / "s"),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
    )
    assert result.returncode == 1
    assert "lessons/01-basics/09-x.md:2: 'title' must be text, not a list" in result.stderr
    assert "nothing was built" in result.stderr
    assert not (tmp_path / "o" / "s").exists()


def test_symlink_to_a_file_outside_lessons_is_refused(lessons_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nThe password is swordfish.\n")
    os.symlink(secret, lessons_dir / "01-basics" / "09-linked.md")
    with pytest.raises(CheckFailed) as caught:
        build_site(
            tmp_path / "o" / "s",
            project_root=tmp_path / "p",
            lessons_dir=lessons_dir,
            config={"COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1},
        )
    assert any(
        "09-linked.md: this is a link to a file outside lessons/" in str(d)
        for d in caught.value.diagnostics
    )


def test_bom_crlf_and_odd_file_names_just_work(write: Callable, lessons_dir: Path) -> None:
    write(
        "01-basics/09-crlf.md",
        "\ufeff---\r\ntitle: Windows\r\n---\r\n\r\n## Part\r\n\r\nText.\r\n".encode(),
    )
    write("01-basics/10-Ünïcode lesson.md", "---\ntitle: Unicode\n---\n\nText.\n")
    index = load_index(lessons_dir)
    assert index.errors == ()
    assert index.default.pages["basics/crlf/"].title == "Windows"
    assert "basics/unicode-lesson/" in index.default.pages


def test_huge_and_deeply_nested_lessons_render_in_reasonable_time(
    write: Callable, lessons_dir: Path
) -> None:
    paragraph = "Flask " * 120 + "\n\n"
    big = "---\ntitle: Big\n---\n\n" + "".join(f"## Part {i}\n\n{paragraph}" for i in range(7000))
    assert len(big.encode()) > 5_000_000
    nested = "---\ntitle: Nested\n---\n\n" + "".join(
        "    " * depth + "- item\n" for depth in range(60)
    )
    code = (
        "---\ntitle: Code\n---\n\n```python\n"
        + "".join(f"x{i} = {i}\n" for i in range(10_000))
        + "```\n"
    )
    write("01-basics/09-big.md", big)
    write("01-basics/10-nested.md", nested)
    write("01-basics/11-code.md", code)
    started = time.perf_counter()
    index = load_index(lessons_dir)
    assert time.perf_counter() - started < 60
    assert index.errors == ()
    assert "x9999" in index.default.pages["basics/code/"].html


# -- Arbitrary text never crashes the parsers: it parses, or it is our own error -------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
front_matter_like = st.one_of(
    st.text(),
    st.builds(lambda a, b: f"---\n{a}\n---\n{b}", st.text(), st.text()),
    st.builds(lambda a: f"---\n{a}", st.text()),
)


@FUZZ
@given(st.one_of(front_matter_like.map(str.encode), st.binary()))
def test_front_matter_parser_succeeds_or_raises_content_error(data: bytes) -> None:
    try:
        split = split_front_matter(decode(data, "x.md"), "x.md")
    except ContentError as error:
        assert error.path == "x.md" and error.line >= 0
    else:
        assert isinstance(split.meta.data, dict) and split.body_line >= 1


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


markdown_like = st.lists(
    st.sampled_from(
        [
            "# ",
            "## ",
            "!!! exercise",
            "??? hint",
            "??? solution",
            "!!! instructor",
            "```quiz",
            "```",
            "    ",
            "- ",
            "1. ",
            "[[",
            "]]",
            "[a](",
            ".md)",
            "![",
            "|",
            "---",
            '--8<-- "',
            "\n",
            "\n\n",
            "text",
            "`code`",
            "*",
            "_",
            ":",
            "{: #id }",
            "<div>",
            "&amp;",
        ]
    ),
    max_size=60,
).map("".join)


@FUZZ
@given(st.one_of(markdown_like, st.text(max_size=400)))
def test_lesson_renderer_never_raises(renderer: Renderer, body: str) -> None:
    result = renderer.render(
        RenderInput(Path("/nonexistent"), "01-a/01-b.md", "lessons/01-a/01-b.md", "", body, 4)
    )
    for diagnostic in result.diagnostics:
        assert diagnostic.path == "lessons/01-a/01-b.md" and diagnostic.line >= 1


@FUZZ
@given(st.text(max_size=300))
def test_quiz_parser_reports_problems_with_lines(text: str) -> None:
    questions, problems = parse_quiz(text, 10)
    for problem in problems:
        assert problem.line >= 9 and problem.message


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"01-basics/06-caf\xe9.md", "01-basics/06-caf\ufffd.md"),
        (b"03-\xe9t\xe9", "03-\ufffdt\ufffd"),
    ],
)
@pytest.mark.parametrize("command", [["check"], ["-o", "out/site"]])
def test_a_file_name_that_is_not_utf8_is_an_error_not_a_traceback(
    lessons_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: bytes,
    shown: str,
    command: list[str],
) -> None:
    # A course unpacked from a zip made on another system: check and build crashed.
    path = os.path.join(os.fsencode(lessons_dir), name)
    if not name.endswith(b".md"):
        os.mkdir(path)
        path = os.path.join(path, b"01-first.md")
    with open(path, "wb") as file:
        file.write(b"---\ntitle: Caf\xc3\xa9\n---\n\nText.\n")
    monkeypatch.chdir(lessons_dir.parent)
    monkeypatch.setenv("FLASK_COURSEWARE_CACHE_DIR", str(lessons_dir.parent / "cache"))
    result = subprocess.run(
        [sys.executable, "-c", "from courseware.cli import main; main()", *command],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert f"lessons/{shown}: the name is not valid UTF-8" in result.stderr
    assert not (lessons_dir.parent / "out").exists()
