"""Keys of YAML mappings: unknown ones (with a did-you-mean) and keys given twice.

YAML silently keeps the last of two equal keys and our readers silently ignore a key they do
not know, so ``sumary:`` or a second ``title:`` would never reach the page without a word.
Pure functions over PyYAML nodes; no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import yaml

from ..errors import ContentError

#: Keys starting with these belong to the author (notes, tooling) and are never reported.
OWN_KEY_PREFIXES = ("x-", "x_")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` (a typo of it), or ``None``."""
    choices = list(choices)
    lowered = {choice.lower(): choice for choice in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[found[0]] if found else None


def unknown_key_message(key: str, known: Iterable[str], where: str) -> str:
    """Say that ``key`` means nothing in ``where`` and what the author probably meant."""
    known = sorted(known)
    guess = did_you_mean(key, known)
    if guess is not None:
        return f"unknown key '{key}' in {where}: did you mean '{guess}'?"
    return (
        f"unknown key '{key}' in {where} is ignored; the keys are {', '.join(known)} "
        "(start a key of your own with 'x-' to keep it quietly)"
    )


def is_own_key(key: str) -> bool:
    return key.startswith(OWN_KEY_PREFIXES)


@dataclass(frozen=True)
class KeyAt:
    """A key of a mapping node and where it is (0-based line and column in the YAML text)."""

    key: str
    line: int
    column: int


def keys_of(node: yaml.Node | None) -> list[KeyAt]:
    """The keys of a mapping node, in order, duplicates included."""
    if not isinstance(node, yaml.MappingNode):
        return []
    return [
        KeyAt(str(key.value), key.start_mark.line, key.start_mark.column)
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    ]


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    line: int  #: 0-based line of the second occurrence
    column: int  #: 0-based
    first_line: int  #: 0-based line of the first occurrence


def _mappings(node: yaml.Node | None) -> Iterator[yaml.MappingNode]:
    """Every mapping node under ``node``, each once (an alias repeats a node: not its keys)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            yield current
            for key, value in reversed(current.value):
                stack.extend((value, key))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))


def duplicate_keys(node: yaml.Node | None) -> list[DuplicateKey]:
    """Every key given twice in the same mapping, anywhere in the document."""
    found = []
    for mapping in _mappings(node):
        first: dict[str, int] = {}
        for item in keys_of(mapping):
            if item.key in first:
                found.append(DuplicateKey(item.key, item.line, item.column, first[item.key]))
            else:
                first[item.key] = item.line
    return sorted(found, key=lambda duplicate: (duplicate.line, duplicate.column))


def duplicate_key_message(key: str, first_line: int) -> str:
    return (
        f"'{key}' is given twice (first on line {first_line}); YAML keeps only the last one, "
        "so delete one of them"
    )


def check_duplicate_keys(node: yaml.Node | None, path: str, first_line: int) -> None:
    """Raise a :class:`ContentError` for the first key given twice in a YAML document.

    ``first_line`` is the file line on which the YAML text starts (2 in front matter).
    """
    for duplicate in duplicate_keys(node):
        raise ContentError(
            path,
            first_line + duplicate.line,
            duplicate_key_message(duplicate.key, first_line + duplicate.first_line),
            duplicate.column + 1,
        )


@dataclass(frozen=True)
class KeyProblem:
    """A key to report: 0-based line and column in the YAML text, and whether it only warns."""

    line: int
    column: int
    message: str
    warning: bool


def key_problems(node: yaml.Node | None, known: Iterable[str], where: str) -> list[KeyProblem]:
    """Unknown keys of one mapping node (warnings)."""
    known = list(known)
    return [
        KeyProblem(item.line, item.column + 1, unknown_key_message(item.key, known, where), True)
        for item in keys_of(node)
        if item.key not in known and not is_own_key(item.key)
    ]


def duplicate_problems(node: yaml.Node | None, first_line: int = 1) -> list[KeyProblem]:
    """Keys given twice anywhere under ``node`` (errors); lines are 0-based in the text, and
    ``first_line`` is the file line the text starts on, for the messages."""
    return [
        KeyProblem(
            duplicate.line,
            duplicate.column + 1,
            duplicate_key_message(duplicate.key, first_line + duplicate.first_line),
            False,
        )
        for duplicate in duplicate_keys(node)
    ]
