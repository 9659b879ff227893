"""Give exercises, hints, solutions and instructor notes their own semantic HTML.

Runs on Python-Markdown's element tree after admonitions and ``???`` details were parsed:
``!!! exercise`` becomes a ``<section>`` that owns the hint and solution blocks nested in it
or directly following it; ``!!! instructor`` becomes an ``<aside>`` that the learner pages
leave out.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from markdown.treeprocessors import Treeprocessor

from ..model import Exercise
from ..paths import slugify
from .state import UsesState

if TYPE_CHECKING:
    from .state import StateOwner

HEADINGS = {f"h{level}": level for level in range(1, 7)}


def _classes(element: etree.Element) -> list[str]:
    return element.get("class", "").split()


def _take_title(element: etree.Element) -> str:
    """Remove the admonition's title paragraph and return its text."""
    for child in element:
        if child.tag == "p" and "admonition-title" in _classes(child):
            element.remove(child)
            return "".join(child.itertext()).strip()
    return ""


def _text(element: etree.Element) -> str:
    return "".join(element.itertext()).strip()


class BlocksTreeprocessor(UsesState, Treeprocessor):
    """Restructure exercise and instructor admonitions."""

    def __init__(self, md, owner: StateOwner) -> None:  # noqa: ANN001 - Markdown's type
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        self._ids: set[str] = set()
        self._walk(root, level=2)

    def _walk(self, parent: etree.Element, level: int) -> int:
        children = list(parent)
        index = 0
        while index < len(children):
            child = children[index]
            if child.tag in HEADINGS:
                level = HEADINGS[child.tag]
            classes = _classes(child)
            if child.tag == "div" and "admonition" in classes:
                if "exercise" in classes:
                    followers = self._followers(children, index + 1)
                    for follower in followers:
                        parent.remove(follower)
                        child.append(follower)
                    index += len(followers)
                    self._exercise(child, level)
                elif "instructor" in classes:
                    self._instructor(child)
                else:
                    child.set("role", "note")
                    self._walk(child, level)
            elif len(child):
                level = self._walk(child, level)
            index += 1
        return level

    @staticmethod
    def _followers(children: list[etree.Element], start: int) -> list[etree.Element]:
        """Hint and solution blocks written right after an exercise belong to it."""
        taken = []
        for sibling in children[start:]:
            if sibling.tag == "details" and {"hint", "solution"} & set(_classes(sibling)):
                taken.append(sibling)
            else:
                break
        return taken

    def _unique(self, base: str) -> str:
        candidate, number = base, 1
        while candidate in self._ids:
            number += 1
            candidate = f"{base}-{number}"
        self._ids.add(candidate)
        return candidate

    def _exercise(self, element: etree.Element, level: int) -> None:
        tr = self.state.tr
        exercise = tr("Exercise")
        title = _take_title(element) or exercise
        ident = self._unique("exercise-" + (slugify(title) or str(len(self.state.exercises) + 1)))
        element.tag = "section"
        element.set("class", "exercise")
        element.set("aria-labelledby", ident)
        heading = etree.Element(
            f"h{min(max(level + 1, 3), 6)}",
            {
                "class": "exercise-title",
                "id": ident,
                "data-toc-label": f"{tr('Exercise')}: {title}",
            },
        )
        label = etree.SubElement(heading, "span", {"class": "exercise-label"})
        label.text = tr("Exercise")
        label.tail = " " + title if title not in ("Exercise", tr("Exercise")) else ""
        element.insert(0, heading)
        hints = 0
        has_solution = False
        for details in element.iter("details"):
            classes = _classes(details)
            summary = details.find("summary")
            if "hint" in classes and summary is not None:
                hints += 1
                text = _text(summary)
                summary.clear()
                label = f"{tr('Hint')} {hints}"
                plain = text.lower() in ("hint", tr("Hint").lower(), label.lower())
                summary.text = label if plain else f"{label}: {text}"
            elif "solution" in classes:
                has_solution = True
                if summary is not None and _text(summary) == "Solution":
                    summary.text = tr("Solution")
        self.state.exercises.append(Exercise(ident, title, hints, has_solution))
        self._walk_inside(element, level)

    def _walk_inside(self, element: etree.Element, level: int) -> None:
        """The blocks inside an exercise, its hints and solutions included: an instructor
        note there is one too (and must leave the learner's page with the others)."""
        self._walk(element, level)

    def _instructor(self, element: etree.Element) -> None:
        title = _take_title(element)
        element.tag = "aside"
        element.set("class", "instructor-note")
        heading = etree.Element("p", {"class": "instructor-title"})
        heading.text = self.state.tr("Instructor note") + (
            f": {title}" if title and title.lower() != "instructor" else ""
        )
        element.insert(0, heading)
        self.state.instructor_notes += 1
