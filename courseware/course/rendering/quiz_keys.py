"""Keys of a quiz's questions and options that no one reads: a typo (``explanation:``) or a
key given twice. Kept apart from :mod:`.quiz`, which turns the questions into a form."""

from __future__ import annotations

import yaml

from ..frontmatter import _Loader
from ..keys import KeyProblem, duplicate_problems, key_problems

QUESTION_KEYS = ("question", "type", "options")
OPTION_KEYS = ("text", "correct", "explain")


def quiz_key_problems(
    text: str, first_line: int, node: yaml.Node | None = None
) -> list[KeyProblem]:
    """Unknown and duplicated keys in a quiz body; lines are 0-based in ``text``, which
    starts on the file's line ``first_line``. ``node`` is the body's YAML tree if it has been
    parsed already (not after a merge key, ``<<``, whose reading rewrites the tree).

    Invalid YAML gives nothing here: the quiz parser reports it.
    """
    if node is None or "<<" in text:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            return []
        finally:
            loader.dispose()
    problems = duplicate_problems(node, first_line)
    if not isinstance(node, yaml.SequenceNode):
        return problems
    for question in node.value:
        problems.extend(key_problems(question, QUESTION_KEYS, "a quiz question"))
        if not isinstance(question, yaml.MappingNode):
            continue
        for key, value in question.value:
            if key.value == "options" and isinstance(value, yaml.SequenceNode):
                for option in value.value:
                    problems.extend(key_problems(option, OPTION_KEYS, "a quiz option"))
    return sorted(problems, key=lambda problem: (problem.line, problem.column))
