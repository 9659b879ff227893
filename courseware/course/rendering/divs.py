"""Pandoc fenced divs (``::: challenge`` ... ``:::``), as Carpentries Workbench lessons write
them, read natively: each div is rewritten into the block syntax the engine already renders.

The rewrite keeps every line where it was (a div's fence line becomes the block's marker line
or a blank line, its content is indented four spaces per level), so the structure checker
that runs next and every diagnostic keep the author's line numbers. ``::: challenge`` becomes
``!!! exercise`` titled with its first heading, ``::: solution`` a closed ``??? solution``,
``::: instructor`` an ``!!! instructor`` note, which learner pages, the print page and search
leave out like any other. Pure functions over the body's lines; no I/O.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown.treeprocessors import Treeprocessor

from .scan import Finding, code_lines
from .title import heading_text

OPEN = re.compile(
    r"^ {0,3}(?P<colons>:{3,})[ \t]*(?P<attrs>\{[^{}]*\}|[A-Za-z][\w-]*)[ \t]*:*[ \t]*$"
)
CLOSE = re.compile(r"^ {0,3}:{3,}[ \t]*$")
HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>.*)$")  # see heading_text
ATTRIBUTES = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")
CLASS = re.compile(r"(?:^|\s)\.([\w-]+)")
IDENT = re.compile(r"(?:^|\s)#([A-Za-z][\w:.-]*)")
#: A div's id carried at the end of its block's title, to the tree (:class:`DivIds`)
ID_TOKEN = re.compile(r"[ \t]*\{#(?P<ident>[A-Za-z][\w:.-]*)\}[ \t]*$")

#: Carpentries kind → (marker, the engine's block type, title when the div has no heading).
KINDS: dict[str, tuple[str, str, str]] = {
    "challenge": ("!!!", "exercise", "Challenge"),
    "exercise": ("!!!", "exercise", "Exercise"),
    "solution": ("???", "solution", "Solution"),
    "hint": ("???", "hint", "Hint"),
    "instructor": ("!!!", "instructor", ""),
    "callout": ("!!!", "note", ""),
    "caution": ("!!!", "caution", ""),
    "checklist": ("!!!", "checklist", "Checklist"),
    "prereq": ("!!!", "prereq", "Prerequisite"),
    "discussion": ("!!!", "discussion", "Discussion"),
    "testimonial": ("!!!", "testimonial", "Testimonial"),
    "spoiler": ("???", "note", "Details"),
    "keypoints": ("!!!", "keypoints", "Key points"),
    "objectives": ("!!!", "objectives", "Objectives"),
    "questions": ("!!!", "questions", "Questions"),
}
#: Divs whose headings each start a content tab (``=== "Heading"``).
TAB_KINDS = frozenset({"tab", "group-tab"})
#: Kinds of other Markdowns (Quarto's ``callout-warning``) that map onto a block type as is.
PLAIN_TYPES = frozenset({"note", "tip", "warning", "danger", "important", "caution", "info"})
#: Deeper than this, a lesson is more likely broken than meant (each level is 4 columns).
MAX_DIV_DEPTH = 24


@dataclass
class _Div:
    kind: str  #: as written: "challenge", "tab"...
    index: int  #: its opening line
    label: str  #: how the author wrote it, for messages: "::: challenge"
    adds: int  #: columns its content is indented by
    marker: int = -1  #: the line of its block marker, until the title is known
    tab_level: int = 0  #: for a tab div: the level of the headings that start its tabs
    content_seen: bool = False  #: a non-blank line came after the opening
    ident: str = ""  #: its ``#id``, which links may point to


def div_ident(attrs: str) -> str:
    """The id of ``{#pairs .callout}``, or ""."""
    match = IDENT.search(attrs.strip("{} ")) if attrs.startswith("{") else None
    return match[1] if match else ""


def div_kind(attrs: str) -> str:
    """The kind of div the text after its colons names: ``challenge``, ``{.callout}``..."""
    if not attrs.startswith("{"):
        return attrs.lower()
    classes = CLASS.findall(attrs.strip("{} "))
    known = [name.lower() for name in classes if name.lower() in KINDS or name in TAB_KINDS]
    return (known or [name.lower() for name in classes] or [""])[0]


def _title(text: str) -> str:
    return ATTRIBUTES.sub("", text).strip()


def has_divs(lines: list[str]) -> bool:
    """Whether any line looks like a div fence (a quick test before the rewrite)."""
    return any(":::" in line for line in lines)


def rewrite_divs(
    lines: list[str], tr: Callable[[str], str] = str
) -> tuple[list[str], list[Finding]]:
    """The lines with every fenced div rewritten as a block, and the problems found.

    As many lines come out as go in. A div never closed is closed at the end of the lesson
    (so an instructor note never closed still hides the rest), a closing fence that closes
    nothing is dropped; both are reported.
    """
    code = code_lines(lines)
    out: list[str] = []
    findings: list[Finding] = []
    stack: list[_Div] = []
    challenge_closed = False  # the last thing at this level was a challenge (for solutions)

    def prefix() -> str:
        return " " * sum(div.adds for div in stack)

    for index, line in enumerate(lines):
        if index in code:
            out.append(prefix() + line if line.strip() else line)
            _content(stack)
            continue
        opening = OPEN.match(line)
        if opening:
            kind = div_kind(opening["attrs"])
            label = f"{opening['colons'][:3]} {opening['attrs']}"
            in_challenge = any(div.kind in ("challenge", "exercise") for div in stack)
            _content(stack)
            if len(stack) >= MAX_DIV_DEPTH:
                findings.append(
                    Finding(
                        index,
                        f"this '{label}' is nested {len(stack) + 1} deep; the limit is "
                        f"{MAX_DIV_DEPTH}: close the divs above it first",
                        1,
                    )
                )
            if kind in TAB_KINDS:
                stack.append(_Div(kind, index, label, 0))
                out.append("")
                continue
            marker, block, title = _block_for(kind, in_challenge or challenge_closed)
            if block == "note" and kind not in KINDS and kind not in PLAIN_TYPES:
                findings.append(
                    Finding(
                        index,
                        f"'{label}' is not a kind of div this engine knows, so it shows as a "
                        "note; use one of " + ", ".join([*KINDS, *sorted(TAB_KINDS)]),
                        1,
                        warning=True,
                    )
                )
            challenge_closed = False
            ident = div_ident(opening["attrs"])
            stack.append(_Div(kind, index, label, 4, marker=len(out), ident=ident))
            shown = tr(title) if title else ""
            if ident:  # the id rides on the title (see DivIds), which it then needs
                shown = f"{shown or tr(block.capitalize())} {{#{ident}}}"
            out.append(_marker_line(prefix()[4:], marker, block, shown))
            continue
        if CLOSE.match(line):
            if stack:
                closed = stack.pop()
                challenge_closed = closed.kind in ("challenge", "exercise")
            else:
                findings.append(
                    Finding(
                        index,
                        "this ':::' closes no div: there is no '::: challenge' (or other div) "
                        "open above it; remove it, or add the div's opening line",
                        1,
                    )
                )
            out.append("")
            continue
        if not line.strip():
            out.append("")
            continue
        challenge_closed = False
        heading = HEADING.match(line)
        text = heading_text(heading["text"]) if heading else ""
        top = stack[-1] if stack else None
        if heading and top is not None and not top.content_seen and top.marker >= 0:
            out[top.marker] = _retitle(out[top.marker], top.kind, _title(text), tr, top.ident)
            top.content_seen = True
            out.append("")
            continue
        if heading and top is not None and top.kind in TAB_KINDS:
            level = len(heading["hashes"])
            if not top.tab_level or level <= top.tab_level:
                first = not top.tab_level
                top.tab_level = top.tab_level or level
                top.adds = 0
                title = _title(text).replace('"', "'")
                out.append(f'{prefix()}==={"!" if first else ""} "{title}"')
                top.adds = 4
                continue
        _content(stack)
        out.append(prefix() + line)
    for div in stack:
        findings.append(
            Finding(
                div.index,
                f"this '{div.label}' is never closed, so it runs to the end of the lesson; add "
                "a line ':::' where it ends",
                1,
            )
        )
    return out, findings


def _content(stack: list[_Div]) -> None:
    if stack:
        stack[-1].content_seen = True


def _block_for(kind: str, after_challenge: bool) -> tuple[str, str, str]:
    """The marker, block type and default title for a div of ``kind``."""
    if kind in ("solution", "hint") and not after_challenge:
        # on its own, a solution is a closed box: the engine's solutions belong to exercises
        marker, _, title = KINDS[kind]
        return marker, "note", title
    if kind in KINDS:
        return KINDS[kind]
    if kind.startswith("callout-") and kind[len("callout-") :] in PLAIN_TYPES:
        return "!!!", kind[len("callout-") :], ""
    if kind in PLAIN_TYPES:
        return "!!!", kind, ""
    return "!!!", "note", ""


def _marker_line(indent: str, marker: str, block: str, title: str) -> str:
    return f'{indent}{marker} {block} "{title}"' if title else f"{indent}{marker} {block}"


def _retitle(
    marker_line: str, kind: str, heading: str, tr: Callable[[str], str], ident: str = ""
) -> str:
    """The block's marker line with the div's first heading as its title."""
    if not heading:
        return marker_line
    if kind == "solution" and not heading.lower().startswith(tr("Solution").lower()):
        heading = f"{tr('Solution')}: {heading}"
    base = marker_line.split(' "', 1)[0]
    return f'{base} "{heading}{f" {{#{ident}}}" if ident else ""}"'


class DivIds(Treeprocessor):
    """A div's ``#id`` → the id of the block it became, so links to it land there.

    The div rewrite keeps every line in place, so the id travels at the end of the block's
    title (``!!! note "Pairs {#pairs}"``) and is moved here onto the block.
    """

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "div" and "admonition" in element.get("class", "").split():
                title = next(
                    (
                        child
                        for child in element
                        if child.tag == "p" and "admonition-title" in child.get("class", "")
                    ),
                    None,
                )
            elif element.tag == "details":
                title = element.find("summary")
            else:
                continue
            if title is None:
                continue
            last = title[-1] if len(title) else None
            text = (last.tail if last is not None else title.text) or ""
            match = ID_TOKEN.search(text)
            if not match:
                continue
            text = text[: match.start()]
            if last is not None:
                last.tail = text
            else:
                title.text = text
            element.set("id", match["ident"])
