"""Every input has a limit: each one past it is a ``file:line`` diagnostic, in bounded time,
and the rest of the course still loads and serves.

Each test runs the load in a child process with a deadline and a memory ceiling, so a
regression fails the test instead of hanging the suite or filling the machine's memory.
"""

from __future__ import annotations

import functools
import multiprocessing
import pickle
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseware.course import frontmatter
from courseware.course.loader import load_index
from courseware.course.render_pool import RenderCache, content_key
from courseware.course.rendering import Renderer, RenderInput, limits

#: A few lines that expand to 9**8 (43 million) strings when aliases are written out.
BOMB = "".join(
    [
        '  a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n',
        *(
            f"  {name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
            for previous, name in zip("abcdefg", "bcdefgh", strict=True)
        ),
    ]
)


def _child(conn: Any, function: Callable[..., Any], args: tuple) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
    try:
        conn.send(("ok", function(*args)))
    except BaseException as exc:  # noqa: BLE001 - the parent reports it
        conn.send(("raised", f"{type(exc).__name__}: {exc}"))


def within(seconds: float, function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in a forked child with a deadline and 2 GB of memory."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, function, args))
    started = time.perf_counter()
    process.start()
    try:
        if not parent.poll(seconds):
            pytest.fail(f"{getattr(function, '__name__', function)} took more than {seconds} s")
        status, value = parent.recv()
    finally:
        process.kill()
        process.join()
    assert status == "ok", value
    assert time.perf_counter() - started < seconds
    return value


def diagnostics(lessons_dir: Path) -> list[str]:
    """Every message of a load of ``lessons_dir``, and the paths of the pages it made."""
    index = load_index(lessons_dir)
    return [str(d) for d in index.diagnostics] + [f"page {path}" for path in index.default.pages]


# -- Markdown: nesting, long lines, bracket runs, time ------------------------------------


def test_a_500_deep_nested_list_is_an_error_at_its_line_and_the_rest_loads(
    write: Callable, lessons_dir: Path
) -> None:
    body = "".join("    " * depth + "- item\n" for depth in range(500))
    write("01-basics/09-deep.md", "---\ntitle: Deep\n---\n\n" + body)
    found = within(30, diagnostics, lessons_dir)
    assert (
        "lessons/01-basics/09-deep.md:106: this line is nested 101 levels deep (lists, blocks "
        "or quotes); the limit is 100" in found
    )
    assert "page basics/hello/" in found and "page basics/deep/" in found


def test_a_preview_server_keeps_serving_next_to_a_lesson_that_cannot_render(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write(
        "01-basics/09-deep.md",
        "---\ntitle: Deep\n---\n\n" + "".join("    " * d + "!!! note\n" for d in range(500)),
    )
    client = make_app(COURSEWARE_PREVIEW=True).test_client()
    assert client.get("/").status_code == 200
    assert client.get("/basics/hello/").status_code == 200
    page = client.get("/basics/deep/")
    assert b"could not be shown" in page.data
    assert b"1 problem in the lessons" in client.get("/").data  # the preview banner


def test_recursion_in_the_renderer_is_a_diagnostic_naming_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_DEPTH", 10_000)  # let the nesting reach Markdown
    body = "".join("    " * depth + "!!! note\n" for depth in range(500)) + "    " * 500 + "x\n"
    result = Renderer().render(
        RenderInput(Path("/nonexistent"), "01-a/01-b.md", "lessons/01-a/01-b.md", "", body, 4)
    )
    [problem] = result.diagnostics
    assert problem.path == "lessons/01-a/01-b.md" and problem.line > 4
    assert "nests lists, blocks or quotes too deeply" in problem.message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[[a" * 33_334, ":5: this line is 100,002 characters long; the limit is 10,000"),
        ("[[a" * 3_000, ":5: this line has 6,000 '[' brackets; the limit is 256"),
        ("![" * 4_000, ":5: this line has 4,000 '[' brackets; the limit is 256"),
    ],
)
def test_lines_that_markdown_would_take_minutes_over_are_refused_first(
    write: Callable, lessons_dir: Path, line: str, expected: str
) -> None:
    write("01-basics/09-long.md", "---\ntitle: Long\n---\n\n" + line + "\n")
    found = within(20, diagnostics, lessons_dir)
    assert any(m.startswith("lessons/01-basics/09-long.md" + expected) for m in found), found
    assert "page basics/second/" in found


def test_brackets_in_code_are_not_counted(write: Callable, lessons_dir: Path) -> None:
    code = "```python\nx = " + "[" * 300 + "\n```\n"
    write("01-basics/09-code.md", "---\ntitle: Code\n---\n\n" + code)
    assert not [m for m in within(20, diagnostics, lessons_dir) if "09-code.md" in m]


def test_a_render_past_its_time_budget_is_stopped_and_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.3)
    monkeypatch.setattr(limits, "MAX_BRACKETS", 100_000)
    body = "Fine.\n\n" + "[[a" * 3_000 + "\n"  # about two seconds of Markdown
    renderer = Renderer()  # made first: on a loaded machine, making it takes time of its own
    started = time.perf_counter()
    result = renderer.render(
        RenderInput(Path("/nonexistent"), "01-a/01-b.md", "lessons/01-a/01-b.md", "", body, 4)
    )
    assert time.perf_counter() - started < 1.5
    [problem] = result.diagnostics
    assert (problem.path, problem.line) == ("lessons/01-a/01-b.md", 6)
    assert problem.message.startswith("rendering this lesson took more than 0.3 seconds")


def test_a_file_past_the_size_limit_is_an_error_not_rendered(
    write: Callable, lessons_dir: Path
) -> None:
    write("01-basics/09-huge.md", "---\ntitle: Huge\n---\n\n" + "Words and words.\n" * 600_000)
    found = within(30, diagnostics, lessons_dir)
    assert any(
        m.startswith("lessons/01-basics/09-huge.md: the file is 10,200,0")
        and "the limit is 8,388,608" in m
        for m in found
    ), found


# -- YAML: alias bombs in every file the engine reads ---------------------------------------

BOMBS = {
    "course.yml": (
        "course.yml",
        "title: Test course\nlanguages:\n  en: English\nbomb:\n" + BOMB,
        "lessons/course.yml:4: with its aliases (*name) written out, this YAML has more "
        "than 100,000 values",
    ),
    "languages": (
        "course.yml",
        "title: Test course\nbombs:\n" + BOMB + "languages:\n  en: English\n  es: *h\n",
        "lessons/course.yml:2: with its aliases",
    ),
    "chapter.yml": (
        "01-basics/chapter.yml",
        "title: Basics\nbomb:\n" + BOMB,
        "lessons/01-basics/chapter.yml:2: with its aliases",
    ),
    "glossary.yml": (
        "glossary.yml",
        "- term: Bomb\n  definition: Big.\n  x:\n" + BOMB.replace("  ", "    "),
        "lessons/glossary.yml:1: with its aliases",
    ),
    "front matter": (
        "01-basics/09-bomb.md",
        "---\ntitle: Bomb\nbomb:\n" + BOMB + "---\n\nText.\n",
        "lessons/01-basics/09-bomb.md:3: with its aliases",
    ),
    "quiz": (
        "01-basics/09-bomb.md",
        "---\ntitle: Bomb\n---\n\n```quiz\n- question: Q\n  options: [a]\n  bomb:\n"
        + BOMB.replace("  ", "    ")
        + "```\n",
        "lessons/01-basics/09-bomb.md:6: quiz is not valid YAML: with its aliases",
    ),
}


@pytest.mark.parametrize("kind", list(BOMBS))
def test_a_yaml_alias_bomb_is_refused_at_its_line_in_every_yaml_file(
    write: Callable, lessons_dir: Path, kind: str
) -> None:
    relpath, text, expected = BOMBS[kind]
    write(relpath, text)
    found = within(20, diagnostics, lessons_dir)
    assert any(m.startswith(expected) for m in found), found


def test_a_yaml_alias_that_contains_itself_is_refused() -> None:
    with pytest.raises(frontmatter.ContentError) as caught:
        frontmatter.parse_yaml_mapping("title: A\nloop: &a [x, *a]\n", "x.yml")
    assert str(caught.value).startswith("x.yml:2: an alias here refers to a value that contains")


def test_aliases_within_the_limit_still_work() -> None:
    document = frontmatter.parse_yaml_mapping("a: &a [x, y]\nb: *a\nc: [*a, *a]\n", "x.yml")
    assert document.data["c"] == [["x", "y"], ["x", "y"]]


# -- The render cache is a shortcut: any entry that cannot be read means rendering again --


class _Gone:
    pass


@pytest.mark.parametrize(
    "content",
    [
        pickle.dumps(_Gone()).replace(b"tests.test_limits", b"nomodule.nowhere1"),
        b"\x80\x05\x95garbage",
        b"",
        pickle.dumps("not a rendering"),
        b"\x80\x04I99999999999999999999999999999999x\n.",
    ],
    ids=["ModuleNotFoundError", "damaged", "empty", "wrong type", "ValueError"],
)
def test_unreadable_render_cache_entries_fall_back_to_rendering(
    lessons_dir: Path, tmp_path: Path, content: bytes
) -> None:
    cache_dir = tmp_path / "cache"
    first = load_index(lessons_dir, cache=RenderCache(cache_dir))
    entries = list(cache_dir.glob("??/*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(content)
    for parsed in (cache_dir / "parsed").glob("*/*.pickle"):
        parsed.write_bytes(content)
    again = load_index(lessons_dir, cache=RenderCache(cache_dir))
    assert again.diagnostics == first.diagnostics == ()
    assert again.default.lessons[0].html == first.default.lessons[0].html


def test_a_timed_out_rendering_is_not_kept_on_disk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.2)
    monkeypatch.setattr(limits, "MAX_BRACKETS", 100_000)
    item = RenderInput(tmp_path, "01-a/01-b.md", "lessons/01-a/01-b.md", "", "[[a" * 3_000, 4)
    cache = RenderCache(tmp_path / "cache")
    from courseware.course.render_pool import render_many

    [result], [key] = render_many([item], cache)
    assert result.diagnostics and key == content_key(item)
    assert not list((tmp_path / "cache").glob("??/*.pickle"))


# -- Any lesson renders or reports a diagnostic naming its file, in bounded time -------------


def _nest(marker: str, children: list[str]) -> str:
    inner = "\n".join(children) or "text"
    if marker == "> ":
        return "\n".join("> " + line for line in inner.split("\n"))
    head = marker if marker.endswith("\n") else marker + "item\n"
    return head + "\n".join("    " + line if line else "" for line in inner.split("\n"))


_leaf = st.one_of(
    st.text(alphabet="ab *_`[]()!<>&#:|-\\\n{}", max_size=120),
    st.integers(0, 12_000).map(lambda n: "[" * n),
    st.integers(0, 4_000).map(lambda n: "[[a" * n),
    st.integers(0, 3_000).map(lambda n: "![" * n + "x" + "](" * n),
    st.integers(0, 600).map(lambda d: "".join("    " * i + "- x\n" for i in range(d))),
    st.integers(0, 600).map(lambda d: "".join("    " * i + "!!! note\n" for i in range(d))),
    st.integers(0, 600).map(lambda d: ">" * d + " quoted"),
    st.sampled_from(
        [
            "```python\nx = [1]\n```",
            "```\nunclosed fence",
            "```quiz\n- question: Q\n  options:\n    - {text: a, correct: true, explain: e}\n```",
            "```quiz\n- [\n```",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "[link](other.md) [[term]] <kbd>k</kbd> </aside> <script>x</script>",
            "Text[^1]\n\n[^1]: note",
        ]
    ),
)
_markdown = st.recursive(
    _leaf,
    lambda children: st.builds(
        _nest,
        st.sampled_from(
            ["- ", "1. ", "> ", "!!! note\n", "??? hint\n", "!!! exercise\n", "!!! instructor\n"]
        ),
        st.lists(children, max_size=3),
    ),
    max_leaves=12,
).map(lambda text: text + "\n")


def _render_for_fuzz(body: str) -> list[tuple[str, int]]:
    limits.RENDER_SECONDS = 3.0  # in the child process only
    result = _fuzz_renderer().render(
        RenderInput(Path("/nonexistent"), "01-a/01-b.md", "lessons/01-a/01-b.md", "", body, 4)
    )
    assert isinstance(result.html, str) and isinstance(result.instructor_html, str)
    return [(diagnostic.path, diagnostic.line) for diagnostic in result.diagnostics]


@functools.cache
def _fuzz_renderer() -> Renderer:
    return Renderer()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_markdown, min_size=1, max_size=4).map("\n\n".join))
def test_any_lesson_renders_or_reports_a_diagnostic_naming_its_file_in_bounded_time(
    body: str,
) -> None:
    _fuzz_renderer()  # built once, in this process; each example renders in a child
    found = within(30, _render_for_fuzz, body)  # generous: the machine may be busy
    last_line = 4 + body.count("\n") + 1
    for path, line in found:
        assert path == "lessons/01-a/01-b.md" and 1 <= line <= last_line, (path, line)


# -- Our own regular expressions take time in proportion to the line ------------------------

#: A heading with a long run of spaces inside: each of these regular expressions took time
#: in the square (one in the cube) of the run's length (2 s for 10,000 spaces; 4 minutes for
#: 5,000 in the Carpentries importer).
SPACED = "a" + " " * 20_000 + "x"


def test_a_yaml_error_on_a_long_line_is_reported_in_bounded_time(lessons_dir: Path) -> None:
    chapter = lessons_dir / "01-basics/chapter.yml"
    chapter.write_text("title: Basics\nsummary: `x`" + " " * 60_000 + "y\n")
    found = within(10, diagnostics, lessons_dir)
    assert any(m.startswith("lessons/01-basics/chapter.yml:2: YAML syntax error") for m in found)


def _title_dropped() -> str:
    from courseware.course.rendering.title import drop_repeated_title

    return drop_repeated_title(f"# {SPACED} #", "a x")


def _div_heading() -> list[str]:
    from courseware.course.rendering.divs import rewrite_divs

    return rewrite_divs(["::: challenge", f"## {SPACED}", ":::"])[0]


def _mkdocs_title() -> tuple[str | None, str]:
    from courseware.importers.common import FileLog
    from courseware.importers.mkdocs import take_title

    return take_title(f"# {SPACED} ##", FileLog("", ""))


def _carpentries_heading() -> tuple[int, str, str | None] | None:
    from courseware.importers.carpentries import split_heading

    return split_heading(f"## {SPACED}  ##  ")


@pytest.mark.parametrize(
    ("parse", "expected"),
    [
        (_title_dropped, ""),
        (_mkdocs_title, (SPACED, "")),
        (_carpentries_heading, (2, SPACED, None)),
    ],
)
def test_headings_with_long_runs_of_spaces_are_read_in_linear_time(
    parse: Callable[[], object], expected: object
) -> None:
    assert within(5, parse) == expected


def test_a_div_heading_with_a_long_run_of_spaces_is_read_in_linear_time() -> None:
    lines = within(5, _div_heading)
    assert len(lines) == 3 and SPACED in lines[0]


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("## Title ##  ", "Title"),
        ("## Title", "Title"),
        ("## C#", "C#"),
        ("## Title ## more", "Title ## more"),
        ("##   ", ""),
        ("## \t#", "#"),
    ],
)
def test_closing_hashes_of_a_heading(line: str, text: str) -> None:
    from courseware.course.rendering.title import heading_text
    from courseware.importers.carpentries import split_heading

    assert heading_text(line.removeprefix("##").lstrip(" \t")) == text
    assert split_heading(line) == (2, text, None)


def test_runs_of_backticks_are_read_in_linear_time(write: Callable, lessons_dir: Path) -> None:
    # A rule of backticks took time in the cube of its length (30 s for 1,000, within the
    # line limit of 10,000): the lesson was stopped at its time budget and not published.
    write(
        "01-basics/09-ticks.md",
        "---\ntitle: Ticks\n---\n\nA rule: "
        + "`" * 9_000
        + "\n\n"
        + "``a" * 3_000
        + "\n\nThe `end`.\n",
    )
    found = within(10, diagnostics, lessons_dir)
    assert "page basics/ticks/" in found
    assert not any("09-ticks.md" in message for message in found), found


@pytest.mark.parametrize(
    ("line", "blanked"),
    [
        ("Use `x` and ``y`z`` here", "Use     and         here"),
        ("`a` ``b", "    ``b"),
        ("``a`", "``a`"),
        ("x ``` y ``` z ` w `", "x           z      "),
    ],
)
def test_code_spans_are_blanked_as_commonmark_reads_them(line: str, blanked: str) -> None:
    from courseware.course.rendering.literal import _without_code

    assert _without_code(line) == blanked


@pytest.mark.parametrize(
    ("file", "text", "line"),
    [
        ("01-basics/09-long.md", '---\ntitle: "{long}"\n---\n\nText.\n', 2),
        (
            "01-basics/09-long.md",
            "---\ntitle: Long\nobjectives:\n  - Fine.\n  - '{long}'\n---\n",
            3,
        ),
        ("01-basics/chapter.yml", "title: Basics\nsummary: '{long}'\n", 2),
        ("course.yml", "title: Course\ndescription: '{long}'\n", 2),
    ],
)
def test_a_front_matter_text_past_its_limit_is_an_error_at_its_line_in_bounded_time(
    write: Callable, lessons_dir: Path, file: str, text: str, line: int
) -> None:
    # A 40,000-character title of '[[' took a minute of checks before the lesson's render
    # was stopped at its time budget with a message about its body's longest line.
    write(file, text.replace("{long}", "[[" * 20_000))
    found = within(15, diagnostics, lessons_dir)
    expected = f"lessons/{file}:{line}: '"
    assert any(
        m.startswith(expected) and "of 40,000 characters; the limit is 2,000" in m for m in found
    ), found


def test_a_glossary_definition_past_the_limit_is_an_error_in_bounded_time(
    write: Callable, lessons_dir: Path
) -> None:
    # Two definitions of 40,000 characters took two and a half minutes of checks.
    write(
        "glossary.yml",
        f'- term: Flask\n  definition: "{"[x" * 20_000}"\n- term: WSGI\n  definition: A rule.\n',
    )
    found = within(15, diagnostics, lessons_dir)
    assert any(
        m.startswith("lessons/glossary.yml:1: the glossary entry 'Flask' holds a text of 40,000")
        for m in found
    ), found


def _table_rules() -> list[bool]:
    from courseware.course.rendering.literal import TABLE_RULE

    lines = [" " * 9_000 + "| x |", "|--" + " " * 9_000 + "x", "| --- | :-: |", "|-|-| x"]
    return [bool(TABLE_RULE.match(line)) for line in lines * 10]


def test_table_rules_are_recognised_in_linear_time() -> None:
    # 1.5 s for each row with a long run of spaces: a table of 15 such rows stopped its lesson.
    assert within(3, _table_rules) == [False, False, True, False] * 10
