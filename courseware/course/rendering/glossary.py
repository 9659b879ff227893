"""``[[term]]`` and ``[[term|shown text]]``: links from a lesson to the course glossary."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from markdown.inlinepatterns import InlineProcessor

from ..model import PAGE_END, ROOT
from ..paths import slugify
from .state import UsesState

if TYPE_CHECKING:
    from .state import StateOwner

#: Not followed by ``(`` or ``[``: ``[[1]](notes.md)`` is a link whose text is ``[1]``.
GLOSSARY_LINK = r"\[\[([^\]|\n]+?)(?:\|([^\]\n]+?))?\]\](?![(\[])"


def term_anchor(term: str) -> str:
    """The anchor of a glossary entry: ``"Jinja2"`` → ``"term-jinja2"``."""
    return "term-" + (slugify(term) or "entry")


class GlossaryLinkProcessor(UsesState, InlineProcessor):
    def __init__(self, owner: StateOwner) -> None:
        super().__init__(GLOSSARY_LINK)
        self.owner = owner

    def handleMatch(self, m, data):  # noqa: ANN001, ANN201, N802 - Markdown's API
        term = m.group(1).strip()
        shown = (m.group(2) or term).strip()
        self.state.glossary_refs.append(term)
        link = etree.Element("a", {"class": "glossary-link"})
        link.set("href", f"{ROOT}{self.state.lang_prefix}glossary/{PAGE_END}#{term_anchor(term)}")
        link.text = shown
        return link, m.start(0), m.end(0)
