"""```` ```quiz ```` blocks: YAML questions turned into an accessible form.

The form works without JavaScript (answers behind a disclosure); ``static/js/quiz.js``
checks the answers in the browser from the ``data-correct`` attributes, one question or the
whole quiz at a time, and shows the explanations. Options are shown in a shuffled order
(see :mod:`.shuffle`) so their position never gives the answer away.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape, unescape

import yaml

from ..frontmatter import load_yaml, yaml_error_position
from .shuffle import arrangement

TYPES = ("single", "multiple")


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    explain: str
    #: keeps its place when the options are shuffled ("All of the above")
    fixed: bool = False


@dataclass(frozen=True)
class Question:
    text: str
    type: str
    options: tuple[Option, ...]
    #: ``False`` shows the options in the authored order (options that count up, say)
    shuffle: bool = True


@dataclass(frozen=True)
class Problem:
    line: int  #: line in the file
    message: str
    warning: bool = False


def _compose(text: str) -> tuple[object, yaml.Node | None]:
    return load_yaml(text)  # guarded against alias bombs, like every YAML file


def _line(node: yaml.Node | None, first_line: int) -> int:
    return first_line + node.start_mark.line if node is not None else first_line


def _value_nodes(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): value for key, value in node.value}


def parse_quiz(text: str, first_line: int) -> tuple[tuple[Question, ...], list[Problem]]:
    """Parse a quiz body; ``first_line`` is the file line of the body's first line."""
    questions, problems, _ = parse_quiz_tree(text, first_line)
    return questions, problems


def parse_quiz_tree(
    text: str, first_line: int
) -> tuple[tuple[Question, ...], list[Problem], yaml.Node | None]:
    """:func:`parse_quiz`, with the YAML node tree the questions came from (``None`` when the
    quiz is not valid YAML), so that its keys are checked without parsing it again."""
    try:
        data, node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        line, message = yaml_error_position(exc, text)
        return (), [Problem(first_line + line, f"quiz is not valid YAML: {message}")], None
    except yaml.YAMLError as exc:
        return (), [Problem(first_line, f"quiz is not valid YAML: {exc}")], None
    if not isinstance(data, list) or not data:
        message = "a quiz must be a YAML list of questions ('- question: ...')"
        return (), [Problem(first_line - 1, message)], node
    problems: list[Problem] = []
    questions = []
    item_nodes = node.value if isinstance(node, yaml.SequenceNode) else []
    for number, (item, item_node) in enumerate(zip(data, item_nodes, strict=False), start=1):
        question = _question(number, item, item_node, first_line, problems)
        if question:
            questions.append(question)
    return tuple(questions), problems, node


def _question(
    number: int, item: object, node: yaml.Node, first_line: int, problems: list[Problem]
) -> Question | None:
    line = _line(node, first_line)
    where = f"quiz question {number}"
    if not isinstance(item, dict):
        problems.append(
            Problem(line, f"{where} must be a mapping with 'question', 'type' and 'options'")
        )
        return None
    nodes = _value_nodes(node)
    text = item.get("question")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(line, f"{where} has no 'question' text"))
        text = ""
    kind = item.get("type", "single")
    if kind not in TYPES:
        problems.append(
            Problem(
                _line(nodes.get("type"), first_line),
                f"{where} has type {kind!r}; use 'single' or 'multiple'",
            )
        )
        kind = "single"
    shuffle = item.get("shuffle", True)
    if not isinstance(shuffle, bool):
        problems.append(
            Problem(
                _line(nodes.get("shuffle"), first_line),
                f"{where}: 'shuffle' must be true or false",
            )
        )
        shuffle = True
    raw_options = item.get("options")
    if not isinstance(raw_options, list) or not raw_options:
        problems.append(
            Problem(_line(nodes.get("options", node), first_line), f"{where} has no options")
        )
        return None
    option_nodes = (
        nodes["options"].value if isinstance(nodes.get("options"), yaml.SequenceNode) else []
    )
    options = []
    seen: set[str] = set()
    for index, (raw, option_node) in enumerate(
        zip(raw_options, option_nodes, strict=False), start=1
    ):
        option_line = _line(option_node, first_line)
        if isinstance(raw, str):
            raw = {"text": raw, "correct": False}
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str | int | float):
            problems.append(Problem(option_line, f"{where}, option {index} needs a 'text'"))
            continue
        option_text = str(raw["text"])
        correct = raw.get("correct", False)
        if not isinstance(correct, bool):
            problems.append(
                Problem(option_line, f"{where}, option {index}: 'correct' must be true or false")
            )
            correct = False
        fixed = raw.get("fixed", False)
        if not isinstance(fixed, bool):
            problems.append(
                Problem(option_line, f"{where}, option {index}: 'fixed' must be true or false")
            )
            fixed = False
        if option_text.strip() in seen:
            problems.append(Problem(option_line, f"{where} lists the option {option_text!r} twice"))
        seen.add(option_text.strip())
        explain = raw.get("explain", "")
        if not isinstance(explain, str) or not explain.strip():
            problems.append(
                Problem(
                    option_line,
                    f"{where}, option {index} has no 'explain'; tell learners why",
                    True,
                )
            )
            explain = "" if not isinstance(explain, str) else explain
        options.append(Option(option_text, correct, explain, fixed))
    correct_count = sum(option.correct for option in options)
    if options and correct_count == 0:
        problems.append(Problem(line, f"{where} has no correct option"))
    elif kind == "single" and correct_count > 1:
        problems.append(
            Problem(
                line,
                f"{where} is 'single' but has {correct_count} correct options; "
                "mark one, or make it 'type: multiple'",
            )
        )
    return Question(text, kind, tuple(options), shuffle)


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def shown_order(question: Question, seed: str) -> tuple[int, ...]:
    """The order a question's options are shown in (indexes into ``question.options``)."""
    if not question.shuffle:
        return tuple(range(len(question.options)))
    return arrangement([option.fixed for option in question.options], f"{seed}\0{question.text}")


def quiz_html(
    questions: tuple[Question, ...],
    number: int,
    inline: Callable[[str], str],
    tr: Callable[[str], str] = str,
    seed: str = "",
) -> str:
    """The form for a quiz; ``number`` makes its ids unique in the page.

    ``seed`` (the lesson's path) and each question's text choose the order of its options,
    so every build shows the same order. Each question carries its answer in a disclosure
    (readable without JavaScript); the script shows an option's explanation from there when
    the learner checks the answers, and shuffles the options again for each learner. The
    buttons that check answers do nothing without it, so the script adds them (quiz.js).
    """
    prefix = f"q{number}"
    title, answer = tr("Quiz"), tr("Answer")
    parts = [
        f'<form class="quiz" data-quiz="{number}" aria-labelledby="{prefix}" novalidate>',
        f'<p class="quiz-title" id="{prefix}">{title}</p>',
    ]
    for q_index, question in enumerate(questions, start=1):
        qid = f"{prefix}-{q_index}"
        input_type = "radio" if question.type == "single" else "checkbox"
        how = (
            tr("Choose one answer.") if question.type == "single" else tr("Choose all that apply.")
        )
        in_order = "" if question.shuffle else ' data-shuffle="false"'
        parts.append(
            f'<fieldset class="quiz-question" data-type="{question.type}" data-question="{qid}"'
            f' data-number="{q_index}"{in_order}>'
            f'<legend><span class="quiz-number">{q_index}.</span> {inline(question.text)}'
            f' <span class="quiz-how">{how}</span></legend><div class="quiz-options">'
        )
        answers = []
        for o_index, source in enumerate(shown_order(question, seed)):
            option = question.options[source]
            oid = f"{qid}-{o_index}"
            letter = LETTERS[o_index % len(LETTERS)]
            parts.append(
                f'<div class="quiz-option"{" data-fixed" if option.fixed else ""}>'
                f'<input type="{input_type}" id="{oid}" name="{qid}"'
                f"{' data-correct' if option.correct else ''}>"
                f'<label for="{oid}">{inline(option.text)}</label></div>'
            )
            verdict = tr("Correct") if option.correct else tr("Incorrect")
            explain = (
                f' <span class="quiz-why">{inline(option.explain)}</span>' if option.explain else ""
            )
            answers.append(
                f'<li class="is-{"correct" if option.correct else "wrong"}">'
                f'<strong><span class="quiz-letter">{letter}</span>: {verdict}.</strong>'
                f"{explain}</li>"
            )
        parts.append(
            f'</div><details class="quiz-answer"><summary>{answer}</summary>'
            f"<ul>{''.join(answers)}</ul></details></fieldset>"
        )
    parts.append("</form>")
    return "".join(parts)


#: A heading followed at once by a quiz form and that form's own title.
_HEADED_QUIZ = re.compile(
    r'(<h([2-6])\b[^>]*>((?:(?!</h[1-6]>).)*)</h\2>\s*)<form class="quiz" data-quiz="(\d+)" '
    r'aria-labelledby="q\4" novalidate><p class="quiz-title" id="q\4">[^<]*</p>',
    re.S,
)


def merge_titles(html: str) -> str:
    """Drop the "Quiz" title of quizzes that come right after a heading: one title is enough.

    The form is then named after that heading, for screen readers' list of forms.
    """

    def merge(match: re.Match[str]) -> str:
        name = escape(unescape(re.sub(r"<[^>]+>", "", match[3])).strip())
        opening = f'<form class="quiz" data-quiz="{match[4]}" aria-label="{name}" novalidate>'
        return match[1] + opening

    return _HEADED_QUIZ.sub(merge, html) if "quiz-title" in html else html


def plain(text: str) -> str:
    """Escape text for HTML; used when no Markdown renderer is at hand."""
    return escape(text)


def quiz_shape(questions: tuple[Question, ...]) -> str:
    """What a translated quiz must keep: the types, the options, which are correct, and
    which keep their place (``*`` after a fixed option, ``=`` for a question not shuffled).
    """
    return "|".join(
        f"{q.type}{'' if q.shuffle else '='}:"
        + "".join(("T" if o.correct else "F") + ("*" if o.fixed else "") for o in q.options)
        for q in questions
    )


def position_problems(shapes: Sequence[tuple[int, str]]) -> list[Problem]:
    """A warning when the right answer of every single-answer question of a lesson is at
    the same position in the source: readers of the source, and questions that are not
    shuffled, would learn to pick that position.

    ``shapes`` are a lesson's quizzes as (fence line, :func:`quiz_shape`).
    """
    positions = []
    for _, shape in shapes:
        for question in filter(None, shape.split("|")):
            kind, _, options = question.partition(":")
            marks = re.findall(r"[TF]\*?", options)
            if kind.startswith("single") and len(marks) > 1 and "".join(marks).count("T") == 1:
                positions.append(next(i for i, mark in enumerate(marks) if mark[0] == "T"))
    if len(positions) < 2 or len(set(positions)) > 1:
        return []
    return [
        Problem(
            shapes[0][0],
            f"the correct option is option {positions[0] + 1} in "
            f"{'both' if len(positions) == 2 else f'all {len(positions)}'} single-answer quiz "
            "questions of this lesson; move it in some of them so that its position does not "
            "give the answer away",
            warning=True,
        )
    ]
