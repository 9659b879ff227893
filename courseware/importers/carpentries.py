"""Import a Carpentries Workbench lesson (``config.yaml``, ``episodes/``, ``learners/``...).

The course gets up to three chapters: the episodes (or one chapter per group when
``episodes:`` in ``config.yaml`` is grouped), the learners' pages (setup, reference, learner
profiles, licence, citation) and the instructors' pages, which are wrapped in
``!!! instructor`` so learners never see them.

Pandoc's fenced divs become the engine's blocks:

======================  ================================================================
``::: challenge``       ``!!! exercise "Its first heading"``
``::: solution``        ``??? solution`` nested in the exercise (closed until asked for)
``::: hint``            ``??? hint`` nested in the exercise
``::: instructor``      ``!!! instructor``
``::: callout``         ``!!! note``; ``caution`` → ``!!! warning``; ``checklist`` → ``!!! tip``;
                        ``discussion``, ``prereq``, ``testimonial`` → ``!!! note``
``::: spoiler``         ``??? note`` (closed)
``::: tab``             one closed ``??? note`` per tab (the first one open)
``::: objectives``      front matter ``objectives``
``::: keypoints``       front matter ``keypoints``
``::: questions``       front matter ``summary`` (the questions, one after the other) and
                        ``questions`` (the list, kept for reference)
======================  ================================================================

A block's first heading becomes its title. Everything inside a block is indented by four
spaces per level, code fences and nested lists included; Pandoc's two-space nested lists are
re-indented to the four spaces Python-Markdown needs.
"""

from __future__ import annotations

import posixpath
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..course.rendering.title import heading_text
from ..errors import BuildError
from .common import (
    INLINE_LINK,
    LOG_FOLDER,
    REF_DEF,
    CourseWriter,
    FileLog,
    ImportLog,
    ImportResult,
    Page,
    Target,
    admonition_line,
    align_closing_fences,
    chapter_folder,
    code_lines,
    copy_tree,
    demote_headings,
    exercise_anchor,
    fences,
    fill_liquid,
    finish,
    heading_anchor,
    humanise,
    image_markdown,
    indent_lines,
    is_external,
    licence_name,
    load_yaml,
    map_prose,
    pandoc_id,
    plain_text,
    read_text,
    separate_fences,
    short_slug,
    slugify,
    split_front_matter,
    split_list_fences,
    split_url,
    squeeze_blank_lines,
    strip_order,
    trim_blank,
    unique_name,
)
from .jekyll import is_jekyll_lesson, log_notes, to_workbench

#: fenced div kind → (marker, engine type, default title or None)
BLOCKS: dict[str, tuple[str, str, str | None]] = {
    "callout": ("!!!", "note", "Callout"),
    "caution": ("!!!", "warning", "Caution"),
    "discussion": ("!!!", "note", "Discussion"),
    "checklist": ("!!!", "tip", "Checklist"),
    "prereq": ("!!!", "note", "Prerequisite"),
    "testimonial": ("!!!", "note", "Testimonial"),
    "instructor": ("!!!", "instructor", None),
    "spoiler": ("???", "note", "Show details"),
    "keypoints": ("!!!", "note", "Key points"),
    "objectives": ("!!!", "note", "Objectives"),
    "questions": ("!!!", "note", "Questions"),
}
CARPENTRIES = {
    "swc": "Software Carpentry",
    "dc": "Data Carpentry",
    "lc": "Library Carpentry",
    "cp": "The Carpentries",
    "incubator": "The Carpentries Incubator",
    "lab": "The Carpentries Lab",
}
PLACEHOLDER_TEXT = re.compile(r"this is a placeholder file", re.I)
DIV_OPEN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<colons>:{3,})[ \t]*"
    r"(?P<attrs>\{[^}\n]*\}|[A-Za-z][\w-]*)[ \t]*:*[ \t]*$"
)
DIV_CLOSE = re.compile(r"^[ \t]*:{3,}[ \t]*$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*)$")  # see heading_text
HEADING_ATTRS = re.compile(r"[ \t]*\{(?P<attrs>[^}]*)\}[ \t]*$")
LIST_MARKER = re.compile(r"^(?P<indent> *)(?P<marker>[-+*]|\d{1,9}[.)]|#\.)(?P<space>[ ]+|$)")
HR = re.compile(r"^ *([-*_])( *\1){2,} *$")
RMD_CHUNK = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,})[ \t]*"
    r"\{(?P<engine>[A-Za-z][\w]*)(?P<options>[^}]*)\}[ \t]*$"
)
SPAN = re.compile(
    r"(?<![!\]\\])\[(?P<text>[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)\]\{(?P<attrs>[^}\n]*)\}"
)
ATTR = re.compile(  # a quoted value may hold its quote escaped: alt='Git\'s history'
    r"""(?P<key>[\w-]+)=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^'\\]|\\.)*)'"""
    r"""|(?P<bare>[^\s}]+))""",
    re.S,
)
DEFINITION = re.compile(r"^:[ \t]+")


# -- small parsers ---------------------------------------------------------------------------


def parse_attrs(text: str) -> tuple[list[str], str | None, dict[str, str]]:
    """Pandoc attributes ``{#id .class key="value"}`` → (classes, id, key/values)."""
    text = text.strip().strip("{}")
    values = {}
    for match in ATTR.finditer(text):
        quoted = match["dq"] if match["dq"] is not None else match["sq"]
        values[match["key"]] = (
            re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else match["bare"]
        )
    rest = ATTR.sub(" ", text)
    classes = [word[1:] for word in rest.split() if word.startswith(".")]
    ids = [word[1:] for word in rest.split() if word.startswith("#")]
    bare = [word for word in rest.split() if word[0] not in ".#=" and word != "-"]
    return classes + bare, (ids[0] if ids else None), values


def split_heading(line: str) -> tuple[int, str, str | None] | None:
    """``## Title {#id}`` → (2, "Title", "id")."""
    match = HEADING.match(line)
    if not match:
        return None
    text = heading_text(match["text"])
    ident = None
    attrs = HEADING_ATTRS.search(text)
    if attrs:
        _, ident, _ = parse_attrs(attrs["attrs"])
        text = text[: attrs.start()]
    return len(match["hashes"]), text.strip(), ident


def list_items(lines: list[str]) -> list[str]:
    """The items of a Markdown list as single-line texts."""
    items: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        marker = LIST_MARKER.match(line)
        if marker and not HR.match(line) and len(marker["indent"]) < 2:
            items.append(line[marker.end() :].strip())
        elif items:
            items[-1] += " " + line.strip()
        else:
            items.append(line.strip())
    return [item for item in items if item]


# -- Pandoc → Python-Markdown lists ------------------------------------------------------------


QUOTED = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?(?P<rest>.*)$")


def unquote_divs(text: str, log: FileLog) -> str:
    """A block quote that holds a fenced div (``> ::: solution``) → the div, unquoted.

    Lessons migrated from the Jekyll template keep some solutions in block quotes; Pandoc reads
    the div inside the quote, and the Workbench shows a solution box, not a quotation.
    """
    lines = text.split("\n")
    code = code_lines(lines)
    index, changed = 0, 0
    while index < len(lines):
        match = QUOTED.match(lines[index]) if index not in code else None
        if not match:
            index += 1
            continue
        end = index
        while end < len(lines) and end not in code and QUOTED.match(lines[end]):
            end += 1
        inner = [QUOTED.match(line)["rest"] for line in lines[index:end]]
        first = next((line for line in inner if line.strip()), "")
        if DIV_OPEN.match(first):
            # at the margin: a div ends any list it sat in (Python-Markdown nests no divs)
            lines[index:end] = [line if line.strip() else "" for line in inner]
            changed += 1
        index = end
    if not changed:
        return text
    log.convert("block quotes holding a `:::` div → the div (Pandoc reads it as one)", changed)
    return "\n".join(lines)


def normalise_lists(text: str) -> str:
    """Re-indent lists so nested items and item content sit at multiples of four spaces.

    Pandoc nests a list under an item when it is indented to the item's text (two spaces
    under ``- ``); Python-Markdown wants four. Only lines inside lists are touched.
    """
    lines = text.split("\n")
    code = {first: last for first, last in fences(lines)}
    out: list[str] = []
    stack: list[int] = []  # the source column where each open item's text starts
    previous_blank = True
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            out.append("")
            previous_blank = True
            index += 1
            continue
        indent = len(line) - len(line.lstrip(" "))
        marker = LIST_MARKER.match(line)
        if marker and (
            HR.match(line) or not line[marker.end() :].strip() and marker["marker"] in "*+"
        ):
            marker = None
        if DIV_OPEN.match(line) or DIV_CLOSE.match(line) or (indent == 0 and previous_blank):
            if not marker:
                stack.clear()
        new_indent: int | None = None
        if marker:
            while stack and indent < stack[-1]:
                stack.pop()
            level = len(stack)
            spaces = len(marker["space"])
            content = indent + len(marker["marker"]) + (spaces if 0 < spaces <= 4 else 1)
            stack.append(content)
            rest = line[marker.end() :]
            # an empty item keeps its space: "1." alone is not a list item to Python-Markdown
            out_line = " " * (4 * level) + marker["marker"] + " " + rest
            if index in code:
                out.append(out_line)
                index += 1
                continue
            out.append(out_line)
            previous_blank = False
            index += 1
            continue
        if stack:
            if indent >= stack[-1]:
                new_indent = 4 * len(stack) + (indent - stack[-1])
            elif not previous_blank:
                new_indent = 4 * len(stack)  # a lazy continuation line
            else:
                while stack and indent < stack[-1]:
                    stack.pop()
                if stack:
                    new_indent = 4 * len(stack) + max(0, indent - stack[-1])
        if index in code:
            last = code[index]
            shift = (new_indent - indent) if new_indent is not None else 0
            for inner in lines[index : last + 1]:
                out.append(_shift(inner, shift))
            index = last + 1
            previous_blank = False
            continue
        out.append(line if new_indent is None else " " * new_indent + line.lstrip(" "))
        previous_blank = False
        index += 1
    return "\n".join(out)


def _shift(line: str, shift: int) -> str:
    if shift >= 0 or not line.strip():
        return " " * shift + line if line.strip() else line
    width = len(line) - len(line.lstrip(" "))
    return line[min(width, -shift) :]


# -- R Markdown ----------------------------------------------------------------------------------


def convert_rmd(text: str, log: FileLog) -> str:
    """knitr chunks → plain code blocks; hidden chunks dropped; ``include_graphics`` → images."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = RMD_CHUNK.match(lines[index])
        if not match:
            out.append(lines[index])
            index += 1
            continue
        fence = match["fence"]
        end = index + 1
        while end < len(lines) and not re.match(rf"^[ \t]*{fence}`*[ \t]*$", lines[end]):
            end += 1
        body = lines[index + 1 : end]
        options = match["options"]
        engine = match["engine"].lower()
        language = {"rscript": "r", "sh": "bash", "py": "python"}.get(engine, engine)
        false = r"\s*=\s*(?:FALSE|F)\b"
        graphic = re.fullmatch(
            r"""\s*knitr::include_graphics\(\s*["']([^"']+)["']\s*\)\s*""", "\n".join(body)
        )
        if re.search(r"\binclude" + false, options):
            log.drop(
                f"a hidden `{{{engine}}}` chunk (include=FALSE): its code was never shown "
                "and its output cannot be made without running R"
            )
        elif graphic:
            caption = re.search(r"""fig\.(?:cap|alt)\s*=\s*["']([^"']*)["']""", options)
            alt = caption[1] if caption else humanise(graphic[1])
            out.append(match["indent"] + image_markdown(alt, graphic[1]))
            log.convert("`knitr::include_graphics()` chunks → Markdown images")
        else:
            out.append(f"{match['indent']}{fence}{language}")
            out.extend(body)
            out.append(f"{match['indent']}{fence}")
            log.convert(f"`{{{engine}}}` code chunks → plain `{language}` code blocks")
            if re.search(r"\becho" + false, options):
                log.note(
                    "a chunk with echo=FALSE showed only its output in the original; its "
                    "code is shown instead"
                )
            if re.search(r"fig\.(cap|alt)", options):
                log.note("a chunk that drew a figure is shown as code: knitr is not run")
        index = end + 1
    text = "\n".join(out)
    inline = len(re.findall(r"`r [^`]+`", text))
    if inline:
        log.note(
            f"{inline} inline R expression(s) such as `` `r x` `` are shown as code; "
            "their values are not computed"
        )
    return text


# -- inline Pandoc syntax ---------------------------------------------------------------------


@dataclass
class Inline:
    log: FileLog
    span_ids: list[str] = field(default_factory=list)

    def __call__(self, text: str) -> str:
        text = self.images(text)
        text = SPAN.sub(self.span, text)
        return text

    def images(self, text: str) -> str:
        """Pandoc images: ``{alt=...}`` → alt text; a lone image's caption → a line under it.

        Pandoc shows the bracketed text of an image alone in its paragraph as a visible
        caption (``implicit_figures``) and uses ``alt`` for screen readers.
        """
        pieces = []
        position = 0
        for match in INLINE_LINK.finditer(text):
            if not match["bang"]:
                continue
            end = match.end()
            has_attrs = text.startswith("{", end)
            close = text.find("}", end) if has_attrs else end - 1
            if close < 0:
                continue
            classes, ident, values = (
                parse_attrs(text[end : close + 1]) if has_attrs else ([], None, {})
            )
            caption = " ".join(match["text"].split())
            alt = " ".join(values.get("alt", "").split())
            alone = _alone(text, match.start(), close + 1)
            if not has_attrs and not (alone and caption):
                continue
            url = match["url"].strip("<>")
            image = image_markdown(
                alt or caption or humanise(split_url(url)[0] or url),
                url,
                values.get("width"),
                values.get("height"),
            )
            if ident:
                self.span_ids.append(ident)
            if caption and alone and plain_text(caption) != plain_text(alt):
                indent = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
                image += f"\n\n{indent}*{caption}*"
                self.log.convert("captions of lone images → an emphasised line under the image")
            if not alt and not caption:
                self.log.note(f"the image `{url}` had no alt text: describe it")
            if has_attrs:
                self.log.convert("Pandoc image attributes `{alt=...}` → Markdown alt text")
            pieces.append(text[position : match.start()])
            pieces.append(image)
            position = close + 1
        pieces.append(text[position:])
        return "".join(pieces)

    def span(self, match: re.Match[str]) -> str:
        classes, ident, _ = parse_attrs(match["attrs"])
        if ident:
            self.span_ids.append(ident)
        self.log.convert("Pandoc spans `[text]{...}` → their text")
        return match["text"]


def _alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is alone in its paragraph (blank lines or edges around)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    before = text[: max(line_start - 1, 0)].rsplit("\n", 1)[-1] if line_start else ""
    after = text[line_end + 1 :].split("\n", 1)[0] if line_end < len(text) else ""
    return not before.strip() and not after.strip()


def heading_attrs(text: str, log: FileLog) -> str:
    """Heading attributes as attr_list reads them: ``{-}`` dropped, a space before ``{``."""

    def fix(match: re.Match[str]) -> str:
        log.convert("heading attribute `{-}` removed")
        return match["head"]

    def space(match: re.Match[str]) -> str:
        log.convert("a space put before heading attributes `{#id}` (attr_list needs one)")
        return f"{match['head']} {match['attrs']}"

    text = re.sub(r"^(?P<head>#{1,6} .*?)[ \t]*\{-\}[ \t]*$", fix, text, flags=re.M)
    return re.sub(
        r"^(?P<head>#{1,6} .*?[^\s{])(?P<attrs>\{[#.][^}\n]*\})[ \t]*$", space, text, flags=re.M
    )


# -- fenced divs -------------------------------------------------------------------------------


@dataclass
class Div:
    kind: str
    ident: str | None
    line: int
    children: list[str | Div] = field(default_factory=list)


def parse_divs(lines: list[str], log: FileLog) -> list[str | Div]:
    """Lines and fenced divs, nested; a closing fence closes the innermost open div."""
    code = code_lines(lines)
    root: list[str | Div] = []
    stack: list[Div] = []
    for number, line in enumerate(lines):
        target = stack[-1].children if stack else root
        if number in code:
            target.append(line)
            continue
        opening = DIV_OPEN.match(line)
        if opening:
            classes, ident, _ = parse_attrs(opening["attrs"])
            div = Div((classes[0] if classes else "div").lower(), ident, number + 1)
            target.append(div)
            stack.append(div)
            continue
        if DIV_CLOSE.match(line):
            if stack:
                stack.pop()
            else:
                log.drop(f"a closing `:::` on line {number + 1} that closes no block")
            continue
        target.append(line)
    for div in stack:
        log.note(
            f"the `::: {div.kind}` opened on line {div.line} is never closed; it ends the file"
        )
    return root


@dataclass
class Context:
    log: FileLog
    meta: dict[str, Any]
    aliases: dict[str, str | None]
    exercises: int = 0


def _title(children: list[str | Div]) -> tuple[int, str, str | None, list[str | Div]]:
    """A block's leading heading: (level, title, id, the rest); level 0 when there is none."""
    for position, child in enumerate(children):
        if isinstance(child, str) and not child.strip():
            continue
        if isinstance(child, str):
            heading = split_heading(child)
            if heading:
                return heading[0], heading[1], heading[2], children[position + 1 :]
        break
    return 0, "", None, children


def _block(marker: str, kind: str, title: str | None, body: list[str]) -> list[str]:
    body = trim_blank(body)
    if kind == "instructor":
        body = bold_headings(body)  # the engine's table of contents would show them
    return ["", admonition_line("", marker, kind, title), *indent_lines(body), ""]


def render(items: list[str | Div], ctx: Context, inside: tuple[str, ...] = ()) -> list[str]:
    out: list[str] = []
    last_block = ""  # the kind of the last block written at this level, if nothing followed
    for item in items:
        if isinstance(item, str):
            out.append(item)
            if item.strip():
                last_block = ""
            continue
        kind = item.kind
        if kind in ("objectives", "keypoints", "questions") and not inside:
            entries = list_items(render(item.children, ctx, (*inside, kind)))
            ctx.meta[kind] = entries
            if kind != "questions":
                ctx.log.convert(f"`::: {kind}` → front matter `{kind}`")
            continue
        if kind == "challenge":
            out.extend(_exercise(item, ctx, inside))
            last_block = "exercise"
            continue
        if kind in ("solution", "hint"):
            level, title, ident, rest = _title(item.children)
            if title.lower() in (kind, f"{kind}s", "show me the solution", "give me a hint"):
                title = ""
            body = render(rest, ctx, (*inside, kind))
            if ident:
                body = _anchor_first_paragraph(body, ident)
                ctx.aliases[ident] = ident if f"{{: #{ident} }}" in body else None
            if "challenge" in inside or last_block in ("exercise", "solution", "hint"):
                out.extend(_block("???", kind, title or None, body))
                ctx.log.convert(f"`::: {kind}` → `??? {kind}` (closed)")
                last_block = kind
            else:
                out.extend(_block("???", "note", title or kind.capitalize(), body))
                ctx.log.convert(
                    f"`::: {kind}` outside a challenge → a closed `??? note` (the engine "
                    f"accepts `??? {kind}` only in an exercise)"
                )
                last_block = ""
            continue
        if kind in ("tab", "group-tab", "tabs", "tabset"):
            out.extend(_tabs(item, ctx, inside))
            last_block = ""
            continue
        if kind not in BLOCKS:
            ctx.log.note(
                f"`::: {kind}` (line {item.line}) has no equivalent; its content is kept "
                "without the box"
            )
            out.extend(["", *render(item.children, ctx, (*inside, kind)), ""])
            last_block = ""
            continue
        marker, engine_kind, default = BLOCKS[kind]
        level, title, ident, rest = _title(item.children)
        if title:
            ctx.aliases[pandoc_id(title)] = None
        if not title:
            rest = item.children
        body = render(rest, ctx, (*inside, kind))
        if ident:
            body = _anchor_first_paragraph(body, ident)
            ctx.aliases[ident] = ident if f"{{: #{ident} }}" in body else None
            if ctx.aliases[ident] and title:
                ctx.aliases[pandoc_id(title)] = ident
        shown = title or default
        out.extend(_block(marker, engine_kind, shown, body))
        ctx.log.convert(f"`::: {kind}` → `{marker} {engine_kind}`")
        last_block = ""
    return out


def _anchor_first_paragraph(body: list[str], ident: str) -> list[str]:
    """Give a block's first paragraph the id its title had (``{: #id }``), so links work."""
    start = 0
    while start < len(body) and not body[start].strip():
        start += 1
    if start >= len(body) or re.match(r"^\s*([-*+>|#!?`~<:]|\d+[.)]|\s{4})", body[start]):
        return body
    end = start
    while end + 1 < len(body) and body[end + 1].strip():
        end += 1
    return [*body[: end + 1], f"{{: #{ident} }}", *body[end + 1 :]]


def _exercise(div: Div, ctx: Context, inside: tuple[str, ...]) -> list[str]:
    """A challenge, split in two when it holds a second heading of its title's level."""
    level, title, ident, rest = _title(div.children)
    parts: list[tuple[str, str | None, list[str | Div]]] = []
    current: list[str | Div] = []
    current_title, current_id = title, ident
    children = rest if level else div.children
    in_code = code_lines([child if isinstance(child, str) else "" for child in children])
    for number, child in enumerate(children):
        heading = (
            split_heading(child)
            if isinstance(child, str) and level and number not in in_code
            else None
        )
        if (
            heading
            and heading[0] == level
            and any(isinstance(c, Div) or (isinstance(c, str) and c.strip()) for c in current)
        ):
            parts.append((current_title, current_id, current))
            current, current_title, current_id = [], heading[1], heading[2]
            continue
        current.append(child)
    parts.append((current_title, current_id, current))
    if len(parts) > 1:
        ctx.log.convert("a challenge with several headings → one exercise per heading")
    out: list[str] = []
    for part_title, part_id, children in parts:
        ctx.exercises += 1
        anchor = exercise_anchor(part_title or "Exercise")
        if part_title:
            ctx.aliases[pandoc_id(part_title)] = anchor
        if part_id:
            ctx.aliases[part_id] = anchor
        body = render(children, ctx, (*inside, "challenge"))
        out.extend(_block("!!!", "exercise", part_title or None, body))
        ctx.log.convert("`::: challenge` → `!!! exercise`")
    return out


def _tabs(div: Div, ctx: Context, inside: tuple[str, ...]) -> list[str]:
    """A tab set: each of its headings starts a tab; each tab becomes a closed block."""
    lines = render(div.children, ctx, (*inside, div.kind))
    level = min((h[0] for h in (split_heading(line) for line in lines) if h), default=0)
    if not level:
        return ["", *lines, ""]
    tabs: list[tuple[str, list[str]]] = []
    lead: list[str] = []
    for line in lines:
        heading = split_heading(line)
        if heading and heading[0] == level:
            tabs.append((heading[1], []))
        elif tabs:
            tabs[-1][1].append(line)
        else:
            lead.append(line)
    out = list(lead)
    for number, (title, body) in enumerate(tabs):
        out.extend(_block("???+" if number == 0 else "???", "note", title, body))
    ctx.log.convert("`::: tab` sets → one closed `??? note` per tab (the first open)")
    return out


# -- glossary --------------------------------------------------------------------------------


def extract_glossary(text: str, log: FileLog) -> tuple[str, list[dict[str, str]], dict[str, str]]:
    """Definition-list entries → glossary entries; returns (the rest, entries, id → term)."""
    lines = text.split("\n")
    code = code_lines(lines)
    entries: list[tuple[str, str | None, list[str]]] = []
    keep: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = index + 1
        if following < len(lines) and not lines[following].strip():
            following += 1
        if (
            index not in code
            and line.strip()
            and not line.startswith((" ", "\t", ":", "#", "|", "!", "-", "*", ">"))
            and following < len(lines)
            and DEFINITION.match(lines[following])
        ):
            term, ident = line.strip(), None
            span = SPAN.fullmatch(term)
            if span:
                term = span["text"]
                _, ident, _ = parse_attrs(span["attrs"])
            term = plain_text(term)
            definition: list[str] = []
            cursor = following
            while cursor < len(lines):
                current = lines[cursor]
                if not current.strip():
                    after = cursor + 1
                    if after < len(lines) and (
                        lines[after].startswith((" ", "\t")) or DEFINITION.match(lines[after])
                    ):
                        cursor += 1
                        continue
                    break
                if current.startswith("#") or DIV_CLOSE.match(current) or DIV_OPEN.match(current):
                    break
                definition.append(DEFINITION.sub("", current).strip())
                cursor += 1
            entries.append((term, ident, definition))
            index = cursor
            continue
        keep.append(line)
        index += 1
    if not entries:
        return text, [], {}
    ids = {ident or pandoc_id(term): term for term, ident, _ in entries}
    for term, _, _ in entries:
        ids.setdefault(pandoc_id(term), term)
    glossary = []
    seen: set[str] = set()
    for term, _, definition in entries:
        if term.lower() in seen:
            log.drop(f"a second definition of the glossary term «{term}»")
            continue
        seen.add(term.lower())
        joined = " ".join(" ".join(definition).split())

        def link(match: re.Match[str], term: str = term) -> str:
            url = match["url"].strip("<>")
            if match["bang"]:
                return match[0]
            if url.startswith("#") and url[1:] in ids:
                return f"[{match['text']}](#term-{slugify(ids[url[1:]]) or 'entry'})"
            if is_external(url):
                return match[0]
            log.drop(f"the link `{url}` in the glossary definition of «{term}» (its text is kept)")
            return match["text"]

        joined = map_prose(joined, lambda piece: INLINE_LINK.sub(link, piece))
        glossary.append({"term": term, "definition": joined or term})
    log.convert(f"{len(glossary)} definition-list glossary entries → glossary.yml")
    rest = "\n".join(keep)
    # a "Glossary" heading left with nothing under it goes too
    rest = re.sub(r"(?m)^#{1,6}[ \t]+Glossary[ \t]*\n(?=\s*(?:#|\Z))", "", rest.rstrip() + "\n")
    return rest, glossary, ids


# -- one file ----------------------------------------------------------------------------------


def convert_file(
    text: str,
    out: str,
    source: str,
    log: FileLog,
    links: dict[str, str],
    *,
    rmd: bool = False,
) -> Page:
    meta, body, problem = split_front_matter(text)
    if problem:
        log.note(problem)
    if rmd:
        body = convert_rmd(body, log)
    body = body.replace("\t", "    ") if "\t" in body else body
    body = split_list_fences(body, log)
    body = unquote_divs(body, log)
    body = align_closing_fences(body, log)
    body = map_prose(body, lambda text: heading_attrs(text, log))
    inline = Inline(log)
    body = map_prose(body, inline)
    ctx = Context(log, {}, {})
    for ident in inline.span_ids:
        ctx.aliases[ident] = None
    _heading_aliases(body, ctx)
    normalised = normalise_lists(body)
    if normalised != body:
        log.convert("nested lists re-indented to four spaces (Pandoc nests at two)")
    lines = render(parse_divs(normalised.split("\n"), log), ctx)
    body = "\n".join(lines)
    questions = ctx.meta.pop("questions", None)
    new_meta: dict[str, Any] = {}
    title = meta.pop("title", None)
    new_meta["title"] = (
        str(title) if title is not None else humanise(strip_order(Path(source).stem))
    )
    if questions:
        new_meta["summary"] = " ".join(questions)
        log.convert("`::: questions` → front matter `summary` (and `questions`, kept)")
    for key in ("objectives", "keypoints"):
        if ctx.meta.get(key):
            new_meta[key] = ctx.meta[key]
    for source_key, key in (("teaching", "minutes"), ("exercises", "exercises_minutes")):
        if source_key in meta:
            value = meta.pop(source_key)
            try:
                new_meta[key] = int(value)
                log.convert(f"front matter `{source_key}` → `{key}`")
            except (TypeError, ValueError):
                new_meta[f"original_{source_key}"] = value
    if questions:
        new_meta["x-questions"] = questions  # an x- key: kept, not a key of the engine
    new_meta.update(meta)
    body = demote_headings(body, new_meta["title"], log)
    body = squeeze_blank_lines(separate_fences(_append_link_definitions(body, links, log)))
    return Page(out, source, new_meta, body.strip("\n") + "\n", log, ctx.aliases)


def _heading_aliases(body: str, ctx: Context) -> None:
    """Pandoc's heading ids → the ids the engine will give the same headings."""
    lines = body.split("\n")
    code = code_lines(lines)
    counts: dict[str, int] = {}
    for number, line in enumerate(lines):
        if number in code:
            continue
        heading = split_heading(line)
        if not heading:
            continue
        _, text, ident = heading
        base = pandoc_id(text)
        count = counts.get(base, 0)
        counts[base] = count + 1
        key = base if not count else f"{base}-{count}"
        ctx.aliases.setdefault(key, ident or heading_anchor(text))


def _append_link_definitions(body: str, links: dict[str, str], log: FileLog) -> str:
    """Workbench appends ``links.md`` to every episode: add the definitions a page uses."""
    if not links:
        return body
    defined = {match["label"].lower() for match in REF_DEF.finditer(body)}
    used = [
        label
        for label in links
        if label.lower() not in defined and f"[{label.lower()}]" in body.lower()
    ]
    if not used:
        return body
    log.convert(f"{len(used)} link definition(s) from links.md added at the end")
    return body.rstrip("\n") + "\n\n" + "\n".join(links[label] for label in used) + "\n"


# -- the lesson --------------------------------------------------------------------------------


@dataclass
class Entry:
    source: str  #: path under the lesson folder
    kind: str  #: "episode", "learner", "instructor", "profile" or "extra"


def _names(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    names = []
    for item in value:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for inner in item.values():
                names.extend(_names(inner))
    return names


def _episode_groups(config: dict[str, Any], source: Path) -> list[tuple[str | None, list[str]]]:
    """(group title or None, file names) in the order of ``config.yaml``."""
    episodes = config.get("episodes")
    folder = source / "episodes"
    if not episodes:
        files = sorted(
            path.name for path in folder.glob("*") if path.suffix.lower() in (".md", ".rmd")
        )
        return [(None, files)]
    if isinstance(episodes, dict):
        return [(str(title), _names(names)) for title, names in episodes.items()]
    groups: list[tuple[str | None, list[str]]] = []
    loose: list[str] = []
    for item in episodes:
        if isinstance(item, dict):
            if loose:
                groups.append((None, loose))
                loose = []
            groups.extend((str(title), _names(names)) for title, names in item.items())
        elif isinstance(item, str):
            loose.append(item)
    if loose:
        groups.append((None, loose))
    return groups


def _folder_pages(source: Path, folder: str, listed: Any) -> list[str]:
    names = _names(listed)
    if not names:
        directory = source / folder
        names = sorted(
            path.name
            for path in directory.glob("*")
            if path.is_file() and path.suffix.lower() in (".md", ".rmd")
        )
        if "setup.md" in names:
            names.remove("setup.md")
            names.insert(0, "setup.md")
    return [f"{folder}/{name}" for name in names]


def _is_placeholder(text: str) -> bool:
    _, body, _ = split_front_matter(text)
    words = re.sub(r"(?m)^#.*$", "", body)
    return bool(PLACEHOLDER_TEXT.search(words)) and len(words.split()) < 30


def import_carpentries(source: Path, writer: CourseWriter) -> ImportResult:
    config_file = source / "config.yaml"
    if not config_file.is_file() and is_jekyll_lesson(source):
        with tempfile.TemporaryDirectory(prefix="courseware-jekyll-") as scratch:
            notes = to_workbench(source, Path(scratch))
            return _import_workbench(Path(scratch), writer, notes, shown=source)
    if not config_file.is_file():
        raise BuildError(
            f"{source} is not a Carpentries lesson: it has no config.yaml (the Workbench) "
            "and no _config.yml with an _episodes/ folder (the older Jekyll lessons)"
        )
    return _import_workbench(source, writer, {})


def _import_workbench(
    source: Path,
    writer: CourseWriter,
    jekyll: dict[str, list[str]],
    shown: Path | None = None,
) -> ImportResult:
    """Import a Workbench lesson; ``jekyll``: notes on the pages made from a Jekyll lesson."""
    config_file = source / "config.yaml"
    try:
        config = load_yaml(read_text(config_file)) or {}
    except Exception as exc:  # noqa: BLE001 - any YAML problem is the lesson's
        raise BuildError(f"{config_file} is not valid YAML: {exc}") from None
    if not isinstance(config, dict):
        raise BuildError(f"{config_file} is not a mapping of settings")
    if not (source / "episodes").is_dir():
        raise BuildError(f"{source} has no episodes/ folder")
    log = ImportLog("carpentries", shown or source)
    if jekyll:
        log.general.convert(
            "an older Jekyll lesson (`_config.yml`, `_episodes/`) read as a Workbench lesson: "
            "`_episodes/` → `episodes/`, `setup.md`, `reference.md` and `_extras/` → "
            "`learners/` (`guide.md` → `instructors/`), `fig/`, `data/`, `files/`, `code/` → "
            "`episodes/`; the files below are named by those places"
        )
    repository = str(config.get("source") or "").rstrip("/")
    liquid = {"site.github.repository_url": repository, "site.repo": repository}
    liquid = {name: value for name, value in liquid.items() if value}
    writer.prepare()
    general = log.general
    links = _links(source)

    # which file goes where ------------------------------------------------------------------
    chapter_names: set[str] = set()
    chapters: list[tuple[str, str, list[Entry]]] = []  # (folder, title, entries)
    for number, (title, names) in enumerate(_episode_groups(config, source), 1):
        folder = chapter_folder(number, title or "Episodes", chapter_names, general)
        entries = []
        for name in names:
            if (source / "episodes" / name).is_file():
                entries.append(Entry(f"episodes/{name}", "episode"))
            else:
                log.skip(f"episodes/{name}", "listed in config.yaml but the file does not exist")
        chapters.append((folder, title or "Episodes", entries))
    learners = [
        Entry(path, "learner") for path in _folder_pages(source, "learners", config.get("learners"))
    ]
    learners += [
        Entry(path, "profile") for path in _folder_pages(source, "profiles", config.get("profiles"))
    ]
    for name in ("LICENSE.md", "CODE_OF_CONDUCT.md"):
        if (source / name).is_file():
            learners.append(Entry(name, "extra"))
    for name in ("CITATION.cff", "CITATION"):
        if (source / name).is_file():
            learners.append(Entry(name, "extra"))
            break
    instructors = [
        Entry(path, "instructor")
        for path in _folder_pages(source, "instructors", config.get("instructors"))
    ]
    texts: dict[str, str] = {}
    for group in (learners, instructors):
        for entry in list(group):
            file = source / entry.source
            if not file.is_file():
                group.remove(entry)
                log.skip(entry.source, "listed in config.yaml but the file does not exist")
                continue
            texts[entry.source] = read_text(file)
            if entry.source.endswith((".md", ".Rmd")) and _is_placeholder(texts[entry.source]):
                group.remove(entry)
                log.skip(entry.source, "a placeholder page of the lesson template (no content)")
    next_number = len(chapters) + 1
    if learners:
        folder = chapter_folder(next_number, "Learner resources", chapter_names, general)
        chapters.append((folder, "Learner resources", learners))
        next_number += 1
    if instructors:
        folder = chapter_folder(next_number, "Instructor resources", chapter_names, general)
        chapters.append((folder, "Instructor resources", instructors))

    # output file names -----------------------------------------------------------------------
    outputs: dict[str, str] = {}
    for folder, _, entries in chapters:
        taken: set[str] = set()
        for number, entry in enumerate(entries, 1):
            stem = Path(entry.source).stem
            if entry.kind == "extra":
                stem = {"LICENSE": "licence", "CODE_OF_CONDUCT": "code-of-conduct"}.get(
                    stem, "citation"
                )
            slug = unique_name(short_slug(strip_order(stem), "page"), taken)
            outputs[entry.source] = f"{folder}/{number:02d}-{slug}.md"

    # files: every folder of episodes/, learners/, instructors/, profiles/ ----------------
    assets: dict[str, str] = {}
    first = chapters[0][0] if chapters else "01-episodes"
    homes = {"episodes": first}
    for folder, title, _ in chapters:
        if title == "Learner resources":
            homes["learners"] = homes["profiles"] = folder
        elif title == "Instructor resources":
            homes["instructors"] = folder
    homes.setdefault("learners", first)
    homes.setdefault("profiles", homes["learners"])
    homes.setdefault("instructors", homes["learners"])
    for name, home in homes.items():
        assets.update(
            copy_tree(
                writer,
                log,
                source / name,
                name,
                home,
                skip=lambda path: path.suffix.lower() in (".md", ".rmd"),
            )
        )

    # glossary ------------------------------------------------------------------------------
    glossary: list[dict[str, str]] = []
    term_ids: dict[str, str] = {}
    glossary_page = "learners/reference.md"
    if glossary_page in texts and glossary_page in outputs:
        log_file = log.file(outputs[glossary_page], glossary_page)
        rest, glossary, term_ids = extract_glossary(texts[glossary_page], log_file)
        texts[glossary_page] = rest

    # pages -----------------------------------------------------------------------------------
    pages: list[Page] = []
    for _, _, entries in chapters:
        for entry in entries:
            out = outputs[entry.source]
            file_log = log.file(out, entry.source)
            if entry.kind == "extra":
                pages.append(_extra_page(source, entry.source, out, file_log, links))
                continue
            text = texts.get(entry.source) or read_text(source / entry.source)
            text = fill_liquid(text, liquid, file_log)
            log_notes(file_log, jekyll.get(entry.source, []))
            page = convert_file(
                text,
                out,
                entry.source,
                file_log,
                links,
                rmd=entry.source.lower().endswith(".rmd"),
            )
            if entry.kind == "instructor":
                page.body = _instructor_only(page.body, file_log)
                for key in ("summary", "objectives", "keypoints", "x-questions"):
                    if page.meta.pop(key, None):
                        file_log.drop(f"front matter `{key}` (learners would see it)")
            if not page.body.strip():
                log.skip(entry.source, "nothing is left once its glossary went to glossary.yml")
                del log.files[(out, entry.source)]
                continue
            pages.append(page)
    has_index = (source / "index.md").is_file() and bool(chapters)
    if has_index:
        index_log = log.file(f"{chapters[0][0]}/index.md", "index.md")
        index_page = convert_file(
            read_text(source / "index.md"),
            f"{chapters[0][0]}/index.md",
            "index.md",
            index_log,
            links,
        )
        index_page.meta = {"title": chapters[0][1]}
        description = _description(config)
        if description:
            index_page.meta["summary"] = description
        pages.append(index_page)
    chapter_list: list[tuple[str, dict[str, Any], str | None]] = []
    for number, (folder, title, _) in enumerate(chapters):
        if number == 0 and has_index:
            continue  # written as a page (index.md), its links rewritten like the others
        chapter_list.append((folder, {"title": title}, None))
    pages_by_source = {page.source: page for page in pages}

    # links -----------------------------------------------------------------------------------
    def resolve(page: Page, url: str) -> Target | None:
        path, fragment = split_url(url)
        base = posixpath.dirname(page.source)
        candidates = [posixpath.normpath(posixpath.join(base, path))]
        name = posixpath.normpath(path).lstrip("./")
        for folder in ("episodes", "learners", "instructors", "profiles", ""):
            candidates.append(posixpath.normpath(posixpath.join(folder, name)))
        for candidate in candidates:
            for variant in _variants(candidate):
                if variant == glossary_page and fragment and fragment in term_ids:
                    return Target("term", term_ids[fragment])
                if variant in pages_by_source:
                    return Target("page", pages_by_source[variant].out)
                if variant in outputs:
                    return Target("gone")
                if variant in assets:
                    return Target("asset", assets[variant])
                if variant == "index.md" and has_index:
                    return Target("page", f"{chapters[0][0]}/index.md")
        for candidate in candidates:
            file = source / candidate
            if candidate and not candidate.startswith("..") and file.is_file():
                if candidate.endswith((".md", ".Rmd")):
                    return Target("gone")
                target = f"{homes['learners']}/files/{posixpath.basename(candidate)}"
                writer.copy(file, target)
                log.copied.append((candidate, target))
                assets[candidate] = target
                return Target("asset", target)
        return None

    course = _course(config, source, general)
    _keep_attribution(source, writer, log)
    return finish(writer, log, course, chapter_list, pages, resolve, glossary, assets.values())


def _variants(path: str) -> list[str]:
    stem, ext = posixpath.splitext(path)
    if ext in (".html", ".htm", ""):
        return [path, stem + ".md", stem + ".Rmd", posixpath.join(path, "index.md")]
    if ext == ".md":
        return [path, stem + ".Rmd"]
    return [path]


def bold_headings(lines: list[str]) -> list[str]:
    """Headings → bold lines: in an instructor note they would reach the learners' page.

    The engine builds a lesson's "On this page" list from every heading, those inside
    ``!!! instructor`` blocks too, while it removes the blocks from learner pages: the
    headings' titles would show there, linking to nothing.
    """
    code = code_lines(lines)
    out = []
    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        heading = split_heading(stripped) if number not in code else None
        out.append(f"{line[: len(line) - len(stripped)]}**{heading[1]}**" if heading else line)
    return out


def _instructor_only(body: str, log: FileLog) -> str:
    """An instructors' page: all of it in an ``!!! instructor`` block, hidden from learners."""
    lines = trim_blank(body.split("\n"))
    bold = bold_headings(lines)
    if bold != lines:
        lines = bold
        log.convert(
            "headings inside instructor notes → bold lines (the engine would list them in the "
            "learners' table of contents)"
        )
    log.convert("the whole page → an `!!! instructor` block (learners never see it)")
    return "\n".join(
        [
            "This page holds notes for instructors. They are shown on its instructor version "
            "(the site's Instructor pages), never to learners.",
            "",
            "!!! instructor",
            *indent_lines(lines),
        ]
    )


def _extra_page(source: Path, name: str, out: str, log: FileLog, links: dict[str, str]) -> Page:
    """LICENSE.md, CODE_OF_CONDUCT.md and CITATION(.cff) as pages of the learners' chapter."""
    text = read_text(source / name)
    if name.startswith("CITATION"):
        language = "yaml" if name.endswith(".cff") else "text"
        body = (
            f"Please cite this lesson as the authors ask in `{name}`:\n\n"
            f"```{language}\n{text.strip()}\n```\n"
        )
        log.convert(f"`{name}` → a page showing it as it is")
        return Page(out, name, {"title": "Citation"}, body, log)
    page = convert_file(text, out, name, log, links)
    if name == "LICENSE.md" and page.meta.get("title") in (None, "", "LICENSE"):
        page.meta["title"] = "Licence"
    page.body = re.sub(r"(?m)^(#)(?= )", "##", page.body)
    return page


def _links(source: Path) -> dict[str, str]:
    file = source / "links.md"
    if not file.is_file():
        return {}
    text = read_text(file)
    return {match["label"]: match[0].strip() for match in REF_DEF.finditer(text)}


def _description(config: dict[str, Any]) -> str:
    text = str(config.get("carpentry_description") or "").strip()
    return "" if text in ("Lesson Description", "FIXME") else text


def _course(config: dict[str, Any], source: Path, log: FileLog) -> dict[str, Any]:
    carpentry = str(config.get("carpentry") or "")
    author = CARPENTRIES.get(carpentry, "")
    citation = ""
    for name in ("CITATION.cff", "CITATION", "AUTHORS"):
        if (source / name).is_file():
            citation = name
            break
    course: dict[str, Any] = {
        "title": str(config.get("title") or source.name),
        "description": _description(config),
        "author": f"{author} contributors" if author else "",
        "licence": str(config.get("license") or ""),
        "repository": str(config.get("source") or ""),
        "url": "",
        "x-contact": str(config.get("contact") or ""),
        "x-imported-from": {
            "format": "Carpentries Workbench",
            "source": str(config.get("source") or source),
            "branch": str(config.get("branch") or ""),
            "original_url": str(config.get("url") or ""),
            "created": str(config.get("created") or ""),
            "life_cycle": str(config.get("life_cycle") or ""),
            "keywords": str(config.get("keywords") or ""),
            "carpentry": carpentry,
            "authors": f"see {LOG_FOLDER}/{citation}" if citation else "",
        },
    }
    course["x-imported-from"] = {k: v for k, v in course["x-imported-from"].items() if v}
    if not course["licence"] and (source / "LICENSE.md").is_file():
        course["licence"] = licence_name(read_text(source / "LICENSE.md"))
    log.convert("config.yaml → course.yml (title, licence, source repository, contact)")
    if author:
        log.convert(f"`carpentry: {carpentry}` → `author: {author} contributors`")
    return course


def _keep_attribution(source: Path, writer: CourseWriter, log: ImportLog) -> None:
    names = ("LICENSE.md", "LICENSE", "AUTHORS", "CITATION", "CITATION.cff", "config.yaml")
    for name in (*names, "_config.yml"):  # _config.yml: a Jekyll lesson's own settings
        if (source / name).is_file():
            writer.copy(source / name, f"{LOG_FOLDER}/{name}")
            log.general.convert(f"`{name}` kept as it is in `{LOG_FOLDER}/`")


__all__ = ["import_carpentries", "normalise_lists", "convert_file", "extract_glossary", "slugify"]
