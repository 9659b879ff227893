"""What every importer needs: the output folder, the change log, and Markdown helpers.

An importer reads someone else's lesson into :class:`Page` objects whose links still name the
*source* files, then :func:`finish` rewrites every link against the new file names, checks
anchors, and writes the course folder with its ``course.yml`` and change log.

Nothing here imports the rest of ``courseware`` (only :mod:`courseware.errors`): the anchors a
page will have are computed with Python-Markdown itself, with the extensions the engine uses.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import markdown
import yaml
from markdown.extensions.toc import slugify as toc_slugify

from ..course.rendering import EXTENSIONS
from ..course.sources import RESERVED as SITE_ADDRESSES
from ..errors import BuildError

#: The Markdown extensions the engine renders lessons with, to predict its heading ids.
ENGINE_EXTENSIONS = [name for name in EXTENSIONS if name != "pymdownx.highlight"]
#: Chapter addresses the site uses itself, and the default language's code.
RESERVED = SITE_ADDRESSES | {"en"}
LOG_FOLDER = "_import"
LOG_FILE = "IMPORT.md"

# -- names -----------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """``"Qué es MVC?"`` → ``"que-es-mvc"``: the engine's rule for addresses and exercise ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def short_slug(text: str, fallback: str, limit: int = 48) -> str:
    """A file-name slug of at most ``limit`` characters, cut at a hyphen."""
    slug = slugify(text) or fallback
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug


def strip_order(stem: str) -> str:
    """``"02-filedir"`` → ``"filedir"``; ``"1_introduction"`` → ``"introduction"``."""
    return re.sub(r"^\d+[-_. ]+", "", stem) or stem


def humanise(name: str) -> str:
    """``"zoom_icons.png"`` → ``"zoom icons"``: words from a file or icon name."""
    stem = posixpath.splitext(posixpath.basename(name))[0]
    words = re.sub(r"[-_.]+", " ", stem).strip()
    return words or name


def pandoc_id(text: str) -> str:
    """The identifier Pandoc gives a heading (its ``auto_identifiers`` extension)."""
    plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", r"\1\2", text)
    plain = html.unescape(re.sub(r"<[^>]+>|[`*]", "", plain))
    kept = re.sub(r"[^\w\s.-]", "", plain.lower())
    kept = re.sub(r"\s+", "-", kept.strip())
    kept = re.sub(r"^[^a-z]+", "", kept)
    return kept or "section"


def plain_text(markdown_text: str) -> str:
    """The text a reader sees of an inline Markdown snippet: no markup, entities decoded."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|_|`+)", "", text)
    return html.unescape(text).strip()


# -- the change log ----------------------------------------------------------------------------


@dataclass
class FileLog:
    """What happened to one file: conversions (counted), things dropped, things to review."""

    target: str  #: the file written, under the output folder ("" when nothing was written)
    source: str  #: the file it came from, under the source folder
    converted: Counter = field(default_factory=Counter)
    dropped: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    def convert(self, message: str, count: int = 1) -> None:
        if count:
            self.converted[message] += count

    def drop(self, message: str) -> None:
        if message not in self.dropped:
            self.dropped.append(message)

    def note(self, message: str) -> None:
        if message not in self.review:
            self.review.append(message)

    def lines(self) -> list[str]:
        out = []
        for message, count in self.converted.items():
            out.append(f"- converted: {message}" + (f" (×{count})" if count > 1 else ""))
        out.extend(f"- dropped: {message}" for message in self.dropped)
        out.extend(f"- review: {message}" for message in self.review)
        return out or ["- copied unchanged"]


class ImportLog:
    """Every change the import made, file by file; written as ``_import/IMPORT.md``."""

    def __init__(self, kind: str, source: Path) -> None:
        self.kind = kind
        self.source = source
        self.files: dict[tuple[str, str], FileLog] = {}
        self.general = FileLog("", "")
        self.skipped: list[tuple[str, str]] = []  #: (source file, why it was not imported)
        self.copied: list[tuple[str, str]] = []  #: (source file, target file)
        self.unused: list[str] = []  #: files copied that no lesson links to
        self.facts: dict[str, Any] = {}

    def file(self, target: str, source: str) -> FileLog:
        key = (target, source)
        if key not in self.files:
            self.files[key] = FileLog(target, source)
        return self.files[key]

    def skip(self, source: str, reason: str) -> None:
        self.skipped.append((source, reason))

    def render(self, summary: dict[str, int]) -> str:
        out = [
            "# What the import changed",
            "",
            f"This course was made by `python build.py import {self.kind}` from `{self.source}`.",
            "Each file below says what was converted into the engine's syntax, what was",
            "dropped and why, and what a person should review. Nothing else was changed.",
            "",
            "## Summary",
            "",
        ]
        out.extend(f"- {key}: {value}" for key, value in summary.items())
        for key, value in self.facts.items():
            out.append(f"- {key}: {value}")
        if self.general.converted or self.general.dropped or self.general.review:
            out += ["", "## The course as a whole", ""]
            out.extend(self.general.lines())
        out += ["", "## Files", ""]
        for log in sorted(self.files.values(), key=lambda item: (item.target, item.source)):
            arrow = f"`{log.target}` ← `{log.source}`" if log.source else f"`{log.target}` (new)"
            out += [f"### {arrow}", ""]
            out.extend(log.lines())
            out.append("")
        if self.copied:
            out += ["## Files copied", ""]
            out.extend(f"- `{target}` ← `{source}`" for source, target in sorted(self.copied))
            out.append("")
        if self.unused:
            out += [
                "## Copied but not linked from any lesson",
                "",
                "The site publishes only the files a lesson links to; these stay in the folder.",
                "",
            ]
            out.extend(f"- `{path}`" for path in sorted(self.unused))
            out.append("")
        if self.skipped:
            out += ["## Not imported", ""]
            out.extend(f"- `{source}`: {reason}" for source, reason in sorted(self.skipped))
            out.append("")
        return "\n".join(out).rstrip() + "\n"


# -- pages -----------------------------------------------------------------------------------


@dataclass
class Page:
    """One Markdown file of the new course, before its links are rewritten."""

    out: str  #: path under the output folder, e.g. ``01-episodes/02-filedir.md``
    source: str  #: path under the source folder, e.g. ``episodes/02-filedir.md``
    meta: dict[str, Any]
    body: str
    log: FileLog
    #: anchors of the source (e.g. Pandoc's heading ids) → the anchor they became, or None
    aliases: dict[str, str | None] = field(default_factory=dict)
    #: raw HTML attributes (src, href) resolve against this folder instead of the file's own
    html_base: str | None = None


@dataclass(frozen=True)
class Target:
    """What a link in the source leads to."""

    #: "page", "asset", "term" (a glossary term), "url" (a web address instead) or "gone"
    #: (not imported: the link is removed, its text kept)
    kind: str
    path: str = ""  #: output path for pages and assets; the term for "term"; the address


Resolver = Callable[[Page, str], Target | None]
#: per output page: the anchors it has, and its source anchors' new names
Known = dict[str, tuple[set[str], dict[str, str | None]]]


# -- fenced code and inline code -------------------------------------------------------------

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
INLINE_CODE = re.compile(r"<!--.*?-->|(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
PLACEHOLDER = re.compile("\x02(\\d+)\x03")


def fences(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line indexes of each outermost fenced code block; last is inclusive."""
    found = []
    index = 0
    while index < len(lines):
        match = FENCE_OPEN.match(lines[index])
        if not match:
            index += 1
            continue
        fence = match["fence"]
        # a closing fence at most three columns further in than the opening one (CommonMark);
        # deeper, it belongs to a fence shown inside the code
        deepest = len(match["indent"].expandtabs(4)) + 3
        closing = re.compile(rf"^[ \t]{{0,{deepest}}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end].expandtabs(4)):
            end += 1
        found.append((index, min(end, len(lines) - 1)))
        index = end + 1
    return found


def code_lines(lines: list[str]) -> set[int]:
    inside: set[int] = set()
    for first, last in fences(lines):
        inside.update(range(first, last + 1))
    return inside


def segments(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is fenced code, text) pieces; joined with newlines they are the text."""
    lines = text.split("\n")
    out: list[tuple[bool, str]] = []
    position = 0
    for first, last in fences(lines):
        if first > position:
            out.append((False, "\n".join(lines[position:first])))
        out.append((True, "\n".join(lines[first : last + 1])))
        position = last + 1
    if position < len(lines):
        out.append((False, "\n".join(lines[position:])))
    return out


def protect_inline_code(text: str) -> tuple[str, list[str]]:
    """Inline code spans and HTML comments replaced by placeholders (they are not converted)."""
    stash: list[str] = []

    def keep(match: re.Match[str]) -> str:
        stash.append(match[0])
        return f"\x02{len(stash) - 1}\x03"

    return INLINE_CODE.sub(keep, text), stash


def restore_inline_code(text: str, stash: list[str]) -> str:
    return PLACEHOLDER.sub(lambda match: stash[int(match[1])], text)


def map_prose(text: str, function: Callable[[str], str]) -> str:
    """Apply ``function`` to the text outside fenced code, inline code spans hidden from it."""
    pieces = []
    for is_code, piece in segments(text):
        if is_code:
            pieces.append(piece)
            continue
        protected, stash = protect_inline_code(piece)
        pieces.append(restore_inline_code(function(protected), stash))
    return "\n".join(pieces)


def indent_lines(lines: Iterable[str], prefix: str = "    ") -> list[str]:
    return [prefix + line if line.strip() else "" for line in lines]


def trim_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def separate_fences(text: str) -> str:
    """A blank line before and after each fenced code block, as Python-Markdown needs.

    Without it the code block lands inside the paragraph before it.
    """
    lines = text.split("\n")
    found = fences(lines)
    if not found:
        return text
    before = {
        first
        for first, _ in found
        if first > 0
        and lines[first - 1].strip()
        and not re.match(r"^\s*(!!!|\?\?\?)", lines[first - 1])  # a block's first line
    }
    after = {last for _, last in found if last + 1 < len(lines) and lines[last + 1].strip()}
    out: list[str] = []
    for number, line in enumerate(lines):
        if number in before:
            out.append("")
        out.append(line)
        if number in after:
            out.append("")
    return "\n".join(out)


def indent_free(line: str) -> str:
    return line.lstrip(" \t")


ATX_HEADING = re.compile(r"^(?P<indent>[ \t]*)(?P<hashes>#{1,6})(?=[ \t]|$)(?P<rest>.*)$")


def demote_headings(text: str, title: str | None, log: FileLog) -> str:
    """Every heading one level down when the page has level-1 headings of its own.

    The title is the page's only level-1 heading in the engine; Workbench setup pages and
    MkDocs pages often use ``#`` for their sections. A first ``#`` heading that repeats the
    title is left alone (the engine leaves it out), and an empty ``#`` is removed.
    """
    lines = text.split("\n")
    code = code_lines(lines)
    headings = [
        (number, match)
        for number, line in enumerate(lines)
        if number not in code and (match := ATX_HEADING.match(line))
    ]
    empty = [number for number, match in headings if not match["rest"].strip(" #\t")]
    for number in empty:
        lines[number] = ""
    if empty:
        log.drop(f"{len(empty)} empty `#` heading(s)")
    headings = [(number, match) for number, match in headings if number not in empty]
    if headings and title is not None and len(headings[0][1]["hashes"]) == 1:
        shown = re.sub(r"\{[^}]*\}\s*$", "", headings[0][1]["rest"]).strip(" #\t")
        if _comparable(shown) == _comparable(title):
            headings = headings[1:]
    if not any(len(match["hashes"]) == 1 for _, match in headings):
        return "\n".join(lines)
    for number, match in headings:
        if len(match["hashes"]) < 6:
            lines[number] = f"{match['indent']}#{match['hashes']}{match['rest']}"
    log.convert("level-1 section headings → every heading one level down (the title is level 1)")
    return "\n".join(lines)


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", "", plain_text(text)).lower()


LIST_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>\d+[.)]|[-*+])(?P<gap>[ \t]+)"
    r"(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$"
)


def split_list_fences(text: str, log: FileLog) -> str:
    """``1. ```python`` (a fence on the list item's own line) → the fence under the marker.

    CommonMark reads it as a code block in the item; Python-Markdown shows the backticks and
    loses track of every fence after it.
    """
    lines = text.split("\n")
    out: list[str] = []
    index, moved = 0, 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE_OPEN.match(line)
        if opening:  # a fence of its own: copied to its end untouched
            fence = opening["fence"]
            closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            end = index + 1
            while end < len(lines) and not closing.match(lines[end]):
                end += 1
            out.extend(lines[index : end + 1])
            index = end + 1
            continue
        match = LIST_FENCE.match(line)
        if not match:
            out.append(line)
            index += 1
            continue
        fence = match["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        column = len(match["indent"]) + len(match["marker"]) + len(match["gap"])
        inner = " " * column  # the item's content column, where Pandoc reads the code
        block = [inner + fence + match["info"]]
        end = index + 1
        while end < len(lines):
            body = lines[end]
            shift = min(column, len(body) - len(body.lstrip(" ")))
            block.append(inner + body[shift:] if body.strip() else "")
            if closing.match(body):
                break
            end += 1
        out.extend([f"{match['indent']}{match['marker']} ", "", *block])
        moved += 1
        index = end + 1
    if not moved:
        return text
    log.convert("code blocks that start on a list item's line → under the item's marker", moved)
    return "\n".join(out)


def align_closing_fences(text: str, log: FileLog) -> str:
    """A closing fence indented unlike its opening one, re-indented to match.

    CommonMark and Pandoc accept a closing fence up to three spaces off; the engine's
    renderer (Python-Markdown) does not, so the code block would run on to the page's end.
    """
    lines = text.split("\n")
    moved = 0
    for first, last in fences(lines):
        if last == first:
            continue
        opening = FENCE_OPEN.match(lines[first])
        indent = opening["indent"] if opening else ""
        closing = lines[last]
        same_kind = closing.strip()[:3] == indent_free(lines[first])[:3]
        closing_indent = closing[: len(closing) - len(closing.lstrip())]
        # up to three columns off, as CommonMark allows: further in, it is a fence shown
        # inside the code (an example of nested blocks), which the pairing here mistook
        near = abs(len(closing_indent.expandtabs(4)) - len(indent.expandtabs(4))) <= 3
        if FENCE_OPEN.match(closing) and same_kind and closing_indent != indent and near:
            lines[last] = indent + closing.strip()
            moved += 1
    if not moved:
        return text
    log.convert("closing ``` indented unlike the opening one → indented alike", moved)
    return "\n".join(lines)


LIQUID = re.compile(r"\{\{-?\s*(?P<name>[\w.]+)\s*-?\}\}")


def fill_liquid(text: str, values: dict[str, str], log: FileLog) -> str:
    """``{{ site.x }}`` Jekyll variables the lesson's configuration knows → their values.

    Outside code only (``${{ matrix.os }}`` in a workflow file is not Liquid).
    """

    def one(match: re.Match[str]) -> str:
        if match["name"] not in values:
            return match[0]
        log.convert(f"Jekyll's `{{{{ {match['name']} }}}}` → its value")
        return values[match["name"]]

    return map_prose(text, lambda piece: LIQUID.sub(one, piece))


HTML_BLOCK_START = re.compile(r"^ {0,3}<(?:p|div|center|a|picture|span)\b", re.I)
LINKED_MD_IMAGE = re.compile(
    r"<a\b(?P<attrs>[^>]*)>\s*(?P<image>!\[[^\]\n]*\]\([^)\s]*\))\s*</a>", re.I | re.S
)
WRAPPER_TAG = re.compile(r"</?(?:p|div|center|picture|span)\b[^>]*>", re.I)
HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def unwrap_html_images(text: str, log: FileLog) -> str:
    """Markdown images inside a raw HTML block (``<p align="center">``) → a plain paragraph.

    Images taken out of raw HTML become Markdown, but Markdown inside an HTML block is shown
    as typed; the wrappers go (an image's ``<a>`` becomes a Markdown link) so it is read.
    """
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    changed = 0
    while index < len(lines):
        if not HTML_BLOCK_START.match(lines[index]) or (index and lines[index - 1].strip()):
            out.append(lines[index])
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        block = "\n".join(lines[index:end])
        if "![" not in block:
            out.extend(lines[index:end])
            index = end
            continue

        def linked(match: re.Match[str]) -> str:
            href = HREF.search(match["attrs"])
            url = (href[1] if href[1] is not None else href[2]) if href else ""
            return f"[{match['image']}]({url})" if url else match["image"]

        block = LINKED_MD_IMAGE.sub(linked, block)
        kept = []
        for line in block.split("\n"):
            bare = WRAPPER_TAG.sub("", line).strip()
            if re.fullmatch(r"<!--.*?-->", bare):
                bare = ""
            if line.strip() and not bare and kept and kept[-1]:
                kept.append("")  # a wrapper's end: the next images are a paragraph of their own
            elif bare:
                kept.append(bare)
        out.extend(kept)
        changed += 1
        index = end
    if not changed:
        return text
    log.convert('HTML blocks around images (`<p align="center">`...) → Markdown paragraphs')
    return "\n".join(out)


def squeeze_blank_lines(text: str) -> str:
    """At most one blank line in a row outside fenced code; no spaces on blank lines."""
    lines = text.split("\n")
    code = code_lines(lines)
    out: list[str] = []
    for number, line in enumerate(lines):
        if number not in code and not line.strip():
            if out and not out[-1].strip() and (number - 1) not in code:
                continue
            line = ""
        out.append(line)
    return "\n".join(out)


# -- front matter ----------------------------------------------------------------------------


class _LenientLoader(yaml.SafeLoader):
    """Safe YAML that turns tags it does not know (``!!python/name:...``) into plain values."""


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return f"!{suffix} {loader.construct_scalar(node)}".strip()
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_LenientLoader.add_multi_constructor("!", _unknown_tag)
_LenientLoader.add_multi_constructor("tag:", _unknown_tag)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LenientLoader)  # noqa: S506 - a safe loader subclass


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """(front matter, body, problem): a file's YAML header and the Markdown after it."""
    if not re.match(r"---[ \t]*\n", text):
        return {}, text, None
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            header = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            try:
                data = load_yaml(header)
            except yaml.YAMLError as exc:
                return {}, body, f"its front matter is not valid YAML ({exc.__class__.__name__})"
            if data is None:
                return {}, body, None
            if not isinstance(data, dict):
                return {}, body, "its front matter is not a mapping"
            return {str(key): value for key, value in data.items()}, body, None
    return {}, text, None


def read_text(file: Path) -> str:
    text = file.read_bytes().decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str | int | float) for item in value)


LESSON_RULES: dict[str, Callable[[Any], bool]] = {
    "title": lambda value: isinstance(value, str),
    "summary": lambda value: isinstance(value, str),
    "objectives": _is_text_list,
    "keypoints": _is_text_list,
    "minutes": lambda value: isinstance(value, int) and not isinstance(value, bool) and value >= 0,
    "exercises_minutes": lambda value: (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
    ),
    "draft": lambda value: isinstance(value, bool),
    "tags": _is_text_list,
    "source_hash": lambda value: isinstance(value, str),
}


def clean_meta(meta: dict[str, Any], log: FileLog) -> dict[str, Any]:
    """Front matter the checker accepts: known keys of the right type; others kept aside."""
    clean: dict[str, Any] = {}
    for key, value in meta.items():
        rule = LESSON_RULES.get(key)
        if value is None:
            continue
        if rule is None or rule(value):
            clean[key] = value
            continue
        if key in ("minutes", "exercises_minutes") and re.fullmatch(r"\s*\d+\s*", str(value)):
            clean[key] = int(value)
            continue
        if key == "tags" and isinstance(value, str):
            clean[key] = [tag.strip() for tag in value.split(",") if tag.strip()]
            continue
        if key in ("title", "summary") and isinstance(value, int | float):
            clean[key] = str(value)
            continue
        clean[f"original_{key}"] = value
        log.convert(f"front matter `{key}` is not of the engine's type; kept as `original_{key}`")
    return clean


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


#: The front-matter keys the engine reads; an imported lesson's other keys are kept as
#: ``x-`` keys, which the checker leaves alone.
ENGINE_KEYS = frozenset(
    {
        "title",
        "summary",
        "objectives",
        "keypoints",
        "minutes",
        "exercises_minutes",
        "draft",
        "tags",
        "source_hash",
    }
)


def with_front_matter(meta: dict[str, Any], body: str) -> str:
    kept = {
        key if key in ENGINE_KEYS or key.startswith(("x-", "x_")) else f"x-{key}": value
        for key, value in meta.items()
    }
    text = body.strip("\n")
    return f"---\n{dump_yaml(kept)}---\n\n{text}\n"


# -- links -------------------------------------------------------------------------------------

_URL = r"<[^>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*"
INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[(?:[^\[\]]|\[[^\[\]]*\])*\])*)\]"
    rf"\([ \t]*(?P<url>{_URL})(?P<title>(?:\s+(?:\"[^\"]*\"|'[^']*'))?)[ \t]*\)"
)
REF_DEF = re.compile(
    # any indent: a definition inside a block (an instructor note, a list) is still one
    r"^(?P<indent>[ \t]*)\[(?P<label>[^\]^][^\]]*)\]:[ \t]*(?P<url><[^>\n]*>|\S+)(?P<rest>.*)$",
    re.M,
)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|\{|\$)", re.I)


def is_external(url: str) -> bool:
    return bool(EXTERNAL.match(url)) and not url.startswith("#")


def split_url(url: str) -> tuple[str, str]:
    """(path, fragment) of a relative URL; the path decoded (``%20`` → space)."""
    bare = url[1:-1] if url.startswith("<") and url.endswith(">") else url
    parts = urlsplit(bare)
    return unquote(parts.path), parts.fragment


def relative(from_file: str, to_path: str) -> str:
    """A link from one file under the output folder to another path under it."""
    base = posixpath.dirname(from_file) or "."
    return posixpath.relpath(to_path, base)


def url_for(path: str) -> str:
    """A path written as a Markdown link target: spaces and parentheses escaped."""
    return quote(path, safe="/#:@!$&'*+,;=~-._")


def fix_links(page: Page, resolver: Resolver, known: Known, log: FileLog) -> str:
    """Rewrite every link and image of a page to point at the new files."""

    def new_url(url: str, text: str | None) -> tuple[str | None, str | None]:
        """(new url or None to unlink, a replacement for the whole link or None)."""
        if url.startswith("<") and url.endswith(">"):
            url = url[1:-1]
        if not url or is_external(url):
            return url, None
        path, fragment = split_url(url)
        if not path:  # a link to a heading of the same page
            fixed = fix_fragment(page.out, fragment, known, log)
            return ("#" + fixed if fixed else None), None
        target = resolver(page, url)
        if target is None:
            log.drop(
                f"the link or image `{url}`: there is no such file in the source (a link "
                "keeps its text)"
            )
            return None, None
        if target.kind == "term":
            shown = plain_text(text or target.path).replace("|", "/").replace("]", ")")
            replacement = (
                f"[[{target.path}]]"
                if shown.lower() == target.path.lower()
                else f"[[{target.path}|{shown}]]"
            )
            log.convert("links to the source's glossary → `[[term]]` glossary links")
            return None, replacement
        if target.kind == "url":
            log.convert("links to files outside the docs → links to them in the repository")
            return target.path + (f"#{fragment}" if fragment else ""), None
        if target.kind == "gone":
            log.drop(f"the link to `{url}` (its page was not imported); its text is kept")
            return None, None
        new = url_for(relative(page.out, target.path))
        if fragment and target.kind == "page":
            fixed = fix_fragment(target.path, fragment, known, log)
            if fixed:
                new += "#" + fixed
        elif fragment:
            new += "#" + fragment
        return new, None

    def inline(match: re.Match[str]) -> str:
        text = match["text"]
        if not match["bang"] and "](" in text:  # [![logo](img/x.svg)](url): the image too
            text = INLINE_LINK.sub(inline, text)
        url, replacement = new_url(match["url"], text)
        if replacement is not None:
            return replacement
        if url is None:
            return "" if match["bang"] else text
        if url == match["url"] and text == match["text"]:
            return match[0]
        return f"{match['bang']}[{text}]({url}{match['title']})"

    def definition(match: re.Match[str]) -> str:
        url, replacement = new_url(match["url"], None)
        if replacement is not None or url is None:
            return f"{match['indent']}[{match['label']}]: #"
        return f"{match['indent']}[{match['label']}]: {url}{match['rest']}"

    def prose(text: str) -> str:
        text = INLINE_LINK.sub(inline, text)
        return REF_DEF.sub(definition, text)

    return map_prose(page.body, prose)


def fix_fragment(target: str, fragment: str, pages: Known, log: FileLog) -> str:
    """The anchor to use in a link to ``target#fragment``; "" when the heading is gone."""
    known, aliases = pages.get(target, (set(), {}))
    if fragment in known:
        return fragment
    if fragment in aliases:
        alias = aliases[fragment]
        if alias and alias in known:
            log.convert("links to Pandoc heading ids → the engine's heading ids")
            return alias
    squashed = re.sub(r"[^a-z0-9]", "", fragment.lower())
    for anchor in known:
        if re.sub(r"[^a-z0-9]", "", anchor.lower()) == squashed:
            log.convert("links to heading ids → the engine's heading ids")
            return anchor
    log.drop(
        f"the anchor `#{fragment}` of a link to `{posixpath.basename(target)}`: no heading "
        "or exercise has it any more (it was a span, a box title or a missing heading); "
        "the link leads to the page"
    )
    return ""


# -- anchors a page will have ------------------------------------------------------------------

_md: markdown.Markdown | None = None
EXERCISE_TITLE = re.compile(
    r'<div class="admonition exercise">\s*<p class="admonition-title">(?P<title>.*?)</p>', re.S
)
ID_ATTR = re.compile(r'\bid="([^"]+)"')


def anchors_of(body: str) -> set[str]:
    """The ids the engine will give a lesson's headings and exercises."""
    global _md
    if _md is None:
        _md = markdown.Markdown(
            extensions=ENGINE_EXTENSIONS, extension_configs={"toc": {"toc_depth": "2-3"}}
        )
    rendered = _md.reset().convert(body)
    found = {html.unescape(ident) for ident in ID_ATTR.findall(rendered)}
    seen: set[str] = set()
    for match in EXERCISE_TITLE.finditer(rendered):
        title = html.unescape(re.sub(r"<[^>]+>", "", match["title"])).strip()
        base = "exercise-" + (slugify(title) or str(len(seen) + 1))
        candidate, number = base, 1
        while candidate in seen:
            number += 1
            candidate = f"{base}-{number}"
        seen.add(candidate)
    return found | seen


def heading_anchor(text: str) -> str:
    """The id Python-Markdown's toc gives a heading with this text."""
    return toc_slugify(plain_text(text), "-")


def exercise_anchor(title: str) -> str:
    return "exercise-" + (slugify(plain_text(title)) or "1")


# -- admonitions ---------------------------------------------------------------------------------

#: The engine styles note, tip, warning (and caution), danger (and error), plus its own
#: exercise, hint, solution and instructor blocks; everything else is mapped onto those.
ADMONITION_TYPES = {
    "note": "note",
    "seealso": "note",
    "abstract": "note",
    "summary": "note",
    "tldr": "note",
    "info": "note",
    "todo": "note",
    "question": "note",
    "help": "note",
    "faq": "note",
    "example": "note",
    "quote": "note",
    "cite": "note",
    "tip": "tip",
    "hint": "tip",
    "important": "tip",
    "success": "tip",
    "check": "tip",
    "done": "tip",
    "warning": "warning",
    "caution": "warning",
    "attention": "warning",
    "danger": "danger",
    "error": "danger",
    "failure": "danger",
    "fail": "danger",
    "missing": "danger",
    "bug": "danger",
    "exercise": "exercise",
    "instructor": "instructor",
    "solution": "solution",
}


def admonition_line(indent: str, marker: str, kind: str, title: str | None) -> str:
    """``!!! note "Title"``: a block's first line; a title of None leaves the type's own."""
    if title is None:
        return f"{indent}{marker} {kind}"
    title = " ".join(title.split())
    return f'{indent}{marker} {kind} "{title}"'


# -- emoji and icons ---------------------------------------------------------------------------

SHORTCODE = re.compile(r":(?P<name>[a-z0-9_+-]+):(?P<attrs>\{[^}\n]*\})?")
ICON_SETS = ("material", "fontawesome", "octicons", "simple")


def _emoji_index() -> dict[str, str]:
    from pymdownx import twemoji_db

    index = {}
    for name, info in twemoji_db.emoji.items():
        code = info.get("unicode_alt") or info["unicode"]
        index[name] = "".join(chr(int(part, 16)) for part in code.split("-"))
    for alias, name in twemoji_db.aliases.items():
        if name in index:
            index[alias] = index[name]
    return index


_EMOJI: dict[str, str] | None = None


def emoji(name: str) -> str | None:
    global _EMOJI
    if _EMOJI is None:
        _EMOJI = _emoji_index()
    return _EMOJI.get(f":{name}:")


ICON_STYLES = ("solid", "regular", "light", "thin", "duotone", "outline")


def icon_emoji(name: str) -> str | None:
    """``material-tea`` → 🍵: an icon whose name is also an emoji's; brand logos have none."""
    parts = name.split("-")[1:]
    if not parts or parts[0] == "brands":
        return None
    if parts[0] in ICON_STYLES:
        parts = parts[1:]
    if parts and parts[-1] in ICON_STYLES:
        parts = parts[:-1]
    if not parts:
        return None
    return emoji("_".join(parts)) or emoji("-".join(parts))


def convert_shortcodes(text: str, log: FileLog, icon_sets: Iterable[str] = ICON_SETS) -> str:
    """``:wink:`` → 😉; icon shortcodes (``:material-…:``) removed, or named in an empty link."""
    prefixes = tuple(f"{name}-" for name in icon_sets)

    def is_icon(name: str) -> bool:
        return name.startswith(prefixes)

    def link_text(match: re.Match[str]) -> str:
        inner = match["text"]
        names = [m["name"] for m in SHORTCODE.finditer(inner) if is_icon(m["name"])]
        rest = SHORTCODE.sub(lambda m: "" if is_icon(m["name"]) else m[0], inner)
        if names and not rest.strip():
            words = " ".join(humanise(name.split("-", 1)[1]) for name in names)
            log.convert("a link made only of an icon → the link named after the icon")
            return match[0].replace(f"[{inner}]", f"[{words}]", 1)
        return match[0]

    text = INLINE_LINK.sub(link_text, text)

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if is_icon(name):
            char = icon_emoji(name)
            if char:
                log.convert(f"icon `:{name}:` → the emoji of the same name, {char}")
                return char
            log.convert(f"icon `:{name}:` removed (icons need the MkDocs Material theme)")
            before = match.string[match.start() - 1 : match.start()]
            after = match.string[match.end() : match.end() + 1]
            return "\x01" if before == " " and after in (" ", "") else ""
        char = emoji(name)
        if char is None:
            return match[0]
        log.convert(f"emoji `:{name}:` → {char}")
        return char + (match["attrs"] or "")

    text = SHORTCODE.sub(replace, text).replace(" \x01", "").replace("\x01", "")
    # an icon removed at the start of a link or line leaves a space: "[ Download](...)"
    return re.sub(r"\[ +(?=\S)", "[", text)


# -- images --------------------------------------------------------------------------------------


def image_markdown(alt: str, url: str, width: str | None = None, height: str | None = None) -> str:
    alt = " ".join(alt.replace("[", "(").replace("]", ")").split())
    attrs = []
    if width:
        attrs.append(f'width="{width}"')
    if height:
        attrs.append(f'height="{height}"')
    suffix = "{ " + " ".join(attrs) + " }" if attrs else ""
    return f"![{alt}]({url_for(url) if not is_external(url) else url}){suffix}"


def fill_missing_alt(text: str, log: FileLog) -> str:
    """Images without alt text get one made from their file name, listed for review."""

    def fill(match: re.Match[str]) -> str:
        if not match["bang"] or match["text"].strip():
            return match[0]
        url = match["url"].strip("<>")
        alt = humanise(split_url(url)[0] or url)
        log.note(f"the image `{url}` had no alt text; it was given «{alt}»: describe the image")
        return f"![{alt}]({match['url']}{match['title']})"

    return INLINE_LINK.sub(fill, text)


# -- the output folder -------------------------------------------------------------------------

PROJECT_MARKERS = (".git", "pyproject.toml")


class CourseWriter:
    """The folder the course is written to; refuses to overwrite without ``force``."""

    def __init__(self, output: Path, source: Path, force: bool) -> None:
        self.root = output
        self.source = source
        self.force = force
        self.written: set[str] = set()

    def prepare(self) -> None:
        output = self.root.resolve()
        source = self.source.resolve()
        if output == source or output.is_relative_to(source) or source.is_relative_to(output):
            raise BuildError(
                f"the output folder {self.root} and the source {self.source} overlap; "
                "choose an output folder outside the source"
            )
        if output.exists() and not output.is_dir():
            raise BuildError(f"{self.root} exists and is not a folder")
        if output.exists() and any(output.iterdir()):
            if not self.force:
                raise BuildError(
                    f"{self.root} is not empty; choose an empty folder, or add --force to "
                    "replace what it holds"
                )
            if any((output / marker).exists() for marker in PROJECT_MARKERS):
                raise BuildError(
                    f"refusing to replace {self.root}: it looks like a project, "
                    "not a lessons folder"
                )
            for entry in output.iterdir():
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        output.mkdir(parents=True, exist_ok=True)

    def write(self, relpath: str, text: str) -> None:
        file = self.root / relpath
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        self.written.add(relpath)

    def write_yaml(self, relpath: str, data: Any) -> None:
        self.write(relpath, dump_yaml(data))

    def copy(self, source: Path, relpath: str) -> None:
        file = self.root / relpath
        if relpath in self.written:
            return
        file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, file)
        self.written.add(relpath)


# -- finishing -----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    output: Path
    chapters: int
    lessons: int
    images: int
    exercises: int
    files: int
    glossary_terms: int

    def summary(self) -> str:
        return (
            f"{self.lessons} lesson(s) in {self.chapters} chapter(s), {self.exercises} "
            f"exercise(s), {self.images} image(s), {self.files} other file(s), "
            f"{self.glossary_terms} glossary term(s)"
        )


LEFTOVER_SYNTAX = [
    (re.compile(r"^\s*:{3,}", re.M), "a `:::` fenced div the importer did not recognise"),
    (re.compile(r'^\s*===[!+]?\s+"', re.M), "a `===` content tab"),
    (re.compile(r"\{alt="), "a Pandoc `{alt=...}` attribute"),
    (
        re.compile(r"(?<![\w$\\])\$[^$\s][^$\n]*(?<![\s\\])\$(?![\w$])|\\\(|\$\$"),
        "LaTeX math (the engine renders no math: it shows as written)",
    ),
]


def finish(
    writer: CourseWriter,
    log: ImportLog,
    course: dict[str, Any],
    chapters: list[tuple[str, dict[str, Any], str | None]],
    pages: list[Page],
    resolver: Resolver,
    glossary: list[dict[str, str]] | None = None,
    assets: Iterable[str] = (),
) -> ImportResult:
    """Rewrite links, write every file and the change log; return what was imported.

    ``chapters`` lists (folder, chapter.yml data or index.md front matter, index.md body).
    """
    with_lessons = {page.out.split("/")[0] for page in pages if not page.out.endswith("/index.md")}
    for folder, _, _ in chapters:
        if folder not in with_lessons:
            log.general.drop(f"the chapter `{folder}`: none of its pages was imported")
    chapters = [chapter for chapter in chapters if chapter[0] in with_lessons]
    pages = [page for page in pages if page.out.split("/")[0] in with_lessons]
    known: Known = {}
    for page in pages:
        page.body = map_prose(page.body, lambda text, page=page: fill_missing_alt(text, page.log))
        known[page.out] = (anchors_of(page.body), page.aliases)
    for page in pages:
        page.body = squeeze_blank_lines(fix_links(page, resolver, known, page.log))
    linked = linked_files(pages)
    log.unused = sorted(path for path in assets if path not in linked)
    for folder, meta, intro in chapters:
        if intro is not None:
            writer.write(f"{folder}/index.md", with_front_matter(meta, intro))
        else:
            writer.write_yaml(f"{folder}/chapter.yml", meta)
    images = exercises = 0
    for page in pages:
        meta = clean_meta(page.meta, page.log)
        text = with_front_matter(meta, page.body)
        writer.write(page.out, text)
        offset = text.count("\n") - page.body.strip("\n").count("\n") - 1
        lines = map_prose(page.body.strip("\n"), lambda text: PLACEHOLDER.sub("", text))
        lines = lines.split("\n")
        code = code_lines(lines)
        prose = [line for number, line in enumerate(lines) if number not in code]
        for pattern, what in LEFTOVER_SYNTAX:
            found = [
                number + offset
                for number, line in enumerate(lines, 1)
                if number - 1 not in code and pattern.search(line)
            ]
            if found:
                page.log.note(f"{what} is left on line(s) {', '.join(map(str, found[:8]))}")
        if not page.out.endswith("/index.md"):
            images += sum(line.count("![") for line in prose)
            exercises += sum(1 for line in prose if re.match(r"\s*!!! exercise\b", line))
    writer.write_yaml("course.yml", {key: value for key, value in course.items() if value})
    if glossary:
        writer.write_yaml("glossary.yml", glossary)
    lessons = sum(1 for page in pages if not page.out.endswith("/index.md"))
    copied = [target for _, target in log.copied]
    result = ImportResult(
        output=writer.root,
        chapters=len({page.out.split("/")[0] for page in pages} | {c[0] for c in chapters}),
        lessons=lessons,
        images=images,
        exercises=exercises,
        files=len(copied),
        glossary_terms=len(glossary or []),
    )
    summary = {
        "chapters": result.chapters,
        "lessons": result.lessons,
        "exercises": result.exercises,
        "images shown": result.images,
        "files copied": result.files,
        "glossary terms": result.glossary_terms,
    }
    writer.write(f"{LOG_FOLDER}/{LOG_FILE}", log.render(summary))
    writer.write(
        "README.md",
        f"# {course.get('title', 'Imported course')}\n\n"
        f"This folder was made by `python build.py import {log.kind}`. Every change the import "
        f"made to the original is listed in [{LOG_FOLDER}/{LOG_FILE}]({LOG_FOLDER}/{LOG_FILE}); "
        f"the original's licence and attribution files are kept in `{LOG_FOLDER}/`.\n",
    )
    return result


def linked_files(pages: list[Page]) -> set[str]:
    """Paths under the output folder that the pages link to or show."""
    linked: set[str] = set()
    for page in pages:
        base = posixpath.dirname(page.out)

        def collect(text: str, base: str = base) -> str:
            urls = [match["url"] for match in INLINE_LINK.finditer(text)]
            urls += [match["url"] for match in REF_DEF.finditer(text)]
            for url in urls:
                url = url.strip("<>")
                if url and not is_external(url) and not url.startswith("#"):
                    linked.add(posixpath.normpath(posixpath.join(base, split_url(url)[0])))
            return text

        map_prose(page.body, collect)
    return linked


def copy_tree(
    writer: CourseWriter,
    log: ImportLog,
    source_dir: Path,
    source_rel: str,
    target_rel: str,
    skip: Callable[[Path], bool] = lambda path: False,
) -> dict[str, str]:
    """Copy a folder's files; return {source path: target path} for each file copied."""
    copied: dict[str, str] = {}
    if not source_dir.is_dir():
        return copied
    for root, folders, files in os.walk(source_dir):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            file = Path(root) / name
            if name.startswith(".") or skip(file) or file.is_symlink():
                continue
            inner = file.relative_to(source_dir).as_posix()
            target = posixpath.join(target_rel, inner)
            writer.copy(file, target)
            copied[posixpath.join(source_rel, inner)] = target
            log.copied.append((posixpath.join(source_rel, inner), target))
    return copied


def licence_name(text: str) -> str:
    """A short name for a licence text: "CC BY 4.0", "MIT"... or "" when it is not known."""
    flat = " ".join(text.split()).lower()
    known = [
        ("attribution-sharealike 4.0", "CC BY-SA 4.0"),
        ("attribution-noncommercial-sharealike 4.0", "CC BY-NC-SA 4.0"),
        ("attribution-noncommercial 4.0", "CC BY-NC 4.0"),
        ("cc by-sa 4.0", "CC BY-SA 4.0"),
        ("creative commons attribution 4.0", "CC BY 4.0"),
        ("attribution 4.0 international", "CC BY 4.0"),
        ("cc-by 4.0", "CC BY 4.0"),
        ("cc by 4.0", "CC BY 4.0"),
        ("cc0", "CC0 1.0"),
        ("mit license", "MIT"),
        ("apache license", "Apache-2.0"),
        ("gnu general public license version 3", "GPL-3.0"),
        ("bsd 3-clause", "BSD-3-Clause"),
    ]
    for phrase, name in known:
        if phrase in flat:
            return name
    return ""


def unique_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{name}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def chapter_folder(order: int, title: str, taken: set[str], log: FileLog) -> str:
    slug = short_slug(title, "chapter", 40)
    if slug in RESERVED:
        log.convert(f"chapter `{slug}` renamed `{slug}-chapter`: the site uses that address")
        slug = f"{slug}-chapter"
    return f"{order:02d}-{unique_name(slug, taken)}"
