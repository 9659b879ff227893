"""```` ```quiz ```` blocks: YAML questions turned into an accessible form.

The form works without JavaScript (answers behind a disclosure); ``static/js`` checks the
answers in the browser from the ``data-correct`` attributes and shows each option's
explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import yaml

from ..frontmatter import load_yaml, yaml_error_position

TYPES = ("single", "multiple")


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    explain: str


@dataclass(frozen=True)
class Question:
    text: str
    type: str
    options: tuple[Option, ...]


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
    try:
        data, node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        line, message = yaml_error_position(exc, text)
        return (), [Problem(first_line + line, f"quiz is not valid YAML: {message}")]
    except yaml.YAMLError as exc:
        return (), [Problem(first_line, f"quiz is not valid YAML: {exc}")]
    if not isinstance(data, list) or not data:
        return (), [
            Problem(first_line - 1, "a quiz must be a YAML list of questions ('- question: ...')")
        ]
    problems: list[Problem] = []
    questions = []
    item_nodes = node.value if isinstance(node, yaml.SequenceNode) else []
    for number, (item, item_node) in enumerate(zip(data, item_nodes, strict=False), start=1):
        question = _question(number, item, item_node, first_line, problems)
        if question:
            questions.append(question)
    return tuple(questions), problems


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
        options.append(Option(option_text, correct, explain))
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
    return Question(text, kind, tuple(options))


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def quiz_html(
    questions: tuple[Question, ...],
    number: int,
    inline: Callable[[str], str],
    tr: Callable[[str], str] = str,
) -> str:
    """The form for a quiz; ``number`` makes its ids unique in the page.

    Each question carries its answer in a disclosure (readable without JavaScript); the
    script shows an option's explanation from there when the learner checks the answers.
    """
    prefix = f"q{number}"
    title, answer = tr("Quiz"), tr("Answer")
    check, again = tr("Check answers"), tr("Try again")
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
        parts.append(
            f'<fieldset class="quiz-question" data-type="{question.type}">'
            f"<legend>{q_index}. {inline(question.text)}"
            f' <span class="quiz-how">{how}</span></legend>'
        )
        answers = []
        for o_index, option in enumerate(question.options):
            oid = f"{qid}-{o_index}"
            letter = LETTERS[o_index % len(LETTERS)]
            parts.append(
                f'<div class="quiz-option"><input type="{input_type}" id="{oid}" name="{qid}"'
                f"{' data-correct' if option.correct else ''}>"
                f'<label for="{oid}">{inline(option.text)}</label></div>'
            )
            verdict = tr("Correct") if option.correct else tr("Incorrect")
            explain = f" {inline(option.explain)}" if option.explain else ""
            answers.append(
                f'<li class="is-{"correct" if option.correct else "wrong"}">'
                f"<strong>{letter}: {verdict}.</strong>{explain}</li>"
            )
        parts.append(
            f'<details class="quiz-answer"><summary>{answer}</summary>'
            f"<ul>{''.join(answers)}</ul>"
            '</details><p class="quiz-feedback" aria-live="polite"></p></fieldset>'
        )
    parts.append(
        '<div class="quiz-actions" hidden>'
        f'<button type="submit" class="button">{check}</button>'
        f'<button type="reset" class="button button-secondary">{again}</button>'
        '<p class="quiz-score" role="status"></p></div></form>'
    )
    return "".join(parts)


def plain(text: str) -> str:
    """Escape text for HTML; used when no Markdown renderer is at hand."""
    return escape(text)


def quiz_shape(questions: tuple[Question, ...]) -> str:
    """What a translated quiz must keep: the types, the options and which are correct."""
    return "|".join(
        f"{q.type}:" + "".join("T" if option.correct else "F" for option in q.options)
        for q in questions
    )
