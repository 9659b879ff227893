"""Raw HTML blocks inside a block (an admonition, a list item, a tab): kept as HTML.

Python-Markdown sets raw HTML blocks aside before it parses anything, and only those that
start at the left margin. One indented into an exercise or a list item is read as a paragraph,
whose block tags the policy then shows as text (``<table>`` on the page). This block processor
does for them what the preprocessor does at the top: the whole element, up to its closing tag,
is cleaned on its own with the author's allow-list and set aside.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor

from .embeds import check_raw
from .sanitise import clean_block
from .scan import code_lines
from .state import UsesState

if TYPE_CHECKING:
    from markdown.blockparser import BlockParser

    from .state import StateOwner

#: Elements that start a raw HTML block (the rest of a paragraph's tags are inline).
BLOCK_TAGS = (
    "address|article|aside|blockquote|center|details|dialog|div|dl|fieldset|figure|footer|"
    "form|header|hr|iframe|ol|p|picture|pre|section|table|ul|video|audio"
)
START = re.compile(rf"^ {{0,3}}<(?P<tag>{BLOCK_TAGS})(?=[\s/>])", re.I)


class IndentedHtmlProcessor(UsesState, BlockProcessor):
    """An HTML element that opens a block inside another block: set aside, cleaned."""

    def __init__(self, parser: BlockParser, owner: StateOwner) -> None:
        super().__init__(parser)
        self.owner = owner

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(START.match(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        tag = START.match(blocks[0])["tag"].lower()
        opening = re.compile(rf"<{tag}(?=[\s/>])", re.I)
        closing = re.compile(rf"</{tag}\s*>", re.I)
        taken: list[str] = []
        depth = 0
        while blocks:
            block = blocks.pop(0)
            taken.append(block)
            depth += len(opening.findall(block)) - len(closing.findall(block))
            if depth <= 0 or tag == "hr":
                break
        raw = "\n\n".join(taken).strip()
        check_raw(self.state, raw)
        if not self.state.trusted_html:
            raw = clean_block(raw, self.state.embeds).strip() or "<!---->"
        placeholder = etree.SubElement(parent, "p")
        placeholder.text = self.parser.md.htmlStash.store(raw)
        return True


INDENTED_START = re.compile(rf"^(?P<indent>[ \t]+)<(?P<tag>{BLOCK_TAGS})(?=[\s/>])", re.I)
#: What fills a blank line inside an indented HTML element (an empty comment, which the
#: cleaner removes): Markdown splits its blocks at blank lines, and a block processor sees
#: one block of an admonition's content at a time.
FILLER = "<!---->"


class JoinIndentedHtml(Preprocessor):
    """Blank lines inside an indented HTML element filled, so it reaches the parser whole."""

    def run(self, lines: list[str]) -> list[str]:
        out = list(lines)
        code = code_lines(lines)
        index = 0
        while index < len(lines):
            match = INDENTED_START.match(lines[index]) if index not in code else None
            if not match or (index and lines[index - 1].strip()):
                index += 1
                continue
            indent, tag = match["indent"], match["tag"].lower()
            opening = re.compile(rf"<{tag}(?=[\s/>])", re.I)
            closing = re.compile(rf"</{tag}\s*>", re.I)
            depth, end = 0, index
            while end < len(lines):
                line = lines[end]
                if line.strip() and not line.startswith(indent):
                    break  # the block the element sits in has ended
                depth += len(opening.findall(line)) - len(closing.findall(line))
                if depth <= 0:
                    break
                end += 1
            if end < len(lines) and depth <= 0:
                for number in range(index, end):
                    if not lines[number].strip():
                        out[number] = indent + FILLER
            index = end + 1
        return out
