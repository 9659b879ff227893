"""Quizzes: the order of the options, the opt-outs, the checker's warnings, one title."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from courseware.config import PROJECT_ROOT
from courseware.course.checks import check_course
from courseware.course.loader import load_index
from courseware.course.rendering import Renderer, RenderInput
from courseware.course.rendering.elements import extract
from courseware.course.rendering.quiz import parse_quiz, quiz_shape, shown_order


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def render(renderer: Renderer, body: str, relpath: str = "02-mvc/01-x.md", prefix: str = ""):
    item = RenderInput(
        Path("/nonexistent"), relpath, f"lessons/{relpath}", prefix, textwrap.dedent(body), 5
    )
    return renderer.render(item)


def labels(html: str) -> list[list[str]]:
    """Each question's option texts, in the order the page shows them."""
    return [
        re.findall(r'<label for="[^"]+">(.*?)</label>', fieldset)
        for fieldset in extract(html, "fieldset", "quiz-question")
    ]


def question(
    options: list[str], extra: str = "", text: str = "Which one?", correct: int = 0
) -> str:
    lines = [f"- question: {text}", "  type: single", *([f"  {extra}"] if extra else [])]
    lines.append("  options:")
    for number, option in enumerate(options):
        lines.append(f"    - text: {option}")
        lines.append(f"      correct: {'true' if number == correct else 'false'}")
        lines.append("      explain: Because.")
    return "\n".join(lines)


def quiz(*questions: str) -> str:
    return "```quiz\n" + "\n".join(questions) + "\n```\n"


OPTIONS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]


def test_the_build_shuffles_the_options_the_same_way_every_time(renderer: Renderer) -> None:
    body = quiz(*(question(OPTIONS, text=f"Question {n}?") for n in range(8)))
    first, again = render(renderer, body), render(Renderer(), body)
    assert first.html == again.html
    orders = labels(first.html)
    assert all(sorted(order) == sorted(OPTIONS) for order in orders)
    assert any(order != OPTIONS for order in orders)
    assert len({tuple(order) for order in orders}) > 1, "each question has its own order"
    elsewhere = labels(render(renderer, body, relpath="03-other/01-y.md").html)
    assert elsewhere != orders, "the lesson's path is part of the seed"


def test_a_fixed_option_keeps_its_place_while_the_others_move(renderer: Renderer) -> None:
    options = [*OPTIONS[:4], "All of the above"]
    text = quiz(question(options, text="Which ones?")).replace(
        "    - text: All of the above\n", "    - text: All of the above\n      fixed: true\n"
    )
    questions, problems = parse_quiz(text.split("\n", 1)[1].rsplit("```", 1)[0], 1)
    assert problems == [] and questions[0].options[-1].fixed
    for seed in range(200):
        order = shown_order(questions[0], f"lesson-{seed}.md")
        assert order[-1] == 4
    assert len({shown_order(questions[0], f"l{seed}.md") for seed in range(200)}) == 24
    assert labels(render(renderer, text).html)[0][-1] == "All of the above"


def test_shuffle_false_keeps_the_authored_order(renderer: Renderer) -> None:
    body = quiz(*(question(OPTIONS, "shuffle: false", f"In order {n}?") for n in range(5)))
    out = render(renderer, body)
    assert labels(out.html) == [OPTIONS] * 5
    assert out.html.count('data-shuffle="false"') == 5


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("shuffle: maybe", "quiz question 1: 'shuffle' must be true or false"),
        ("", "quiz question 1, option 1: 'fixed' must be true or false"),
    ],
)
def test_opt_outs_must_be_true_or_false(extra: str, message: str) -> None:
    text = question(["A", "B"], extra)
    if not extra:
        text = text.replace("correct: true", "correct: true\n      fixed: 1")
    _, problems = parse_quiz(text, 10)
    assert [problem.message for problem in problems] == [message]


def test_a_translation_must_keep_the_opt_outs() -> None:
    plain, _ = parse_quiz(question(["A", "B", "All"]), 1)
    fixed, _ = parse_quiz(
        question(["A", "B", "All"]).replace("t: All", "t: All\n      fixed: true"), 1
    )
    ordered, _ = parse_quiz(question(["A", "B", "All"], "shuffle: false"), 1)
    assert quiz_shape(plain) == "single:TFF"
    assert quiz_shape(fixed) == "single:TFF*"
    assert quiz_shape(ordered) == "single=:TFF"


def test_the_checker_reports_a_translation_that_drops_fixed(
    write: Callable, lessons_dir: Path
) -> None:
    write("course.yml", "title: Test course\nlanguages:\n  en: English\n  es: Español\n")
    original = "---\ntitle: Deep\n---\n\n" + quiz(question(["Yes", "No", "Both"]))
    write("02-advanced/01-deep.md", original.replace("t: Both", "t: Both\n      fixed: true"))
    translated = "---\ntitle: A fondo\n---\n\n" + quiz(question(["Sí", "No", "Ambas"]))
    write("_translations/es/02-advanced/01-deep.md", translated)
    problems = [str(d) for d in check_course(lessons_dir)]
    assert (
        "lessons/_translations/es/02-advanced/01-deep.md:5: quiz 1 differs from the original's"
        in ("\n".join(problems))
    )
    write(
        "_translations/es/02-advanced/01-deep.md",
        translated.replace("t: Ambas", "t: Ambas\n      fixed: true"),
    )
    assert not any("differs" in problem for problem in map(str, check_course(lessons_dir)))


def test_the_correct_option_always_at_the_same_place_is_a_warning(renderer: Renderer) -> None:
    body = "Intro.\n\n" + quiz(question(["A", "B", "C"], text="One?"), question(["D", "E"]))
    (warning,) = [d for d in render(renderer, body).diagnostics if "position" in d.message]
    assert str(warning) == (
        "lessons/02-mvc/01-x.md:7: warning: the correct option is option 1 in both "
        "single-answer quiz questions of this lesson; move it in some of them so that its "
        "position does not give the answer away"
    )
    moved = "Intro.\n\n" + quiz(
        question(["A", "B", "C"], text="One?"), question(["D", "E"], correct=1)
    )
    assert not [d for d in render(renderer, moved).diagnostics if "position" in d.message]
    translated = render(renderer, body, prefix="es/")
    assert not [d for d in translated.diagnostics if "position" in d.message]


def test_a_quiz_under_a_heading_has_one_title(renderer: Renderer) -> None:
    out = render(renderer, "## Check yourself\n\n" + quiz(question(["A", "B"])))
    assert 'class="quiz-title"' not in out.html
    assert re.search(
        r'<form class="quiz" data-quiz="1" aria-label="Check yourself" novalidate(="")?>', out.html
    )
    alone = render(renderer, "Some text.\n\n" + quiz(question(["A", "B"])))
    assert '<p class="quiz-title" id="q1">Quiz</p>' in alone.html


def test_the_shipped_course_shows_the_correct_option_first_about_one_time_in_n() -> None:
    """Authors put the right answer first in almost every question; the page must not."""
    index = load_index(PROJECT_ROOT / "lessons")
    first = expected = variance = 0.0
    count = 0
    for lesson in index.default.lessons:
        for fieldset in extract(lesson.html, "fieldset", "quiz-question"):
            if 'data-type="single"' not in fieldset:
                continue
            inputs = re.findall(r"<input [^>]*>", fieldset)
            chance = 1 / len(inputs)
            first += "data-correct" in inputs[0]
            expected += chance
            variance += chance * (1 - chance)
            count += 1
    assert count >= 50, "the course should have plenty of single-answer questions"
    assert abs(first - expected) <= 3 * math.sqrt(variance), (first, expected, count)


def test_keys_given_twice_are_found_and_a_merge_key_is_not_taken_for_them(
    renderer: Renderer,
) -> None:
    """The keys are checked on the tree the quiz was read from, except after a merge key
    (``<<: *name``), whose reading copies the named keys into the tree."""
    body = """\
        ```quiz
        - question: Which one?
          type: single
          options:
            - &right
              text: "A"
              correct: true
              explain: Yes.
            - <<: *right
              text: "B"
              correct: false
              explain: No.
            - text: "C"
              explain: One.
              explain: Two.
        ```
        """
    messages = [d.message for d in render(renderer, body).diagnostics]
    twice = [message for message in messages if "is given twice" in message]
    assert twice == [
        "'explain' is given twice (first on line 18); YAML keeps only the last one, so delete "
        "one of them"
    ]
