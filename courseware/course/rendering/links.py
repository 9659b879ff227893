"""Rewrite links written as paths to Markdown files into page links, and gather page text.

Links are made relative to the site root through the ``ROOT`` placeholder, which each page
replaces with its own way back to the root (``../../``, ``/flask-course/``, ...). So one
rendering serves the live server, a static site under any sub-path and an offline copy.
"""

from __future__ import annotations

import html
import mimetypes
import posixpath
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from ..frontmatter import MAX_FILE_BYTES
from ..model import PAGE_END, ROOT, Link, Section
from ..paths import TRANSLATIONS, page_path
from .embeds import check_source
from .state import UsesState

if TYPE_CHECKING:
    from .state import StateOwner

PLACEHOLDER = re.compile("\x02wzxhzdk:\\d+\x03")
SPACES = re.compile(r"\s+")
#: Elements that sit inside a line of text (their text joins the words around them)
INLINE = frozenset(
    "a abbr b bdi bdo br cite code del dfn em i ins kbd mark q s samp small span strong sub sup "
    "time u var".split()
)


#: Files a browser runs when they are opened: published from lessons/ they would be pages of
#: the course's own origin. The live server sends them as downloads; the checker refuses links.
ACTIVE_SUFFIXES = (
    ".html", ".htm", ".shtml", ".xhtml", ".xht", ".js", ".mjs", ".svg", ".svgz", ".xml", ".xsl",
    ".xslt", ".xsd", ".atom", ".rss", ".rdf", ".gpx", ".mht", ".mhtml",
)  # fmt: skip
#: Kinds of file a browser shows as a document that may run scripts (besides ``*+xml``).
ACTIVE_TYPES = frozenset({"text/html", "text/xml", "application/xml", "text/xsl"})


def active_file(name: str) -> bool:
    """Whether a static host would serve ``name`` as something a browser runs: a page, a
    script, any XML document (an XHTML ``<script>`` runs in every one of them)."""
    lowered = name.lower()
    if lowered.endswith(ACTIVE_SUFFIXES):
        return True
    kind, _ = mimetypes.guess_type(lowered, strict=False)
    return kind is not None and (
        kind in ACTIVE_TYPES or kind.endswith("+xml") or "javascript" in kind
    )


#: A ``<foreignObject>`` alone is not active: diagram tools (Mermaid, draw.io) put their labels
#: in one as ``<div>``s and ``<span>``s. What could act inside it (a script, a frame, a form, a
#: redirecting ``<meta>``, a ``<base>``) is refused wherever it is.
ACTIVE_SVG = re.compile(
    rb"<script|<iframe|<frame\b|<embed|<object|<portal|<form\b|<meta\b|<base\b|<link\b"
    rb"|javascript:|\son[a-z]+\s*=",
    re.IGNORECASE,
)


#: A character of an e-mail autolink's address as Python-Markdown writes it: ``&#109;``
#: with its ampersand held as a placeholder until the page is serialised.
OBFUSCATED = re.compile(re.escape(AMP_SUBSTITUTE) + r"#(\d+);")


def _drop_dangling_backrefs(root: etree.Element) -> None:
    """A footnote's "back" link to a reference that is not on the page goes.

    The reference may sit in raw HTML (a ``<figcaption>``), where Markdown never reads it;
    the back link would lead nowhere, and the author never wrote it.
    """
    backrefs = [
        (parent, child)
        for parent in root.iter()
        for child in parent
        if child.tag == "a" and "footnote-backref" in (child.get("class") or "").split()
    ]
    if not backrefs:
        return
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for parent, link in backrefs:
        if (link.get("href") or "").removeprefix("#") not in ids:
            index = list(parent).index(link)
            if link.tail:  # keep the text after it
                if index:
                    previous = parent[index - 1]
                    previous.tail = (previous.tail or "") + link.tail
                else:
                    parent.text = (parent.text or "") + link.tail
            parent.remove(link)


def _active_svg(file: Path) -> bool:
    """Whether an SVG file has anything that would run when it is opened as a page."""
    try:
        with file.open("rb") as handle:
            return bool(ACTIVE_SVG.search(handle.read(MAX_FILE_BYTES)))
    except OSError:
        return False  # the checker reports a missing file


def resolve_link(lesson_relpath: str, target: str) -> str:
    """A link's path under lessons/: relative to the lesson, or, when it starts with '/',
    to the top of the course (lessons/, or the translation's folder)."""
    if target.startswith("/"):
        parts = lesson_relpath.split("/")
        base = "/".join(parts[:2]) if parts[0] == TRANSLATIONS and len(parts) > 2 else ""
        return posixpath.normpath(posixpath.join(base, unquote(target).lstrip("/")))
    base = posixpath.dirname(lesson_relpath)
    return posixpath.normpath(posixpath.join(base, unquote(target)))


def asset_path(lessons_dir: Path, resolved: str) -> str:
    """Translations may use the original's images and files."""
    original = translated_original(resolved)
    if original and not (lessons_dir / resolved).exists() and (lessons_dir / original).exists():
        return original
    return resolved


def translated_original(resolved: str) -> str:
    """The original's path of a path under a translation's folder ("" for any other)."""
    parts = resolved.split("/")
    return "/".join(parts[2:]) if len(parts) > 2 and parts[0] == TRANSLATIONS else ""


#: Where a lesson's text may give a link's target: a Markdown link or image (``](<a b.png>)``,
#: ``](a.png "title")``), a reference's definition (``[id]: a.png``), an HTML attribute
TARGET = re.compile(
    r"\]\(\s*<(?P<angled>[^<>\n]+)>"
    r"|\]\(\s*(?P<inline>[^\s<>()]+(?:\([^\s<>()]*\)[^\s<>()]*)*)"
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?P<reference>[^\s<>]+)"
    r"|\b(?:src|href)[ \t]*=[ \t]*[\"']?(?P<attribute>[^\s\"'<>]+)",
    re.MULTILINE | re.IGNORECASE,
)
SVG = re.compile(r"\.svg", re.IGNORECASE)
SCHEME = re.compile(r"^[a-zA-Z][\w+.-]*:")


def looked_at_assets(lessons_dir: Path, lesson_relpath: str, body: str) -> list[tuple[Path, bool]]:
    """The files whose presence (``False``) or content (``True``) rendering a lesson's links
    depends on beyond its text, so that its render-cache key can include them: for a
    translation, whether it has its own copy of each image or file it links to, or uses the
    original's; for any lesson, what is in the SVG images it shows (one with a script is
    refused).

    The lesson's text is not parsed: every place that may hold a link's target is looked at,
    which finds a few that do not (in code blocks: a ``stat`` each) and misses no link.
    """
    translated = bool(translated_original(lesson_relpath))
    if not translated and not SVG.search(body):
        return []
    found: dict[Path, bool] = {}
    for match in TARGET.finditer(body):
        target = match[match.lastgroup or 0].split("#", 1)[0].split("?", 1)[0].strip()
        lowered = target.lower()
        if not target or SCHEME.match(target) or lowered.endswith(".md"):
            continue
        if not translated and not lowered.endswith(".svg"):
            continue
        resolved = resolve_link(lesson_relpath, target)
        if resolved == ".." or resolved.startswith("../"):
            continue
        original = translated_original(resolved)
        if original:
            found.setdefault(lessons_dir / resolved, False)
            found.setdefault(lessons_dir / original, False)
        if lowered.endswith(".svg"):
            found[lessons_dir / asset_path(lessons_dir, resolved)] = True
    return list(found.items())


class LinksTreeprocessor(UsesState, Treeprocessor):
    """Resolve relative links and images; label permalinks; collect sections for search."""

    def __init__(self, md, owner: StateOwner) -> None:  # noqa: ANN001 - Markdown's type
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        _drop_dangling_backrefs(root)
        for element in root.iter():
            ident = element.get("id")
            if ident:
                self.state.anchors.add(ident)
            if element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                self._image(element)
        self._collect(root)

    # -- links -------------------------------------------------------------------------

    def _resolve(self, target: str) -> str:
        return resolve_link(self.state.relpath, target)

    def _asset_path(self, resolved: str) -> str:
        return asset_path(self.state.lessons_dir, resolved)

    def _link(self, element: etree.Element) -> None:
        href = element.get("href")
        if not href:
            return
        if href.startswith(ROOT):
            return  # made by another extension (a glossary link), already a page link
        if AMP_SUBSTITUTE in href:  # <ann@example.org>: Python-Markdown hides it in entities
            href = OBFUSCATED.sub(lambda match: chr(int(match[1])), href)
            element.set("href", href)
        split = urlsplit(href)
        if split.scheme or split.netloc:
            self.state.links.append(Link(href, "external"))
            return
        if not split.path:
            self.state.links.append(Link(href, "anchor", fragment=split.fragment))
            return
        resolved = self._resolve(split.path)
        fragment = f"#{split.fragment}" if split.fragment else ""
        if resolved.endswith(".md"):
            path = page_path(resolved)
            self.state.links.append(Link(href, "page", resolved, split.fragment))
            if path is not None:
                element.set("href", f"{ROOT}{path}{PAGE_END}{fragment}")
            return
        if resolved.startswith("../") or resolved == "..":
            self.state.links.append(Link(href, "asset", resolved))
            return
        asset = self._asset_path(resolved)
        self.state.links.append(Link(href, "asset", asset))
        element.set("href", f"{ROOT}media/{quote(asset)}{fragment}")
        if active_file(asset):
            self.state.problem(
                self.state.line_of(href),
                f"'{href}' links to an HTML/JS file; published with the course it would run "
                "as a page of the course's own site (a static host cannot make it a download): "
                "show it as code with '--8<--', or link to it on another site",
            )

    def _image(self, element: etree.Element) -> None:
        src = element.get("src")
        if not src:
            return
        alt = element.get("alt", "")
        split = urlsplit(src)
        if split.scheme or split.netloc:
            self.state.links.append(Link(src, "external", is_image=True, alt=alt))
            check_source(self.state, "img", src)
            return
        resolved = self._resolve(split.path)
        if resolved.startswith("../") or resolved == "..":
            self.state.links.append(Link(src, "asset", resolved, is_image=True, alt=alt))
            return
        asset = self._asset_path(resolved)
        self.state.links.append(Link(src, "asset", asset, is_image=True, alt=alt))
        element.set("src", f"{ROOT}media/{quote(asset)}")
        element.set("loading", "lazy")
        if active_file(asset) and not asset.lower().endswith(".svg"):
            self.state.problem(
                self.state.line_of(src),
                f"the image '{src}' is not an image but a file a browser runs as a page; "
                "published with the course it would run as a page of the course's own site: "
                "show a PNG, JPEG or SVG",
            )
        elif asset.lower().endswith(".svg") and _active_svg(self.state.lessons_dir / asset):
            self.state.problem(
                self.state.line_of(src),
                f"the image '{src}' is an SVG with scripts, event handlers or embedded pages; "
                "opened on its own it would run them as a page of the course's site: "
                "remove them (an image needs none), or use a PNG",
            )

    # -- text for search -----------------------------------------------------------------

    def _collect(self, root: etree.Element) -> None:
        anchor, title, texts = "", "", []
        hidden = _instructor_footnotes(root)
        for child in root:
            if child.tag in ("h2", "h3") and child.get("id"):
                self._add_section(anchor, title, texts)
                anchor, title, texts = child.get("id", ""), _heading_text(child), []
            else:
                texts.append(_learner_text(child, hidden))
        self._add_section(anchor, title, texts)

    def _add_section(self, anchor: str, title: str, texts: list[str]) -> None:
        text = html.unescape(SPACES.sub(" ", PLACEHOLDER.sub(" ", " ".join(texts))).strip())
        self.state.words += len(text.split())
        if text or title:
            self.state.sections.append(Section(anchor, title, text))


def _heading_text(heading: etree.Element) -> str:
    return html.unescape("".join(heading.itertext()).strip())


def _is_instructor_note(element: etree.Element) -> bool:
    return element.tag == "aside" and "instructor-note" in element.get("class", "")


def _instructor_footnotes(root: etree.Element) -> frozenset[str]:
    """The ids of the footnotes referred to from instructor notes (``fn:1``): the footnotes
    extension puts them at the end of the page, outside the note."""
    return frozenset(
        link.get("href", "")[1:]
        for aside in root.iter("aside")
        if _is_instructor_note(aside)
        for link in aside.iter("a")
        if "footnote-ref" in link.get("class", "")
    )


def _learner_text(element: etree.Element, hidden: frozenset[str] = frozenset()) -> str:
    """The text of an element, leaving out instructor notes and their footnotes (they must
    never reach search)."""
    if _is_instructor_note(element) or (element.tag == "li" and element.get("id") in hidden):
        return " "
    if element.tag == "table":
        return _table_text(element, hidden)
    # Inline elements join their neighbours as the page shows them ("a `b`, c" → "a b, c"),
    # blocks stay apart.
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in INLINE:
            parts.append(_learner_text(child, hidden).strip() if child.tag != "br" else " ")
        else:
            parts.append(f" {_learner_text(child, hidden)} ")
        parts.append(child.tail or "")
    return "".join(parts)


def _table_text(table: etree.Element, hidden: frozenset[str] = frozenset()) -> str:
    """A table as sentences a snippet can show: each row names its columns.

    ``| Setting | Default |`` over ``| SECRET_KEY | None |`` reads "Setting, Default.
    SECRET_KEY — Default: None." rather than cells run together.
    """
    rows = []
    for row in table.iter("tr"):
        cells = [cell for cell in row if cell.tag in ("th", "td")]
        texts = [SPACES.sub(" ", _learner_text(cell, hidden)).strip() for cell in cells]
        rows.append((texts, all(cell.tag == "th" for cell in cells)))
    header: list[str] = []
    if rows and rows[0][1]:
        header = rows.pop(0)[0]
    sentences = [_sentence(", ".join(text for text in header if text))] if any(header) else []
    for texts, _ in rows:
        if len(header) > 1 and len(texts) > 1:
            # a column without a heading keeps its text; an empty cell is left out
            pairs = zip(header[1:], texts[1:], strict=False)
            named = [f"{name}: {text}" if name else text for name, text in pairs if text]
            line = f"{texts[0]} — " + "; ".join(named)
        else:
            line = ", ".join(text for text in texts if text)
        sentences.append(_sentence(line))
    return " " + " ".join(s for s in sentences if s) + " "


def _sentence(text: str) -> str:
    text = text.strip().rstrip(" —;,")
    return text + "." if text and text[-1] not in ".!?:" else text
