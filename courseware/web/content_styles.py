"""Stylesheets for what few pages have (content tabs, the admonition kinds of MkDocs Material
and the Carpentries): a page links one only when its content has an element it styles.

They are the files of ``static/css/content/`` (the engine's and the course's own); what each
one styles is read from its selectors, so neither a new rule nor a new file needs a list kept
anywhere else.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask import current_app

from .urls import asset, inside_folder

#: Where they are, in a ``static/`` folder.
FOLDER = "css/content"

COMMENT = re.compile(r"/\*.*?\*/", re.S)
#: The selectors of a rule (what comes before its ``{``), at-rules left out.
#: (Each starts only after a delimiter, so a long run without one is read once, not once per
#: character: a course's stylesheet of 40,000 such characters took 16 s.)
PRELUDE = re.compile(r"(?<![^{};])([^{};]+)\{")
#: ``.a:is(.b, .c)`` (or ``:where``), one level deep: ``.a.b`` or ``.a.c``.
ALTERNATIVES = re.compile(r"(?<![^\s,>+~()])([^\s,>+~()]*):(?:is|where)\(([^()]*)\)")
#: What is inside other parentheses (``:nth-child(2)``, ``:not(.x)``): never the element.
PARENTHESES = re.compile(r"\([^()]*\)")
COMBINATOR = re.compile(r"[\s>+~]+")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')


def _expand(match: re.Match[str]) -> str:
    return ",".join(match[1] + choice.strip() for choice in match[2].split(","))


@cache
def _styled(file: Path, mtime_ns: int) -> frozenset[frozenset[str]]:
    """The sets of classes an element must have for some rule of ``file`` to style it (one
    set per compound selector that names classes: ``.admonition.hint`` gives one of two)."""
    text = COMMENT.sub("", file.read_text(encoding="utf-8"))
    found = set()
    for prelude in PRELUDE.findall(text):
        if prelude.strip().startswith("@"):
            continue
        prelude = ALTERNATIVES.sub(_expand, prelude)
        for compound in COMBINATOR.split(PARENTHESES.sub("", prelude.replace(",", " "))):
            classes = frozenset(CLASS.findall(compound))
            if classes:
                found.add(classes)
    return frozenset(found)


def _stylesheets() -> tuple[tuple[str, Path], ...]:
    """Each content stylesheet's name in ``static/`` and its file (the course's own first).

    Listed again only when a folder changes (every page asks: listing them each time cost a
    millisecond a page, a second of a 1,000-lesson build)."""
    folders = current_app.extensions["courseware_static"]
    return _listed(tuple((static, _changed(static / FOLDER)) for static in folders))


def _changed(folder: Path) -> int:
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return -1


@cache
def _listed(folders: tuple[tuple[Path, int], ...]) -> tuple[tuple[str, Path], ...]:
    found: dict[str, Path] = {}
    for static, _ in folders:
        for file in sorted((static / FOLDER).glob("*.css")):
            if inside_folder(file, static):  # a link out of the course is neither read nor served
                found.setdefault(f"{FOLDER}/{file.name}", file)
    return tuple(sorted(found.items()))


def content_styles(html: str | None) -> list[str]:
    """Links to the content stylesheets that style an element of ``html`` (every one for
    ``None``: a page whose content comes later, such as a printable chapter)."""
    if html is None:
        return [asset(name) for name, _ in _stylesheets()]
    elements = {frozenset(value.split()) for value in CLASS_ATTRIBUTE.findall(html)}
    present = frozenset().union(*elements)
    found = []
    for name, file in _stylesheets():
        by_class = _by_class(file, file.stat().st_mtime_ns)
        if any(
            classes <= element
            for first in present & by_class.keys()
            for classes in by_class[first]
            for element in elements
        ):
            found.append(asset(name))
    return found


@cache
def _by_class(file: Path, mtime_ns: int) -> dict[str, tuple[frozenset[str], ...]]:
    """:func:`_styled` by one class each set needs: a page is then compared only with the
    sets one of its classes can start (most pages have none of a stylesheet's classes), not
    with every set of every stylesheet, which was a tenth of the time of making a page."""
    found: dict[str, list[frozenset[str]]] = {}
    for classes in _styled(file, mtime_ns):
        found.setdefault(min(classes), []).append(classes)
    return {first: tuple(sets) for first, sets in found.items()}
