"""Finding and removing whole elements in rendered HTML, by their opening tag.

Rendered lessons are plain strings; pages such as the exercises handout or learner pages
(without instructor notes) need some of their elements, nested ones included.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def _tags(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){tag}\b[^>]*>")


def _has_class(opening_tag: str, css_class: str) -> bool:
    found = re.search(r'class="([^"]*)"', opening_tag)
    return bool(found) and css_class in found[1].split()


def spans(html: str, tag: str, css_class: str) -> list[tuple[int, int]]:
    """Start and end of every ``<tag class="... css_class ...">`` element, outermost only."""
    found = []
    depth = 0
    start = 0
    inside = False
    for match in _tags(tag).finditer(html):
        closing = bool(match[1])
        if not inside:
            if closing or not re.search(
                rf'class="(?:[^"]* )?{re.escape(css_class)}(?: [^"]*)?"', match[0]
            ):
                continue
            inside, depth, start = True, 1, match.start()
            continue
        depth += -1 if closing else 1
        if depth == 0:
            found.append((start, match.end()))
            inside = False
    return found


def extract(html: str, tag: str, css_class: str) -> list[str]:
    return [html[start:end] for start, end in spans(html, tag, css_class)]


def remove(html: str, tag: str, css_class: str) -> str:
    pieces = []
    position = 0
    for start, end in spans(html, tag, css_class):
        pieces.append(html[position:start])
        position = end
    pieces.append(html[position:])
    return "".join(pieces)


FOOTNOTE_ITEM = re.compile(r'<li id="fn:([^"]+)">')
FOOTNOTE_REF = re.compile(r'href="#fn:([^"]+)"')


def drop_orphan_footnotes(html: str) -> str:
    """Remove the footnotes whose references were removed with the text around them (an
    instructor note's footnote must go with the note); the list goes when it is empty."""
    if 'class="footnote"' not in html:
        return html
    referenced = set(FOOTNOTE_REF.findall(html))
    pieces, position = [], 0
    for match in FOOTNOTE_ITEM.finditer(html):
        if match[1] in referenced or match.start() < position:
            continue
        depth = 0
        for tag in _tags("li").finditer(html, match.start()):
            depth += -1 if tag[1] else 1
            if depth == 0:
                pieces.append(html[position : match.start()])
                position = tag.end()
                break
    pieces.append(html[position:])
    html = "".join(pieces)
    return html if FOOTNOTE_ITEM.search(html) else remove(html, "div", "footnote")


NAMED = re.compile(
    r'\b(id|for|name|aria-labelledby|aria-describedby|aria-controls)="([^"]+)"|href="#([^"]+)"'
)


def namespace_ids(html: str, prefix: str) -> str:
    """Prefix ids (and what refers to them) so several lessons can share one page."""

    def rename(match: re.Match[str]) -> str:
        if match[3] is not None:
            return f'href="#{prefix}{match[3]}"'
        values = " ".join(prefix + value for value in match[2].split())
        return f'{match[1]}="{values}"'

    return NAMED.sub(rename, html)
