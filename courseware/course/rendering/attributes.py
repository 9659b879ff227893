"""Pandoc's attributes as lessons written for Pandoc use them: bracketed spans
``[absolute path]{#absolute-path}`` (an anchor links can point to) and attributes after an
image that run over several lines, ``![](fig.svg){alt='A long
description'}``.

Only an id, classes, ``lang`` and ``title`` are kept on a span; any other attribute is dropped,
and the sanitiser checks what is left like everything else on the page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

#: ``[text]{#id .class key=value}``, not a link's ``[text](...)``, an image's ``![...]`` nor
#: code-like text such as ``a[0]{1}``.
SPAN = (
    r"(?<![!\]\\\w])\[(?P<text>[^\[\]]*)\]"
    r"\{(?P<attrs>[ \t]*(?:[#.]|[A-Za-z][\w-]*=)[^{}\n]*)\}"
)
TOKEN = re.compile(
    r"""#(?P<id>[A-Za-z][\w:.-]*)|\.(?P<cls>-?[A-Za-z_][\w-]*)"""
    r"""|(?P<key>[A-Za-z][\w-]*)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"']+))"""
    r"""|(?P<other>\S+)"""
)
#: Keys kept on a span; Pandoc's others (``custom-style``, ``data-x``) mean nothing here.
SPAN_KEYS = frozenset({"lang", "title"})
#: An attribute list that opens at the start of an image's tail and has not closed by the
#: end of the line.
MULTILINE_ATTRS = re.compile(r"^\{:?[^{}]*\n[^{}]*\}", re.S)


def parse_attributes(text: str) -> tuple[str, list[str], dict[str, str]]:
    """The id, the classes and the ``key=value`` pairs of ``{#id .class key=value}``."""
    ident, classes, pairs = "", [], {}
    for match in TOKEN.finditer(text):
        if match["id"]:
            ident = match["id"]
        elif match["cls"]:
            classes.append(match["cls"])
        elif match["key"]:
            value = match["dq"] if match["dq"] is not None else match["sq"]
            pairs[match["key"].lower()] = value if value is not None else match["bare"]
    return ident, classes, pairs


class BracketedSpanProcessor(InlineProcessor):
    """``[text]{#id .class}`` → ``<span id="id" class="class">text</span>``."""

    def __init__(self) -> None:
        super().__init__(SPAN)

    def handleMatch(self, m, data):  # noqa: ANN001, ANN201, N802 - Markdown's API
        ident, classes, pairs = parse_attributes(m["attrs"])
        span = etree.Element("span")
        if ident:
            span.set("id", ident)
        if classes:
            span.set("class", " ".join(classes))
        for key in sorted(SPAN_KEYS & pairs.keys()):
            span.set(key, pairs[key])
        span.text = m["text"]
        return span, m.start(0), m.end(0)


class MultilineAttributes(Treeprocessor):
    """Put an image's attribute list back together, so ``attr_list`` reads it.

    Runs just before ``attr_list``, which reads ``{...}`` only on one line and only as plain
    text: here the lines are joined, and markup inside the quotes (``alt='the `ls` command'``,
    which became a ``<code>``) is turned back into its text.
    """

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for image in [child for child in parent if child.tag == "img"]:
                tail = image.tail or ""
                if tail.startswith("{") and "}" not in tail:
                    image.tail = tail = tail + self._absorb(parent, image)
                if tail.startswith("{") and (match := MULTILINE_ATTRS.match(tail)):
                    image.tail = match[0].replace("\n", " ") + tail[match.end() :]

    @staticmethod
    def _absorb(parent: etree.Element, image: etree.Element) -> str:
        """The text of the elements after ``image`` up to the one whose tail closes the
        attribute list; those elements are removed."""
        children = list(parent)
        following = children[children.index(image) + 1 :]
        closing = next(
            (index for index, child in enumerate(following) if "}" in (child.tail or "")), None
        )
        if closing is None:
            return ""
        taken = following[: closing + 1]
        if any("{" in "".join(child.itertext()) for child in taken):
            return ""
        text = []
        for child in taken:
            marks = "`" if child.tag == "code" else ""
            text.append(marks + "".join(child.itertext()) + marks + (child.tail or ""))
            parent.remove(child)
        return "".join(text)
