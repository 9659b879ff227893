"""Import an MkDocs site (``mkdocs.yml`` and its ``docs/`` folder), Material theme included.

``nav`` decides the chapters: each section is a chapter (sections nested deeper are
flattened into it) and each run of pages outside sections is a chapter of its own. Without
``nav`` every folder of ``docs/`` is a chapter and its files, sorted, the lessons. Pages that
``nav`` leaves out are imported only when a page links to them.

What the engine's renderer does not understand is converted:

- a body's ``# Title`` becomes the front-matter title (so it is not shown twice);
  ``description`` becomes ``summary``; other front-matter keys are kept;
- content tabs (``=== "Tab"``) become closed ``??? note "Tab"`` blocks, the first tab of a set
  open: the renderer has no ``pymdownx.tabbed``;
- admonition types the engine does not style (``info``, ``success``, ``question``...) become
  ``note``, ``tip``, ``warning`` or ``danger``, keeping their title;
- a bold "**Exercise:**" paragraph followed by a collapsed "Answer" or "Solution" block becomes
  an ``!!! exercise`` with a ``??? solution``;
- emoji shortcodes become Unicode emoji (pymdownx's Twemoji index); icon shortcodes
  (``:material-…:``, ``:fontawesome-…:``...) are removed;
- raw HTML ``<img>`` and ``<figure>`` become Markdown images, ``<a href>`` to local files
  Markdown links, ``<iframe>`` embeds links to what they showed;
- ``--8<--`` snippets are copied under ``_snippets/`` and their paths rewritten;
- ``++ctrl+c++`` keys, ``==mark==``, ``^^insert^^`` and ``~~delete~~`` become HTML.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..course.rendering.title import heading_text
from ..errors import BuildError
from .common import (
    ADMONITION_TYPES,
    ICON_SETS,
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
    convert_shortcodes,
    finish,
    humanise,
    image_markdown,
    indent_lines,
    is_external,
    licence_name,
    load_yaml,
    map_prose,
    read_text,
    relative,
    separate_fences,
    short_slug,
    split_front_matter,
    split_url,
    squeeze_blank_lines,
    strip_order,
    trim_blank,
    unique_name,
    unwrap_html_images,
)

ADMONITION = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<types>[\w-]+(?:[ \t]+[\w-]+)*)?"
    r'[ \t]*(?P<title>"[^\n]*")?[ \t]*$'
)
TAB = re.compile(r'^(?P<indent>[ \t]*)===(?P<flags>[!+]*)[ \t]+"(?P<title>[^\n]*)"[ \t]*$')
ATX = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*)$")  # see heading_text
EXERCISE_START = re.compile(
    r"^\*\*(?P<label>(?:Exercise|Exercice|Task|Challenge|Question)[^*\n]{0,30}?):?\*\*:?[ \t]*",
    re.I,
)
ANSWER_TITLE = re.compile(r"answer|solution|hint|r[ée]ponse|l[öo]sung", re.I)
SNIPPET = re.compile(
    r"^(?P<indent>[ \t]*)(?P<escape>;?)-{1,}8<-{1,}[ \t]+"
    r"""(?P<q>["'])(?P<file>[^"'\n]+)(?P=q)[ \t]*$"""
)
SNIPPET_SPEC = re.compile(
    r"^(?P<file>.+?)(?::(?P<section>[A-Za-z_][\w.-]*))?(?::(?P<start>\d*)(?::(?P<end>\d*))?)?$"
)
SNIPPET_BLOCK = re.compile(r"^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]*$")
HTML_TAG_ATTR = re.compile(
    r"""(?P<name>[\w:-]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+)))?"""
)
IMG = re.compile(r"<img\b(?P<attrs>[^>]*?)/?>", re.I | re.S)
FIGURE = re.compile(
    r"^(?P<indent>[ \t]*)<figure\b(?P<attrs>[^>]*)>(?P<inner>.*?)</figure>[ \t]*$",
    re.I | re.S | re.M,
)
ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<inner>.*?)</a>", re.I | re.S)
IFRAME = re.compile(
    r"<iframe\b(?P<attrs>[^>]*)>\s*</iframe>|<iframe\b(?P<attrs2>[^>]*)/>", re.I | re.S
)
MD_IN_HTML_OPEN = re.compile(
    r"^(?P<indent>[ \t]*)<(?P<tag>div|section|article|p|span|details|summary|figure)\b"
    r"(?P<attrs>[^>]*\bmarkdown\b[^>]*)>[ \t]*$",
    re.I,
)
KEYS = re.compile(r"\+\+(?P<keys>[\w+-]+?)\+\+")
BLOCK_TAGS = ("p", "div", "center", "span", "figure")


# -- the plan ------------------------------------------------------------------------------------


@dataclass
class Item:
    title: str | None
    path: str  #: under docs_dir, posix


@dataclass
class Chapter:
    title: str
    items: list[Item] = field(default_factory=list)
    index: Item | None = None


def _nav_pages(entries: Any, log: FileLog, depth: int = 0) -> list[Item]:
    """The pages of a nav section, nested sections flattened."""
    items: list[Item] = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            if is_external(entry):
                log.drop(f"the nav link to `{entry}` (not a page of the site)")
            else:
                items.append(Item(None, entry))
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    if is_external(value):
                        log.drop(f"the nav link «{title}» to `{value}` (not a page of the site)")
                    else:
                        items.append(Item(str(title), value))
                elif isinstance(value, list):
                    log.convert(
                        f"the nav section «{title}» nested in a section → its pages follow in "
                        "the chapter (the engine has two levels: chapters and lessons)"
                    )
                    items.extend(_nav_pages(value, log, depth + 1))
    return items


def plan_from_nav(nav: list[Any], log: FileLog) -> list[Chapter]:
    chapters: list[Chapter] = []
    run: list[Item] = []

    def flush() -> None:
        if not run:
            return
        if any(item.path in ("index.md", "README.md") for item in run):
            title = "Introduction"
        else:
            title = run[0].title or humanise(strip_order(Path(run[0].path).stem))
        chapters.append(Chapter(title, list(run)))
        run.clear()

    for entry in nav:
        if isinstance(entry, dict) and any(isinstance(value, list) for value in entry.values()):
            for title, value in entry.items():
                if isinstance(value, list):
                    flush()
                    chapters.append(Chapter(str(title), _nav_pages(value, log)))
                else:
                    run.extend(_nav_pages({title: value}, log))
        else:
            run.extend(_nav_pages(entry, log))
    flush()
    for chapter in chapters:
        first = chapter.items[0] if chapter.items else None
        if (
            first
            and len(chapter.items) > 1
            and posixpath.basename(first.path) in ("index.md", "README.md")
            and posixpath.dirname(first.path)
        ):
            chapter.index = chapter.items.pop(0)
    return [chapter for chapter in chapters if chapter.items or chapter.index]


def plan_from_files(docs: Path, site_name: str) -> list[Chapter]:
    """No nav: one chapter per folder, files sorted, index.md first."""

    def order(path: Path) -> tuple[int, str]:
        return (0 if path.name in ("index.md", "README.md") else 1, path.as_posix())

    files = sorted((path for path in docs.rglob("*.md") if _visible(path, docs)), key=order)
    top = [path for path in files if path.parent == docs]
    chapters = []
    if top:
        chapters.append(
            Chapter("Introduction", [Item(None, path.relative_to(docs).as_posix()) for path in top])
        )
    folders = sorted({path.relative_to(docs).parts[0] for path in files if path.parent != docs})
    for folder in folders:
        inside = sorted(
            (path for path in files if path.relative_to(docs).parts[0] == folder),
            key=lambda path: order(path) if path.parent == docs / folder else (2, path.as_posix()),
        )
        chapter = Chapter(humanise(strip_order(folder)).capitalize())
        chapter.items = [Item(None, path.relative_to(docs).as_posix()) for path in inside]
        if chapter.items and posixpath.basename(chapter.items[0].path) in ("index.md", "README.md"):
            chapter.index = chapter.items.pop(0)
        chapters.append(chapter)
    return chapters


def _visible(path: Path, docs: Path) -> bool:
    return not any(part.startswith((".", "_")) for part in path.relative_to(docs).parts)


# -- conversions ---------------------------------------------------------------------------------


def html_attrs(text: str) -> dict[str, str]:
    attrs = {}
    for match in HTML_TAG_ATTR.finditer(text):
        value = match["dq"] if match["dq"] is not None else match["sq"]
        if value is None:
            value = match["bare"] if match["bare"] is not None else ""
        attrs[match["name"].lower()] = html.unescape(value)
    return attrs


def take_title(body: str, log: FileLog) -> tuple[str | None, str]:
    """The body's leading ``# Title`` (ATX or setext) and the body without it."""
    lines = body.split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return None, body
    match = ATX.match(lines[index])
    if match and len(match["hashes"]) == 1:
        text = re.sub(r"\{[^{}]*\}$", "", heading_text(match["text"])).strip()
        return text, "\n".join(lines[index + 1 :])
    if (
        index + 1 < len(lines)
        and lines[index].strip()
        and re.match(r"^=+[ \t]*$", lines[index + 1])
        and not lines[index].startswith((" ", "\t"))
    ):
        return lines[index].strip(), "\n".join(lines[index + 2 :])
    return None, body


def demote_headings(body: str, log: FileLog) -> str:
    """A page with more level-1 headings: every heading one level down (the title is the h1)."""
    lines = body.split("\n")
    code = code_lines(lines)
    empty = [
        number
        for number, line in enumerate(lines)
        if number not in code and re.match(r"^#{1,6}[ \t]*$", line)
    ]
    if empty:  # an empty heading (a page hiding its h1 with CSS): nothing to show
        log.drop(f"{len(empty)} empty `#` heading(s)")
        for number in empty:
            lines[number] = ""
        body = "\n".join(lines)
    if not any(
        number not in code and re.match(r"^#[ \t]", line) for number, line in enumerate(lines)
    ):
        return body
    log.convert("headings one level down: the page had more than one level-1 heading")
    return "\n".join(
        "#" + line if number not in code and re.match(r"^#{1,5}[ \t]", line) else line
        for number, line in enumerate(lines)
    )


def convert_tabs(body: str, log: FileLog) -> str:
    """``=== "Tab"`` → ``???+ note "Tab"`` (first of a set) or ``??? note "Tab"``."""
    lines = body.split("\n")
    code = code_lines(lines)
    groups: list[list[int]] = []
    open_groups: dict[int, list[int]] = {}
    for number, line in enumerate(lines):
        if number in code or not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        match = TAB.match(line)
        for level in [level for level in open_groups if level > indent]:
            del open_groups[level]
        if match:
            if indent in open_groups and "!" not in match["flags"]:
                open_groups[indent].append(number)
            else:
                group = [number]
                groups.append(group)
                open_groups[indent] = group
        elif indent in open_groups:
            del open_groups[indent]
    for group in groups:
        chosen = next(
            (number for number in group if "+" in TAB.match(lines[number])["flags"]), group[0]
        )
        for number in group:
            match = TAB.match(lines[number])
            marker = "???+" if number == chosen else "???"
            lines[number] = admonition_line(match["indent"], marker, "note", match["title"])
        log.convert('content tabs `=== "..."` → one `??? note` per tab (the first open)')
    return "\n".join(lines)


def convert_exercises(body: str, log: FileLog) -> str:
    """A bold "Exercise:" paragraph and the collapsed answers after it → an exercise."""
    lines = body.split("\n")
    code = code_lines(lines)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        start = EXERCISE_START.match(line) if index not in code else None
        if not start:
            out.append(line)
            index += 1
            continue
        cursor = index + 1
        answer = None
        while cursor < len(lines):
            current = lines[cursor]
            if cursor not in code:
                block = ADMONITION.match(current)
                if block and block["marker"].startswith("???") and not block["indent"]:
                    title = (block["title"] or "").strip('"')
                    if ANSWER_TITLE.search(title) or (block["types"] or "") in ("success", "done"):
                        answer = cursor
                        break
                if (
                    ATX.match(current)
                    or EXERCISE_START.match(current)
                    or (block and not block["indent"] and not block["marker"].startswith("!!!"))
                ):
                    break
            cursor += 1
        if answer is None:
            out.append(line)
            index += 1
            continue
        # the answers: collapsed blocks at column 0 one after the other
        end = answer
        answers: list[list[str]] = []
        while end < len(lines):
            block = ADMONITION.match(lines[end]) if end not in code else None
            if not (block and block["marker"].startswith("???") and not block["indent"]):
                break
            stop = end + 1
            while stop < len(lines) and (
                not lines[stop].strip() or lines[stop].startswith((" ", "\t")) or stop in code
            ):
                stop += 1
            answers.append(lines[end:stop])
            end = stop
        label = start["label"].strip()
        first = line[start.end() :]
        task = trim_blank([first, *lines[index + 1 : answer]])
        title = label
        if label.lower() in ("exercise", "exercice"):
            # An untitled exercise takes the title of the section it is in.
            heading = next((x for x in reversed(out) if x.startswith("#")), "")
            title = heading.lstrip("#").strip() or None
        out += ["", admonition_line("", "!!!", "exercise", title), *indent_lines(task), ""]
        for block_lines in answers:
            block = ADMONITION.match(block_lines[0])
            block_title = (block["title"] or "").strip('"')
            kind = "hint" if re.search(r"hint|tip", block_title, re.I) else "solution"
            shown = None if block_title.lower() == kind else (block_title or None)
            out.append(admonition_line("    ", "???", kind, shown))
            out.extend(indent_lines(trim_blank(block_lines[1:])))
            out.append("")
        log.convert(
            f"a bold «{label}» paragraph and its collapsed answer → `!!! exercise` with "
            "`??? solution`"
        )
        index = end
    return "\n".join(out)


def convert_admonitions(body: str, log: FileLog) -> str:
    """Admonition types onto the engine's; solutions outside exercises become notes."""
    lines = body.split("\n")
    code = code_lines(lines)
    stack: list[tuple[int, str]] = []  # (indent, kind) of the blocks around a line
    for number, line in enumerate(lines):
        if number in code or not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        match = ADMONITION.match(line)
        if not match:
            continue
        words = (match["types"] or "note").split()
        modifiers = [word for word in words[1:] if word in ("inline", "end")]
        kind = words[0].lower()
        if modifiers:
            log.convert("admonition modifiers `inline`/`end` dropped (no side boxes)")
        title = match["title"][1:-1] if match["title"] else None
        new = ADMONITION_TYPES.get(kind, "note")
        if kind in ("solution", "hint") and not any(k == "exercise" for _, k in stack):
            new = "note" if kind == "solution" else "tip"
        if new != kind:
            if title is None:
                title = kind.capitalize()
            log.convert(f"admonition type `{kind}` → `{new}` (its title kept)")
        lines[number] = admonition_line(match["indent"], match["marker"], new, title)
        stack.append((indent, new))
    return "\n".join(lines)


def unwrap_md_in_html(body: str, log: FileLog) -> str:
    """``<div markdown>...</div>`` wrappers removed: the renderer has no md_in_html."""
    lines = body.split("\n")
    code = code_lines(lines)
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # (tag, nesting depth of that tag)
    for number, line in enumerate(lines):
        if number in code:
            out.append(line)
            continue
        opening = MD_IN_HTML_OPEN.match(line)
        if opening:
            stack.append((opening["tag"].lower(), 0))
            log.convert(f"`<{opening['tag']} markdown>` wrapper removed (its Markdown kept)")
            continue
        if stack:
            tag, depth = stack[-1]
            opens = len(re.findall(rf"<{tag}\b", line, re.I))
            closes = len(re.findall(rf"</{tag}>", line, re.I))
            if re.match(rf"^[ \t]*</{tag}>[ \t]*$", line, re.I) and depth == 0:
                stack.pop()
                continue
            stack[-1] = (tag, depth + opens - closes)
        out.append(line)
    return "\n".join(out)


@dataclass
class HtmlConverter:
    """Raw HTML that points at files → Markdown the engine rewrites and checks."""

    page: str  #: the page's path under docs_dir
    url_dir: str  #: the folder its address is in, which raw HTML paths are relative to
    docs: Path
    log: FileLog

    def local(self, url: str) -> str:
        """A path written in raw HTML, made relative to the page file as Markdown wants."""
        if not url or is_external(url) or url.startswith("#"):
            return url
        path, fragment = split_url(url)
        if path.startswith("/"):
            resolved = posixpath.normpath(path.lstrip("/"))
        else:
            base_url = posixpath.normpath(posixpath.join(self.url_dir, path))
            base_file = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), path))
            resolved = base_url if (self.docs / base_url).exists() else base_file
        new = relative(self.page, resolved)
        return new + (f"#{fragment}" if fragment else "")

    def image(self, attrs_text: str) -> str:
        attrs = html_attrs(attrs_text)
        src = attrs.get("src", "")
        if not src:
            return ""
        alt = attrs.get("alt") or attrs.get("title") or ""
        if not alt:
            alt = humanise(split_url(src)[0] or src)
            self.log.note(f"the image `{src}` had no alt text; it was given «{alt}»: describe it")
        self.log.convert("HTML `<img>` → Markdown image")
        return image_markdown(alt, self.local(src), attrs.get("width"), attrs.get("height"))

    def figure(self, match: re.Match[str]) -> str:
        """``<figure><img><figcaption>``: the image, and its caption as a line under it."""
        inner = match["inner"]
        caption = re.search(r"<figcaption\b[^>]*>(?P<text>.*?)</figcaption>", inner, re.I | re.S)
        caption_text = " ".join(re.sub(r"<[^>]+>", "", caption["text"]).split()) if caption else ""
        image = IMG.search(inner)
        indent = match["indent"]
        if image is None:
            rest = re.sub(r"</?figcaption[^>]*>", "", inner)
            return "\n".join(indent + line.strip() for line in rest.strip().split("\n"))
        attrs_text = image["attrs"]
        if caption_text and not html_attrs(attrs_text).get("alt"):
            attrs_text += f' alt="{html.escape(caption_text)}"'
        self.log.convert("HTML `<figure>` → Markdown image (and its caption as a line)")
        out = indent + self.image(attrs_text)
        if caption_text:
            out += f"\n\n{indent}*{caption_text}*"
        return out

    def anchor(self, match: re.Match[str]) -> str:
        attrs = html_attrs(match["attrs"])
        href = attrs.get("href", "")
        inner = match["inner"].strip()
        if not href or is_external(href) or href.startswith("#"):
            return match[0]
        if re.search(r"<(?!img\b)[a-z]", inner, re.I):
            return match[0]
        inner = IMG.sub(lambda m: self.image(m["attrs"]), inner)
        self.log.convert("HTML `<a href>` to a local file → Markdown link")
        return f"[{' '.join(inner.split()) or humanise(href)}]({self.local(href)})"

    def iframe(self, match: re.Match[str]) -> str:
        attrs = html_attrs(match["attrs"] or match["attrs2"] or "")
        src = attrs.get("src", "")
        if not src:
            return ""
        title = attrs.get("title", "")
        youtube = re.match(r"https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src)
        vimeo = re.match(r"https?://player\.vimeo\.com/video/(\d+)", src)
        if youtube:
            url, what = f"https://www.youtube.com/watch?v={youtube[1]}", "Video on YouTube"
        elif vimeo:
            url, what = f"https://vimeo.com/{vimeo[1]}", "Video on Vimeo"
        else:
            url, what = (src if is_external(src) else self.local(src)), "Embedded page"
        generic = not title or title.lower() in ("youtube video player", "vimeo video player")
        text = what if generic else f"{what}: {title}"
        self.log.convert(
            "`<iframe>` embed → a link to what it showed (the engine's pages allow no frames)"
        )
        return f"[{text}]({url})"

    def __call__(self, text: str) -> str:
        text = FIGURE.sub(self.figure, text)
        text = ANCHOR.sub(self.anchor, text)
        text = IMG.sub(lambda match: self.image(match["attrs"]), text)
        text = IFRAME.sub(self.iframe, text)
        return _strip_block_wrappers(text, self.log)


def _strip_block_wrappers(text: str, log: FileLog) -> str:
    """``<p align="center">![..](..)</p>``: Markdown in an HTML block is not rendered."""
    paragraphs = re.split(r"(\n[ \t]*\n)", text)
    for number, paragraph in enumerate(paragraphs):
        stripped = paragraph.lstrip()
        if not re.match(rf"<(?:{'|'.join(BLOCK_TAGS)})\b", stripped, re.I):
            continue
        if "![" not in paragraph and not INLINE_LINK.search(paragraph):
            continue
        if re.search(rf"<(?!/?(?:{'|'.join(BLOCK_TAGS)})\b)[a-z]", paragraph, re.I):
            continue  # other HTML inside: leave the block as it is
        pattern = rf"</?(?:{'|'.join(BLOCK_TAGS)})\b[^>]*>"
        width = len(paragraph) - len(paragraph.lstrip(" "))
        lines = re.sub(pattern, "", paragraph, flags=re.I).split("\n")
        lines = [" " * width + line.strip() if line.strip() else "" for line in lines]
        paragraphs[number] = "\n".join(trim_blank(lines))
        log.convert("HTML wrapper around Markdown removed (alignment and styling dropped)")
    return "".join(paragraphs)


AUTOREF = re.compile(  # the text may go on to the next line
    r"\[(?P<text>(?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])+)\]\[(?P<label>[A-Za-z_][\w.]*)?\]"
)
CODE_PLACEHOLDER = re.compile("\x02\\d+\x03")  #: inline code, hidden while prose is converted
DOTTED = re.compile(r"^`?[A-Za-z_]\w*(?:\.\w+)+`?$")
MKDOCSTRINGS = re.compile(r"^(?P<indent>[ \t]*):::[ \t]+(?P<name>[\w.:/-]+)[ \t]*$")
MKDOCSTRINGS_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+:::[ \t]+(?P<name>[\w.:/-]+)[ \t]*$")


def convert_autorefs(text: str, log: FileLog) -> str:
    """``[text][package.Thing]`` (mkdocstrings cross-references) → the text alone.

    The references point at API pages a plugin generates; nothing defines them here, so the
    engine would show the brackets and report an undefined link.
    """
    defined = {match["label"].lower() for match in REF_DEF.finditer(text)}

    def replace(match: re.Match[str]) -> str:
        label = match["label"] or match["text"]
        code_only = (  # [`package.name`][]: a collapsed reference whose text is code
            not match["label"]
            and CODE_PLACEHOLDER.fullmatch(match["text"])
            and not any("`" in label for label in defined)
        )
        if label.lower() in defined or not (DOTTED.match(label) or code_only):
            return match[0]
        log.convert("cross-references to generated API pages (`[text][package.name]`) → text")
        return match["text"]

    return AUTOREF.sub(replace, text)


def drop_mkdocstrings(body: str, log: FileLog) -> str:
    """``::: package.module`` (and its indented options) → a line saying what was there.

    mkdocstrings and similar plugins generate an API reference there at build time; the
    engine would read ``:::`` as a fenced div that is never closed.
    """
    lines = body.split("\n")
    code = code_lines(lines)
    out: list[str] = []
    index = 0
    while index < len(lines):
        heading = MKDOCSTRINGS_HEADING.match(lines[index]) if index not in code else None
        if heading:  # "#### ::: package.name": the heading of a generated reference
            out.append(f"{heading['hashes']} `{heading['name']}`")
            log.drop(f"`::: {heading['name']}` in a heading: the heading shows the name")
            index += 1
            continue
        match = MKDOCSTRINGS.match(lines[index]) if index not in code else None
        if not match:
            out.append(lines[index])
            index += 1
            continue
        indent = match["indent"]
        index += 1
        while index < len(lines) and (
            not lines[index].strip() or lines[index].startswith(indent + " ")
        ):
            if not lines[index].strip() and (
                index + 1 >= len(lines) or not lines[index + 1].startswith(indent + " ")
            ):
                break
            index += 1
        out.append(
            f"{indent}*The reference of `{match['name']}` was generated here by an MkDocs "
            "plugin; see the original site.*"
        )
        log.drop(f"`::: {match['name']}`: a reference a plugin generates (a line says so)")
    return "\n".join(out)


LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]")


def dedent_stray_paragraphs(body: str, log: FileLog) -> str:
    """A paragraph indented 1–3 spaces after a block's body → not indented.

    MkDocs reads it as a paragraph after the block; the engine's checker would take the
    indent for a mistake in the block's content and refuse it.
    """
    lines = body.split("\n")
    code = code_lines(lines)
    moved = 0
    previous = ""  # the last line with text before the blank line(s)
    for number, line in enumerate(lines):
        if not line.strip() or number in code:
            if line.strip():
                previous = line
            continue
        indent = len(line) - len(line.lstrip(" "))
        if (
            0 < indent < 4
            and number > 0
            and not lines[number - 1].strip()
            and len(previous) - len(previous.lstrip(" ")) >= 4
            and not LIST_ITEM.match(line)
            and not line.lstrip().startswith(("|", "<", "```", "~~~"))
        ):
            lines[number] = line.lstrip(" ")
            moved += 1
        previous = lines[number]
    if moved:
        log.convert("paragraphs indented 1–3 spaces after a block → not indented", moved)
    return "\n".join(lines)


CODE_INCLUDE = re.compile(r"^(?P<indent>[ \t]*)\{\*[ \t]+(?P<path>\S+)(?P<options>.*?)\*\}[ \t]*$")
LANGUAGES = {".py": "python", ".md": "markdown", ".toml": "toml", ".yml": "yaml", ".yaml": "yaml",
             ".json": "json", ".sh": "bash", ".js": "javascript", ".html": "html", ".css": "css",
             ".sql": "sql", ".txt": "text", ".ini": "ini", ".cfg": "ini"}  # fmt: skip


def convert_code_includes(body: str, page_dir: str, log: FileLog) -> str:
    """``{* docs_src/app.py hl[3] *}`` (FastAPI's and Typer's docs) → a code block that
    includes the file with ``--8<--``, its highlighted lines kept (``ln[1:5]``: those lines).

    The site's own build hook reads that syntax; the engine would show the line as typed and
    the example would be lost.
    """
    lines = body.split("\n")
    code = code_lines(lines)
    out: list[str] = []
    for number, line in enumerate(lines):
        match = CODE_INCLUDE.match(line) if number not in code else None
        if not match:
            out.append(line)
            continue
        path, options, indent = match["path"], match["options"], match["indent"]
        if path.startswith("../"):  # relative to the page; otherwise to the repository
            path = posixpath.normpath(posixpath.join(page_dir, path))
        spec = path
        shown = re.search(r"\bln\[(\d+):(\d+)\]", options)
        if shown:
            spec += f":{shown[1]}:{shown[2]}"
        info = LANGUAGES.get(posixpath.splitext(path)[1].lower(), "text")
        lit = re.search(r"\bhl\[([\d,:\s]+)\]", options)
        if lit and not shown:
            parts = [part.strip().replace(":", "-") for part in lit[1].split(",") if part.strip()]
            info += f' hl_lines="{" ".join(parts)}"'
        out += [f"{indent}```{info}", f'{indent}--8<-- "{spec}"', f"{indent}```"]
        log.convert("`{* file *}` code includes → a code block including the file")
    return "\n".join(out)


BLOCK_OPEN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<slashes>/{3,})[ \t]*(?P<name>[\w-]+)"
    r"(?:[ \t]*\|[ \t]*(?P<title>.*?))?[ \t]*$"
)
BLOCK_OPTION = re.compile(r"^[ \t]+(?P<key>[\w-]+):[ \t]*(?P<value>.*?)[ \t]*$")


def convert_generic_blocks(body: str, log: FileLog) -> str:
    """pymdownx.blocks (``/// tip | Title`` ... ``///``) → admonitions, details and tabs.

    Newer Material sites (FastAPI's, Typer's) write their boxes so; the engine reads the older
    indented syntax, which the rest of the import then converts like any other.
    """
    if "///" not in body:
        return body
    lines = body.split("\n")
    out = _blocks(lines, log)
    return "\n".join(out)


def _blocks(lines: list[str], log: FileLog) -> list[str]:
    code = code_lines(lines)
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = BLOCK_OPEN.match(lines[index]) if index not in code else None
        if not match:
            out.append(lines[index])
            index += 1
            continue
        indent, slashes = match["indent"], match["slashes"]
        closing = re.compile(rf"^{re.escape(indent)}{slashes}[ \t]*$")
        end = index + 1
        while end < len(lines) and (end in code or not closing.match(lines[end])):
            end += 1
        if end >= len(lines):  # never closed: left as it is
            out.append(lines[index])
            index += 1
            continue
        options: dict[str, str] = {}
        start = index + 1
        while start < end and (option := BLOCK_OPTION.match(lines[start])):
            options[option["key"].lower()] = option["value"].strip("'\"")
            start += 1
        content = _blocks([line.removeprefix(indent) for line in lines[start:end]], log)
        out.extend(_block_lines(match["name"].lower(), match["title"], options, content, indent))
        log.convert(f"`/// {match['name'].lower()}` blocks (pymdownx.blocks) → the indented syntax")
        index = end + 1
    return out


def _block_lines(
    name: str, title: str | None, options: dict[str, str], content: list[str], indent: str
) -> list[str]:
    body = indent_lines(trim_blank(content))
    shown = f' "{title.replace(chr(34), chr(39))}"' if title else ""
    if name == "tab":
        tab = (
            f'{indent}===! "{title or "Tab"}"'
            if options.get("new") in ("true", "True")
            else (f'{indent}=== "{title or "Tab"}"')
        )
        return [tab, "", *[indent + line if line else "" for line in body], ""]
    if name in ("html", "define"):
        return [indent + line if line else "" for line in trim_blank(content)]
    if name == "caption":
        text = " ".join(line.strip() for line in content if line.strip())
        return [f"{indent}*{text}*", ""] if text else []
    if name == "details":
        kind = options.get("type", "note")
        marker = "???+" if options.get("open") in ("true", "True") else "???"
    else:
        kind = options.get("type", "note") if name == "admonition" else name
        marker = "!!!"
    return [
        f"{indent}{marker} {kind}{shown}",
        *[indent + line if line else "" for line in body],
        "",
    ]


def plain_title(title: str) -> str:
    """``Install **Typer**`` → ``Install Typer``; underscores in names are kept."""
    title = re.sub(r"`+", "", title)
    title = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda match: match[1] or match[2], title)
    return re.sub(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])", r"\1", title)


def convert_keys(text: str, log: FileLog) -> str:
    from pymdownx import keymap_db

    def key(name: str) -> str:
        name = keymap_db.aliases.get(name.lower(), name.lower())
        shown = keymap_db.keymap.get(name)
        if shown is None:
            shown = name[1:-1] if name.startswith(("'", '"')) else name.capitalize()
        return f"<kbd>{html.escape(shown)}</kbd>"

    def replace(match: re.Match[str]) -> str:
        log.convert("`++key++` keys → `<kbd>` elements")
        return "+".join(key(part) for part in match["keys"].split("+") if part)

    return KEYS.sub(replace, text)


def convert_inline_marks(text: str, extensions: set[str], log: FileLog) -> str:
    rules = [
        ("pymdownx.mark", r"==(?=\S)(.+?)(?<=\S)==", "mark"),
        ("pymdownx.caret", r"\^\^(?=\S)(.+?)(?<=\S)\^\^", "ins"),
        ("pymdownx.tilde", r"~~(?=\S)(.+?)(?<=\S)~~", "del"),
    ]
    for extension, pattern, tag in rules:
        if extension in extensions and re.search(pattern, text):
            text = re.sub(pattern, rf"<{tag}>\1</{tag}>", text)
            log.convert(f"`{extension}` text → `<{tag}>`")
    return text


# -- the site ------------------------------------------------------------------------------------


@dataclass
class Site:
    source: Path
    docs: Path
    config: dict[str, Any]
    writer: CourseWriter
    log: ImportLog
    extensions: dict[str, Any]
    assets: dict[str, str] = field(default_factory=dict)  #: docs path → output path
    snippet_bases: list[Path] = field(default_factory=list)
    auto_append: list[str] = field(default_factory=list)  #: snippets added to every page
    _appended: dict[str, str] | None = None  #: their link definitions, by label

    def asset_target(self, path: str) -> str:
        first = path.split("/", 1)[0]
        if re.match(r"^\d+[-_]", first) or first.startswith((".", "_")):
            return f"files/{path.lstrip('._')}"
        return path

    def copy_asset(self, path: str) -> str | None:
        if path in self.assets:
            return self.assets[path]
        file = self.docs / path
        if not file.is_file() or not file.resolve().is_relative_to(self.docs.resolve()):
            return None
        target = self.asset_target(path)
        self.writer.copy(file, target)
        self.log.copied.append((posixpath.join(self.docs_rel, path), target))
        self.assets[path] = target
        return target

    @property
    def docs_rel(self) -> str:
        return self.docs.relative_to(self.source).as_posix()

    def append_definitions(self, body: str, log: FileLog) -> str:
        """The link definitions of ``auto_append`` snippets that the page uses, at its end.

        pymdownx.snippets appends those files (usually shared link definitions and
        abbreviations) to every page; without them the page's ``[text][label]`` links break.
        """
        if not self.auto_append:
            return body
        if self._appended is None:
            self._appended = {}
            for name in self.auto_append:
                file = next(
                    (base / name for base in self.snippet_bases if (base / name).is_file()), None
                )
                if file is None:
                    self.log.general.note(f"the snippet `{name}` appended to every page is missing")
                    continue
                for match in REF_DEF.finditer(read_text(file)):
                    self._appended.setdefault(match["label"].lower(), match[0].strip())
        lowered = body.lower()
        defined = {match["label"].lower() for match in REF_DEF.finditer(body)}
        used = [
            definition
            for label, definition in self._appended.items()
            if label not in defined and f"[{label}]" in lowered
        ]
        if not used:
            return body
        log.convert(f"{len(used)} link definition(s) from the snippets appended to every page")
        return body.rstrip("\n") + "\n\n" + "\n".join(used) + "\n"

    def snippets(self, body: str, page: Page, log: FileLog) -> str:
        """``--8<-- "file"`` → the file copied under ``_snippets/``, its path relative."""
        lines = body.split("\n")
        out: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            block = SNIPPET_BLOCK.match(line)
            if block:
                end = index + 1
                while end < len(lines) and not SNIPPET_BLOCK.match(lines[end]):
                    end += 1
                for name in lines[index + 1 : end]:
                    if name.strip() and not name.strip().startswith(";"):
                        out.append(self._snippet(block["indent"], name.strip(), page, log))
                index = end + 1
                continue
            match = SNIPPET.match(line)
            if match and not match["escape"]:
                out.append(self._snippet(match["indent"], match["file"], page, log))
            else:
                out.append(line)
            index += 1
        return "\n".join(line for line in out if line is not None)

    def _snippet(self, indent: str, spec: str, page: Page, log: FileLog) -> str:
        if is_external(spec):
            log.drop(
                f"the snippet `{spec}` (it is fetched from the web; the engine includes files)"
            )
            return ""
        match = SNIPPET_SPEC.match(spec)
        name = match["file"] if match else spec
        for base in self.snippet_bases:
            file = base / name
            if file.is_file() and file.resolve().is_relative_to(self.source.resolve()):
                break
        else:
            log.drop(f"the snippet `{spec}`: no such file under the snippet folders")
            return ""
        rel = file.resolve().relative_to(self.source.resolve()).as_posix()
        target = f"_snippets/{rel}"
        section = match["section"] if match else None
        if match and (match["start"] or match["end"]):
            text_lines = read_text(file).split("\n")
            start = int(match["start"] or 1)
            end = int(match["end"] or len(text_lines))
            stem, ext = posixpath.splitext(target)
            target = f"{stem}.lines-{start}-{end}{ext}"
            self.writer.write(target, "\n".join(text_lines[start - 1 : end]) + "\n")
            log.convert("snippet line ranges → a copy of those lines")
        else:
            self.writer.copy(file, target)
        self.log.copied.append((rel, target))
        log.convert("`--8<--` snippets → included from `_snippets/`, their paths rewritten")
        include = relative(page.out, target) + (f":{section}" if section else "")
        return f'{indent}--8<-- "{include}"'


def _extension_names(config: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, str):
            found[entry] = {}
        elif isinstance(entry, dict):
            for name, options in entry.items():
                found[str(name)] = options or {}
    return found


def _icon_sets(source: Path, extensions: dict[str, Any]) -> list[str]:
    sets = list(ICON_SETS)
    options = extensions.get("pymdownx.emoji") or {}
    custom = ((options.get("options") or {}) if isinstance(options, dict) else {}).get(
        "custom_icons"
    ) or []
    for folder in custom if isinstance(custom, list) else [custom]:
        directory = source / str(folder)
        if directory.is_dir():
            sets.extend(path.name for path in directory.iterdir() if path.is_dir())
    return sets


def import_mkdocs(source: Path, writer: CourseWriter) -> ImportResult:
    config_file = next(
        (source / name for name in ("mkdocs.yml", "mkdocs.yaml") if (source / name).is_file()),
        None,
    )
    if config_file is None:
        raise BuildError(f"{source} is not an MkDocs site: it has no mkdocs.yml")
    try:
        config = load_yaml(read_text(config_file)) or {}
    except Exception as exc:  # noqa: BLE001 - any YAML problem is the site's
        raise BuildError(f"{config_file} is not valid YAML: {exc}") from None
    if not isinstance(config, dict):
        raise BuildError(f"{config_file} is not a mapping of settings")
    docs = source / str(config.get("docs_dir") or "docs")
    if not docs.is_dir():
        raise BuildError(f"{source} has no {docs.name}/ folder (docs_dir in mkdocs.yml)")
    log = ImportLog("mkdocs", source)
    writer.prepare()
    general = log.general
    extensions = _extension_names(config)
    site = Site(source, docs, config, writer, log, extensions)
    snippet_options = extensions.get("pymdownx.snippets") or {}
    bases = (snippet_options.get("base_path") if isinstance(snippet_options, dict) else None) or [
        "."
    ]
    site.snippet_bases = [
        source / str(base) for base in (bases if isinstance(bases, list) else [bases])
    ]
    site.snippet_bases.append(docs)
    appended = snippet_options.get("auto_append") if isinstance(snippet_options, dict) else None
    if isinstance(appended, str):
        appended = [appended]
    site.auto_append = [str(name) for name in appended or [] if isinstance(name, str)]
    icon_sets = _icon_sets(source, extensions)

    nav = config.get("nav")
    if nav:
        plan = plan_from_nav(nav, general)
        general.convert("mkdocs.yml `nav` → chapters (sections) and lessons (pages)")
    else:
        plan = plan_from_files(docs, str(config.get("site_name") or ""))
        general.convert("no `nav` in mkdocs.yml: one chapter per folder, files in name order")
    listed = {item.path for chapter in plan for item in chapter.items}
    listed |= {chapter.index.path for chapter in plan if chapter.index}
    for chapter in plan:
        for item in list(chapter.items):
            if not (docs / item.path).is_file():
                chapter.items.remove(item)
                log.skip(
                    f"{site.docs_rel}/{item.path}", "listed in nav but the file does not exist"
                )
    extra = _linked_pages(docs, listed)
    if extra:
        plan.append(Chapter("Other pages", [Item(None, path) for path in extra]))
        general.convert(
            f"{len(extra)} page(s) left out of nav but linked from other pages → chapter "
            "«Other pages»"
        )
    for path in sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md")):
        if path not in listed and path not in extra and _visible(docs / path, docs):
            log.skip(f"{site.docs_rel}/{path}", "not in nav and linked from no page")

    # names -----------------------------------------------------------------------------------
    chapter_names: set[str] = set()
    folders: list[str] = []
    outputs: dict[str, str] = {}
    for number, chapter in enumerate(plan, 1):
        folder = chapter_folder(number, chapter.title, chapter_names, general)
        folders.append(folder)
        taken: set[str] = set()
        if chapter.index:
            outputs[chapter.index.path] = f"{folder}/index.md"
        for order, item in enumerate(chapter.items, 1):
            if item.path in outputs:
                log.skip(f"{site.docs_rel}/{item.path}", "listed twice in nav; imported once")
                continue
            stem = Path(item.path).stem
            if stem in ("index", "README"):
                stem = posixpath.basename(posixpath.dirname(item.path)) or item.title or "home"
            name = item.title if item.title and len(item.title) < 40 else strip_order(stem)
            slug = unique_name(short_slug(name, "page"), taken)
            outputs[item.path] = f"{folder}/{order:02d}-{slug}.md"

    # pages -----------------------------------------------------------------------------------
    pages: list[Page] = []
    use_directory_urls = config.get("use_directory_urls", True) is not False
    titles = {item.path: item.title for chapter in plan for item in chapter.items}
    for chapter in plan:
        items = ([chapter.index] if chapter.index else []) + chapter.items
        for item in items:
            out = outputs.get(item.path)
            if out is None or any(page.out == out for page in pages):
                continue
            file_log = log.file(out, f"{site.docs_rel}/{item.path}")
            page = convert_page(
                site, item.path, out, titles.get(item.path), file_log, use_directory_urls, icon_sets
            )
            if out.endswith("/index.md"):
                page.meta.setdefault("title", chapter.title)
            elif not page.body.strip():  # a plugin fills it (a blog's index): say so
                page.body = "*This page has no text of its own in the original site.*\n"
                file_log.note("the page has no text (a plugin may make it): a line says so")
            pages.append(page)
    chapter_list = [
        (folder, {"title": chapter.title}, None)
        for chapter, folder in zip(plan, folders, strict=True)
        if not chapter.index
    ]
    pages_by_source = {page.source: page for page in pages}

    def resolve(page: Page, url: str) -> Target | None:
        path, _ = split_url(url)
        if path.startswith("/"):
            candidate = posixpath.normpath(path.lstrip("/"))
        else:
            candidate = posixpath.normpath(posixpath.join(posixpath.dirname(page.source), path))
        variants = [candidate]
        stem, ext = posixpath.splitext(candidate)
        if ext in (".html", ".htm"):
            variants += [stem + ".md", posixpath.join(posixpath.dirname(stem), "index.md")]
        if not ext or url.split("#")[0].endswith("/"):
            variants += [
                candidate + ".md",
                posixpath.join(candidate, "index.md"),
                posixpath.join(candidate, "README.md"),
            ]
        for variant in variants:
            if variant in pages_by_source:
                return Target("page", pages_by_source[variant].out)
        for variant in variants:
            if variant.startswith(".."):
                continue
            if variant.endswith(".md") and (docs / variant).is_file():
                return Target("gone")
            target = site.copy_asset(variant)
            if target:
                return Target("asset", target)
        outside = posixpath.normpath(posixpath.join(site.docs_rel, candidate))
        if not outside.startswith("..") and (source / outside).is_file():
            repository = str(config.get("repo_url") or "")
            if repository.startswith("https://github.com/"):
                return Target("url", f"{repository.rstrip('/')}/blob/HEAD/{outside}")
            return Target("gone")
        return None

    course = _course(config, source, general)
    _keep_attribution(source, writer, general)
    return finish(writer, log, course, chapter_list, pages, resolve, None, ())


def _linked_pages(docs: Path, listed: set[str]) -> list[str]:
    """Pages nav leaves out that a listed page links to, directly or through another."""
    found: list[str] = []
    queue = sorted(listed)
    seen = set(listed)
    while queue:
        path = queue.pop(0)
        file = docs / path
        if not file.is_file():
            continue
        text = read_text(file)
        urls: list[str] = []

        def collect(piece: str, urls: list[str] = urls) -> str:
            urls.extend(match["url"].strip("<>") for match in INLINE_LINK.finditer(piece))
            urls.extend(match["url"] for match in REF_DEF.finditer(piece))
            return piece

        map_prose(text, collect)
        for url in urls:
            if is_external(url) or url.startswith("#"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), split_url(url)[0]))
            if target.endswith(".md") and target not in seen and (docs / target).is_file():
                seen.add(target)
                found.append(target)
                queue.append(target)
    return found


def convert_page(
    site: Site,
    path: str,
    out: str,
    nav_title: str | None,
    log: FileLog,
    use_directory_urls: bool,
    icon_sets: list[str],
) -> Page:
    text = read_text(site.docs / path)
    meta, body, problem = split_front_matter(text)
    if problem:
        log.note(problem)
    heading, body = take_title(body, log)
    new_meta: dict[str, Any] = {}
    front_title = meta.pop("title", None)
    if heading:
        new_meta["title"] = heading
        log.convert("the body's `# Title` → front matter `title` (shown once, as the heading)")
        if front_title and str(front_title) != heading:
            new_meta["mkdocs_title"] = front_title
    elif front_title:
        new_meta["title"] = str(front_title)
    elif nav_title:
        new_meta["title"] = nav_title
    else:
        stem = Path(path).stem
        if stem in ("index", "README"):
            folder = posixpath.dirname(path)
            name = (
                humanise(strip_order(folder)) if folder else str(site.config.get("site_name", ""))
            )
        else:
            name = humanise(strip_order(stem))
        new_meta["title"] = (name or "Home")[:1].upper() + (name or "Home")[1:]
        log.convert("the page has no title: one made from its file name or the site's name")
    shown = plain_title(str(new_meta["title"]))
    if shown != new_meta["title"]:  # the engine shows a title exactly as typed
        new_meta["title"] = shown
        log.convert("Markdown in the title (`code`, **bold**) → plain text")
    if "description" in meta:
        new_meta["summary"] = str(meta.pop("description"))
        log.convert("front matter `description` → `summary`")
    new_meta.update(meta)
    page = Page(out, path, new_meta, "", log)
    body = body.replace("\t", "    ")
    body = align_closing_fences(body, log)
    body = site.append_definitions(body, log)
    if "{*" in body:
        source_dir = posixpath.dirname(posixpath.join(site.docs_rel, path))
        body = convert_code_includes(body, source_dir, log)
    body = site.snippets(body, page, log)
    body = drop_mkdocstrings(body, log)
    body = convert_generic_blocks(body, log)
    body = demote_headings(body, log)
    body = unwrap_md_in_html(body, log)
    body = convert_tabs(body, log)
    body = convert_exercises(body, log)
    body = convert_admonitions(body, log)
    body = dedent_stray_paragraphs(body, log)
    stem = posixpath.splitext(path)[0]
    if use_directory_urls and posixpath.basename(stem) not in ("index", "README"):
        url_dir = stem
    else:
        url_dir = posixpath.dirname(path)
    converter = HtmlConverter(path, url_dir, site.docs, log)
    emoji_on = "pymdownx.emoji" in site.extensions

    def prose(piece: str) -> str:
        piece = unwrap_html_images(converter(piece), log)
        if emoji_on or any(f":{name}-" in piece for name in icon_sets):
            piece = convert_shortcodes(piece, log, icon_sets)
        if "pymdownx.keys" in site.extensions:
            piece = convert_keys(piece, log)
        piece = convert_autorefs(piece, log)
        return convert_inline_marks(piece, set(site.extensions), log)

    page.body = squeeze_blank_lines(separate_fences(map_prose(body, prose))).strip("\n") + "\n"
    return page


def _course(config: dict[str, Any], source: Path, log: FileLog) -> dict[str, Any]:
    copyright_text = str(config.get("copyright") or "")
    copyright_text = re.sub(r"<a\b[^>]*>.*?</a>", "", copyright_text, flags=re.S)
    copyright_text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", copyright_text)).split())
    copyright_text = copyright_text.rstrip(" -–|")
    licence = ""
    for name in ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "COPYING"):
        if (source / name).is_file():
            licence = licence_name(read_text(source / name))
            break
    author = str(config.get("site_author") or "")
    if not author and copyright_text:
        author = re.sub(
            r"^(?:copyright\s*)?(?:©|\(c\))?\s*[\d\s,–-]*", "", copyright_text, flags=re.I
        )
    course: dict[str, Any] = {
        "title": str(config.get("site_name") or source.name),
        "description": str(config.get("site_description") or ""),
        "author": author.strip(),
        "licence": licence,
        "repository": str(config.get("repo_url") or ""),
        "url": str(config.get("site_url") or ""),
        "x-copyright": copyright_text,
        "x-imported-from": {"format": "MkDocs", "source": str(config.get("repo_url") or source)},
    }
    log.convert("mkdocs.yml → course.yml (site_name, site_description, repo_url, copyright)")
    if licence:
        log.convert(f"the licence file → `licence: {licence}`")
    return course


def _keep_attribution(source: Path, writer: CourseWriter, log: FileLog) -> None:
    for name in (
        "LICENSE",
        "LICENSE.md",
        "LICENSE.txt",
        "LICENCE",
        "LICENCE.md",
        "COPYING",
        "AUTHORS",
        "AUTHORS.md",
        "CITATION.cff",
        "mkdocs.yml",
    ):
        if (source / name).is_file():
            writer.copy(source / name, f"{LOG_FOLDER}/{name}")
            log.convert(f"`{name}` kept as it is in `{LOG_FOLDER}/`")


__all__ = ["import_mkdocs", "convert_tabs", "convert_admonitions", "convert_exercises"]
