"""Code blocks that nothing runs are reported, and exercise checks name their solutions.

Content-model tests on real files in a temporary course (see conftest's ``lessons_dir``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courseware.course.loader import load_index
from courseware.course.render_pool import RenderCache
from courseware.course.rendering.code_runs import (
    console_commands,
    is_run,
    norun_reason,
    runnable_command,
    without_norun,
)
from courseware.course.rendering.includes import (
    CHECK_FENCE,
    INCLUDE,
    IncludeError,
    _lines_holding,
    included_files,
)
from courseware.course.rendering.runnable import parse_check_info

COURSE_YML = """
    title: Checked
    check_code_runs: true
"""
BLOCKS = """
    ---
    title: Blocks
    ---

    ## Code

    ```python
    print("nobody runs me")
    ```

    ```bash norun="installs packages"
    pip install flask
    ```

    ```pycon
    >>> 1 + 1
    2
    ```

    ```console
    $ flask --app examples/app.py routes
    ```

    ```console
    $ flask --app examples/app.py run --debug
    ```

    ```html
    <p>{{ name }}</p>
    ```

    ```html
    <p>plain</p>
    ```

    ```text
    anything
    ```
"""


def problems(lessons_dir: Path) -> list[str]:
    return [str(d) for d in load_index(lessons_dir).diagnostics]


def test_blocks_nothing_runs_are_reported_with_their_line(
    write: Callable, lessons_dir: Path
) -> None:
    write("course.yml", COURSE_YML)
    write("01-basics/03-blocks.md", BLOCKS)
    source = "lessons/01-basics/03-blocks.md"
    found = [p for p in problems(lessons_dir) if "nothing runs" in p and p.startswith(source)]
    assert [p.split(": warning: ")[0] for p in found] == [
        f"{source}:7",  # python written in the lesson
        f"{source}:24",  # flask run starts a server
        f"{source}:28",  # Jinja in HTML
    ]
    assert 'norun="the reason"' in found[0]


def test_without_the_setting_nothing_is_reported(write: Callable, lessons_dir: Path) -> None:
    write("01-basics/03-blocks.md", BLOCKS)
    assert not [p for p in problems(lessons_dir) if "nothing runs" in p]


def test_norun_is_not_shown_and_keeps_the_highlighting(write: Callable, lessons_dir: Path) -> None:
    """Python-Markdown turns a fence with an option it does not know into inline code."""
    write("course.yml", COURSE_YML)
    write("01-basics/03-blocks.md", BLOCKS)
    index = load_index(lessons_dir)
    lesson = next(
        lesson
        for lesson in index.editions["en"].chapters[0].lessons
        if lesson.relpath.endswith("blocks.md")
    )
    html = lesson.rendered.html
    assert "norun" not in html and "installs packages" not in html
    assert '<div class="language-bash highlight"><pre><code>pip install flask' in html


def test_changing_the_setting_renders_again(write: Callable, lessons_dir: Path) -> None:
    cache = RenderCache(lessons_dir.parent / "cache")
    write("01-basics/03-blocks.md", BLOCKS)
    assert not [p for p in [str(d) for d in load_index(lessons_dir, cache=cache).diagnostics]
                if "nothing runs" in p]  # fmt: skip
    write("course.yml", COURSE_YML)
    again = [str(d) for d in load_index(lessons_dir, cache=cache).diagnostics]
    assert len([p for p in again if "nothing runs" in p and "blocks.md" in p]) == 3


@pytest.mark.parametrize(
    ("command", "runs"),
    [
        ("flask --app app.py routes", True),
        ("flask --app app.py run", False),
        ("flask -e .env --app app.py run --debug", False),
        ("flask -e .env --app app.py db upgrade", True),
        ("flask routes", False),  # which app? the environment decides
        ("flask --app app.py --help", True),
        ("flask --app app.py", False),
        ("python lessons/x.py", True),
        ("python -m pip install flask", False),
        ("FLASK_DEBUG=1 flask --app app.py routes", False),
        ("curl http://127.0.0.1:5000/", False),
    ],
)
def test_which_commands_the_tests_run(command: str, runs: bool) -> None:
    (parsed,) = console_commands([f"$ {command}"])
    assert runnable_command(parsed.words) is runs


def test_console_output_belongs_to_the_command_above_it() -> None:
    commands = console_commands(
        ["(.venv) $ flask --app a.py greet Ada", "Hello, Ada!", "", "$ python b.py", "done"]
    )
    assert [(c.words[-1], c.expected) for c in commands] == [
        ("Ada", "Hello, Ada!"),
        ("b.py", "done"),
    ]


def test_a_session_without_prompts_is_not_run() -> None:
    assert not is_run("pycon", ["1 + 1"], included=False, run=False)
    assert is_run("pycon", [">>> 1 + 1", "2"], included=False, run=False)


@given(st.text(alphabet=st.characters(blacklist_characters='"\n\r'), max_size=40))
def test_any_reason_round_trips(reason: str) -> None:
    line = f'```bash norun="{reason}"'
    assert norun_reason(line) == reason.strip()
    assert without_norun(line) == "```bash"


def test_check_fences_name_an_example_and_a_solution() -> None:
    info = parse_check_info("check examples/app.py solution=examples/solutions/one")
    assert info == ("examples/app.py", "examples/solutions/one")
    assert parse_check_info("check examples/app.py").solution is None
    with pytest.raises(IncludeError, match="unknown option 'solutions=x'"):
        parse_check_info("check examples/app.py solutions=x")


EXERCISE = """
    ---
    title: Graded
    ---

    ## Exercise

    !!! exercise "Say hello"
        Add a route.

        ```check examples/app.py solution=examples/solutions/hello
        assert client.get("/hello").status_code == 200, "GET /hello should answer"
        ```
"""


def test_a_missing_solution_folder_is_an_error_on_the_fence_line(
    write: Callable, lessons_dir: Path
) -> None:
    write("01-basics/examples/app.py", "from flask import Flask\napp = Flask(__name__)\n")
    write("01-basics/03-graded.md", EXERCISE)
    found = [p for p in problems(lessons_dir) if "solution" in p]
    assert found == [
        "lessons/01-basics/03-graded.md:10: solution folder "
        "'examples/solutions/hello' does not exist; it holds the files the learner changes, "
        "laid out as they sit beside the example"
    ]
    write("01-basics/examples/solutions/hello/app.py", "# the answer\n")
    assert not [p for p in problems(lessons_dir) if "solution" in p]


def test_a_check_without_a_solution_is_a_warning(write: Callable, lessons_dir: Path) -> None:
    write("01-basics/examples/app.py", "from flask import Flask\napp = Flask(__name__)\n")
    write("01-basics/03-graded.md", EXERCISE.replace(" solution=examples/solutions/hello", ""))
    assert [p for p in problems(lessons_dir) if "solution" in p] == [
        "lessons/01-basics/03-graded.md:10: warning: this check names no reference solution, "
        "so nothing tests it; add solution=FOLDER with the files a right answer changes"
    ]


def test_a_solution_added_after_a_cached_render_clears_the_error(
    write: Callable, lessons_dir: Path
) -> None:
    cache = RenderCache(lessons_dir.parent / "cache")
    write("01-basics/examples/app.py", "from flask import Flask\napp = Flask(__name__)\n")
    write("01-basics/03-graded.md", EXERCISE)
    first = [str(d) for d in load_index(lessons_dir, cache=cache).diagnostics]
    assert any("does not exist" in p for p in first)
    write("01-basics/examples/solutions/hello/app.py", "# the answer\n")
    second = [str(d) for d in load_index(lessons_dir, cache=cache).diagnostics]
    assert not any("does not exist" in p for p in second)


def test_a_check_can_name_a_package_by_its_folder(write: Callable, lessons_dir: Path) -> None:
    write("01-basics/examples/shop/__init__.py", "from flask import Flask\napp = Flask(__name__)\n")
    write("01-basics/examples/solutions/hello/shop/__init__.py", "# the answer\n")
    write("01-basics/03-graded.md", EXERCISE.replace("examples/app.py", "examples/shop"))
    assert [p for p in problems(lessons_dir) if "03-graded" in p] == []


def test_a_solution_shown_in_a_lesson_has_no_run_button(write: Callable, lessons_dir: Path) -> None:
    """A solution folder holds only the changed files; run alone, it would fail."""
    write("01-basics/examples/app.py", "from flask import Flask\napp = Flask(__name__)\n")
    write("01-basics/examples/solutions/hello/app.py", "# the answer\n")
    write(
        "01-basics/03-shown.md",
        '---\ntitle: Shown\n---\n\n```python\n--8<-- "examples/solutions/hello/app.py"\n```\n\n'
        '```python\n--8<-- "examples/app.py"\n```\n',
    )
    index = load_index(lessons_dir)
    lesson = next(
        lesson
        for lesson in index.editions["en"].chapters[0].lessons
        if lesson.relpath.endswith("shown.md")
    )
    assert lesson.rendered.html.count("data-example=") == 1
    assert 'data-example="01-basics/examples/app.py"' in lesson.rendered.html


@given(
    st.lists(
        st.sampled_from(
            ["check", "--8<--", "```", "~~~", " ", "\t", "\r", "\n", "a", '"x.md"', "`", "~"]
        )
    )
)
def test_every_include_line_and_check_fence_is_among_the_lines_read(pieces: list[str]) -> None:
    text = "".join(pieces)

    def wanted(lines: list[str]) -> list[str]:
        return [line for line in lines if INCLUDE.match(line) or CHECK_FENCE.match(line)]

    markers = ("--8<--", "```", "~~~")
    lines = text.split("\n")
    assert _lines_holding(text, markers) == [
        line for line in lines if any(m in line for m in markers)
    ]
    assert wanted(_lines_holding(text, markers)) == wanted(lines)


def test_included_files_finds_includes_and_checks_among_prose(tmp_path: Path) -> None:
    (tmp_path / "01-a").mkdir()
    (tmp_path / "01-a" / "part.md").write_text("Hi.\n")
    body = (
        "Prose that checks things, and a check mark.\n"
        '--8<-- "part.md"\n'
        "More prose --8<-- that is not an include.\n"
        '   --8<-- "missing.md"\n'
        '--8<-- "part.md"'  # the last line, without a line break
    )
    found = included_files(tmp_path, "01-a/01-x.md", body)
    assert [path.name for path in found] == ["part.md", "part.md"]
