"""Shared fixtures: a small course written into a temporary folder, and apps serving it."""

from __future__ import annotations

import os
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from courseware import create_app
from courseware.course.model import Rendered
from courseware.course.search import tokens, unpack_postings

SLOW = "slow: COURSEWARE_SLOW=1 runs them (CI always does)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow groups run in CI (``CI=true``) or when asked for, not on every local run."""
    if os.environ.get("CI") or os.environ.get("COURSEWARE_SLOW"):
        return
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=SLOW))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """What was skipped and what runs it, in one line, so nothing is skipped silently."""
    reasons: Counter[str] = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report)
        reasons[reason.removeprefix("Skipped: ")] += 1
    if reasons:
        parts = "; ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
        terminalreporter.write_line(f"Skipped tests: {parts}", yellow=True)


COURSE = {
    "course.yml": """
        title: Test course
        description: A course used by the tests.
        author: Tester
        licence: CC BY 4.0
        repository: https://example.org/test-course
    """,
    "01-basics/chapter.yml": """
        title: Basics
        summary: The first chapter.
    """,
    "01-basics/01-hello.md": """
        ---
        title: Hello
        summary: The very first lesson.
        objectives:
          - Say hello.
        keypoints:
          - Hello is polite.
        minutes: 10
        exercises_minutes: 5
        x-note: kept
        ---

        ## Greeting section

        Hello, *world*. See [the deep lesson](../02-advanced/01-deep.md#deep-section).

        ```python title="hello.py" hl_lines="2"
        def hello():
            return "Hello"
        ```

        !!! note "Remember"
            Notes are admonitions.
    """,
    "01-basics/02-second.md": """
        ---
        title: Second steps
        ---

        ## Walking

        The second lesson has ![a diagram](images/diagram.png) in it.
    """,
    "01-basics/images/diagram.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 16,
    "02-advanced/chapter.yml": """
        title: Advanced
        summary: The second chapter.
    """,
    "02-advanced/01-deep.md": """
        ---
        title: Deep dive
        ---

        ## Deep section

        !!! exercise "Try it"
            Write a function.

            ??? hint
                Use `def`.

            ??? solution
                ```python
                def f():
                    pass
                ```

        !!! instructor
            Secret teaching note.

        ```quiz
        - question: Is this a quiz?
          type: single
          options:
            - text: "Yes"
              correct: true
              explain: It is one.
            - text: "No"
              correct: false
              explain: It really is one.
        ```
    """,
}


def findable(rendered: Rendered, word: str) -> bool:
    """Whether searching for ``word`` would find the rendered lesson (its terms, stemmed)."""
    terms = {
        term for packed in rendered.search_postings.values() for term in unpack_postings(packed)
    }
    wanted = tokens(word, "en")
    assert wanted, f"{word!r} is not a search term"
    return set(wanted) <= terms


def write_file(root: Path, relpath: str, content: str | bytes) -> Path:
    """Write a course file; text is dedented so tests can indent it like code."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def lessons_dir(tmp_path: Path) -> Path:
    """A complete small course: two chapters, three lessons, an image, a quiz, an exercise."""
    root = tmp_path / "lessons"
    for relpath, content in COURSE.items():
        write_file(root, relpath, content)
    return root


@pytest.fixture
def write(lessons_dir: Path) -> Callable[[str, str | bytes], Path]:
    """Add or change a file in the test course."""
    return lambda relpath, content: write_file(lessons_dir, relpath, content)


@pytest.fixture
def make_app(lessons_dir: Path) -> Callable[..., Flask]:
    def make(**config: object) -> Flask:
        settings = {
            "TESTING": True,
            "COURSEWARE_LESSONS_DIR": lessons_dir,
            "COURSEWARE_CACHE_DIR": None,
            "COURSEWARE_WORKERS": 1,
        }
        settings.update(config)
        return create_app(settings)

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def run_random_edits(
    machine: type[RuleBasedStateMachine], steps: int, per_run: int, random_env: str
) -> None:
    """Run a state machine of random edits for about ``steps`` steps, ``per_run`` to a course.
    The same sequence every run unless ``random_env`` is set (then Hypothesis draws anew)."""
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=max(1, steps // per_run),
            stateful_step_count=per_run,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=random_env not in os.environ,
            database=None,
        ),
    )
