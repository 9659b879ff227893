"""A lesson's blocks, headings and code fences as Markdown will read them, checked line by line.

Python-Markdown never complains: a hint indented by two spaces instead of four quietly ends
its exercise, and the next hint and the solution become a code block on the learner's page.
This module reads the lines the way Markdown does (blocks are held together by indentation,
four spaces per level) and reports each such mistake on its own line with what to type
instead. Pure functions over the body's lines; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..keys import did_you_mean
from .fences import check_fence
from .scan import Fence, Finding, iter_fences

#: Block types that the course styles or gives a meaning to (see docs/authoring.md).
BLOCK_TYPES = (
    "exercise", "hint", "solution", "instructor", "note", "tip", "warning", "danger", "caution",
    "error", "important", "info", "example",
    # MkDocs Material's other types and their aliases, so its lessons read natively
    "abstract", "summary", "tldr", "todo", "success", "check", "done", "question", "help", "faq",
    "answer", "attention", "failure", "fail", "missing", "bug", "quote", "cite",
    # Carpentries boxes (written as ::: divs, see divs.py)
    "keypoints", "objectives", "questions", "checklist", "prereq", "discussion", "testimonial",
)  # fmt: skip
#: Words MkDocs Material reads after a block type (``!!! info inline end``) to float the box.
MODIFIERS = frozenset({"inline", "end"})
#: Blocks whose text learners must not see unasked (or at all).
HIDDEN_BLOCKS = frozenset({"hint", "solution", "instructor"})
MARKER = re.compile(r"^(?P<marker>!!!|\?\?\?\+?|===[+!]?(?=[ \t]+[^\s=]))(?P<after>.*)$")
#: The title of a content tab (pymdownx.tabbed): ``=== "Windows"``.
TAB = re.compile(r'[ \t]*"(?P<title>.*)"[ \t]*')
ADMONITION = re.compile(r' ?(?P<kinds>[\w\-]+(?: +[\w\-]+)*)(?: +"(?P<title>.*?)")? *')
DETAILS = re.compile(
    r' ?(?:(?P<kinds>[\w\-]+(?: +[\w\-]+)*?)?(?: +"(?P<title>.*?)")'
    r"|(?P<bare>[\w\-]+(?: +[\w\-]+)*?)) *"
)
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)]|:)[ \t]+\S")  # ":" starts a definition
HEADING = re.compile(r"^(?P<hashes>#{1,6})(?!#)")
SETEXT_H1 = re.compile(r"^=+[ \t]*$")
SETEXT_H2 = re.compile(r"^-+[ \t]*$")


@dataclass
class _Exercise:
    solution_line: int = 0  #: file line of its first solution, 0 while there is none


@dataclass
class _Block:
    """A block that is open while the lines are indented enough to stay in it."""

    indent: int
    kind: str  #: "exercise", "hint"... or "list" for a list item
    index: int
    label: str = ""  #: how the author wrote it: "??? hint"
    exercise: _Exercise | None = None  #: the exercise it belongs to (an exercise: its own)
    known: bool = True
    has_body: bool = False

    @property
    def content(self) -> int:
        return self.indent + 4


@dataclass
class _Scan:
    lines: list[str]
    first_line: int
    findings: list[Finding] = field(default_factory=list)
    stack: list[_Block] = field(default_factory=list)
    #: indent → the exercise that the blocks just closed at that indent belong to
    after: dict[int, _Exercise | None] = field(default_factory=dict)
    quiet: bool = False  #: after a block broke, the lines below it only repeat the problem
    heading_level: int = 1  #: the title is the page's level-1 heading

    def line_no(self, index: int) -> int:
        return self.first_line + index

    def report(self, index: int, message: str, column: int = 0, *, warning: bool = False) -> None:
        self.findings.append(Finding(index, message, column, warning))


def check_structure(lines: list[str], first_line: int = 1) -> list[Finding]:
    """Every structural mistake in a lesson body; ``first_line`` is the body's line in the file."""
    scan = _Scan(lines, first_line)
    fences = {fence.start: fence for fence in iter_fences(lines)}
    inside_fences: set[int] = set()
    for fence in fences.values():
        inside_fences.update(range(fence.start + 1, min(fence.end, len(lines) - 1) + 1))
    previous_blank = True
    previous_text = False  # the line before was paragraph text (for === and --- headings)
    for index, raw in enumerate(lines):
        if index in inside_fences:
            previous_blank, previous_text = False, False
            continue
        if not raw.strip():
            previous_blank, previous_text = True, False
            continue
        line = raw.expandtabs(4)
        indent = len(line) - len(line.lstrip(" "))
        text = line.strip()
        fence = fences.get(index)
        # (each pattern is tried only on lines that start as it needs: most lines are text)
        first = text[0]
        marker = MARKER.match(text) if first in "!?=" else None
        heading = HEADING.match(text) if first == "#" else None
        item = LIST_ITEM.match(text) if first in "-*+:" or first.isdecimal() else None
        plain = not (fence or marker or heading or item or first in "<|")
        lazy = not previous_blank and previous_text and plain
        fell_out = _close_blocks(scan, index, indent, previous_blank, lazy=lazy)
        container = scan.stack[-1].content if scan.stack else 0
        in_list = any(block.kind == "list" for block in scan.stack)
        if scan.stack and scan.stack[-1].kind != "list":
            scan.stack[-1].has_body = True
        attached = _attached(scan, indent)
        if not fell_out and indent == 0:
            scan.quiet = False
        extra = indent - container
        if fence is not None:
            _fence(scan, fence, indent)
        elif marker and not fell_out:
            _marker(scan, index, indent, extra, marker, attached, previous_blank, in_list)
        elif heading:
            _heading(scan, index, len(heading["hashes"]), extra, in_list)
        elif previous_text and SETEXT_H1.match(text) and extra == 0:
            _heading(scan, index - 1, 1, 0, in_list)  # the heading's text is on the line above
        elif previous_text and SETEXT_H2.match(text) and extra == 0:
            _heading(scan, index - 1, 2, 0, in_list)
        elif item and extra < 4:
            scan.stack.append(_Block(indent, "list", index))
        previous_blank = False
        previous_text = plain
    _close_blocks(scan, len(lines), -1, True)
    return scan.findings


def _close_blocks(
    scan: _Scan, index: int, indent: int, after_blank: bool, *, lazy: bool = False
) -> bool:
    """Close the blocks that a line at ``indent`` is not in; report a line that fell out.

    ``lazy``: the line is text straight after text, which the author may mean to go on with
    the paragraph above, as it would outside a block.
    """
    closed: list[_Block] = []
    while scan.stack and scan.stack[-1].content > indent:
        if scan.stack[-1].kind == "list" and not after_blank and indent >= 0:
            break  # a lazy line goes on with the list item's paragraph
        closed.append(scan.stack.pop())
    blocks = [block for block in closed if block.kind != "list"]
    for block in closed:
        if block.kind != "list":
            scan.after[block.indent] = block.exercise
    container = scan.stack[-1].content if scan.stack else 0
    fell_out = None
    if blocks and indent >= 0 and not scan.quiet:
        if indent > container:
            fell_out = next((b for b in blocks if b.indent < indent), blocks[-1])
            scan.report(
                index,
                "content whose indentation makes it fall out of its block: indent it by 4 "
                f"spaces to keep it in the {fell_out.kind} (the {fell_out.kind}'s lines start "
                f"{fell_out.content} spaces in, this one {indent})",
                indent + 1,
            )
        elif lazy and blocks[0].has_body:
            fell_out = blocks[0]
            scan.report(
                index,
                f"this line goes on from the {fell_out.kind} above but is not indented, so it "
                f"shows outside the {fell_out.kind}: indent it by {fell_out.content} spaces, "
                "or leave a blank line before it",
                indent + 1,
                # a hint, a solution or an instructor note would give itself away
                warning=fell_out.kind not in HIDDEN_BLOCKS,
            )
    for block in blocks:
        if not block.has_body and block is not fell_out and block.known and not scan.quiet:
            scan.report(
                block.index,
                f"this '{block.label}' is empty: indent the lines that belong to it by "
                f"{block.content} spaces",
                block.indent + 1,
            )
    if fell_out is not None:
        scan.quiet = True
    return fell_out is not None


def _attached(scan: _Scan, indent: int) -> _Exercise | None:
    """The exercise that a hint or solution at ``indent`` follows, if it follows one directly."""
    for deeper in [key for key in scan.after if key > indent]:
        del scan.after[deeper]
    return scan.after.pop(indent, None)


def _marker(
    scan: _Scan,
    index: int,
    indent: int,
    extra: int,
    match: re.Match[str],
    attached: _Exercise | None,
    after_blank: bool,
    in_list: bool,
) -> None:
    marker, after = match["marker"], match["after"]
    label = f"{marker}{after}".strip()
    if extra >= 4 and after_blank and not in_list:
        if not scan.quiet:
            scan.report(
                index,
                f"this '{label}' is indented {extra} spaces more than the text around it, so "
                "learners see it as code; indent it like the text around it",
                indent + 1,
            )
        scan.quiet = True
        return
    if extra > 0 and not in_list:
        if not scan.quiet:
            scan.report(
                index,
                f"this '{label}' is indented by {extra} spaces, so it shows as text; start it "
                "where the text around it starts, or 4 spaces further in to nest it",
                indent + 1,
            )
        scan.quiet = True
        return
    if marker.startswith("==="):
        if TAB.fullmatch(after) is None:
            shown = after.strip().strip('"')
            scan.report(
                index,
                f'this tab\'s title must be in double quotes, like {marker} "{shown}"; '
                "without them the tab and its text show as typed",
                indent + 1,
            )
        scan.stack.append(_Block(indent, "tab", index, marker))
        return
    form = ADMONITION if marker == "!!!" else DETAILS
    parsed = form.fullmatch(after)
    if parsed is None:
        scan.report(index, _unreadable(marker, after), indent + 1)
        scan.quiet = True
        return
    words = (parsed["kinds"] or parsed.groupdict().get("bare") or "").split()
    kind = words[0].lower() if words else "note"
    title = parsed["title"]
    block = _Block(indent, kind, index, f"{marker} {kind}")
    if len(words) > 1 and not set(words[1:]) <= MODIFIERS:
        shown = " ".join(words[1:])
        scan.report(
            index,
            f'the title of a block goes in double quotes: {marker} {words[0]} "{shown}"; '
            "without them its words are dropped",
            indent + len(marker) + 2 + len(words[0]) + 1,
        )
    if kind not in BLOCK_TYPES:
        guess = did_you_mean(kind, BLOCK_TYPES)
        column = indent + len(marker) + 2
        if guess:
            block.known = False
            scan.report(index, f"unknown block type '{words[0]}': did you mean '{guess}'?", column)
        else:  # a type of the author's own, as MkDocs Material allows: a plain box
            scan.report(
                index,
                f"unknown block type '{words[0]}': it shows as a plain box; the types with a "
                "meaning here are " + ", ".join(BLOCK_TYPES),
                column,
                warning=True,
            )
    elif kind == "hint" and marker == "!!!" and _owner(scan, attached) is None:
        kind = block.kind = "tip"  # MkDocs Material's hint: a tip, not an exercise's hint
    elif kind in ("hint", "solution") and marker == "!!!":
        scan.report(
            index,
            f"'!!! {kind}' is shown open; write '??? {kind}' so it stays closed until the "
            "learner opens it",
            indent + 1,
        )
    elif kind == "instructor" and marker != "!!!":
        scan.report(
            index,
            f"'{marker} instructor' is shown to learners; write '!!! instructor' to keep the "
            "note for the instructor's page",
            indent + 1,
        )
    elif kind == "exercise" and marker != "!!!":
        scan.report(
            index, f"write '!!! exercise': '{marker} exercise' is not an exercise", indent + 1
        )
    if kind == "exercise":
        block.exercise = _Exercise()
        if not title and marker == "!!!" and len(words) == 1:
            scan.report(
                index,
                "this exercise has no title, so its heading and the table of contents say only "
                'Exercise; add one in double quotes: !!! exercise "Add a route"',
                indent + 1,
                warning=True,
            )
    elif kind in ("hint", "solution"):
        block.exercise = _owner(scan, attached)
        _place(scan, index, indent, kind, block.label, block.exercise)
    scan.stack.append(block)


def _owner(scan: _Scan, attached: _Exercise | None) -> _Exercise | None:
    for block in reversed(scan.stack):
        if block.kind == "exercise":
            return block.exercise
    return attached


def _place(
    scan: _Scan, index: int, indent: int, kind: str, label: str, exercise: _Exercise | None
) -> None:
    """A hint or solution belongs to an exercise, and hints come before the solution."""
    if exercise is None:
        if any(not block.known for block in scan.stack):
            return  # inside a misspelled block, already reported
        scan.report(
            index,
            f"this '{label}' is not part of an exercise; put it inside an '!!! exercise' block, "
            "indented by four spaces",
            indent + 1,
        )
    elif kind == "solution":
        exercise.solution_line = exercise.solution_line or scan.line_no(index)
    elif exercise.solution_line:
        scan.report(
            index,
            f"this hint comes after the solution (line {exercise.solution_line}); learners "
            "open hints one at a time before the solution, so move it above",
            indent + 1,
            warning=True,
        )


def _unreadable(marker: str, after: str) -> str:
    if not after.strip():
        return f"'{marker}' needs a block type, such as '{marker} note'"
    if "'" in after or "\u201c" in after or "\u2018" in after:
        return (
            f"this '{marker}' block shows as text: its title must be in straight double quotes, "
            f'like {marker} note "Title"'
        )
    return (
        f"this '{marker}' line shows as text: write a block type, then the title in double "
        f'quotes, like {marker} note "Title"'
    )


def _heading(scan: _Scan, index: int, level: int, extra: int, in_list: bool) -> None:
    column = len(scan.lines[index]) - len(scan.lines[index].lstrip()) + 1
    if extra > 0 and not in_list:
        if extra < 4 and not scan.quiet:
            scan.report(
                index,
                f"this heading is indented by {extra} spaces, so it shows as text with its "
                "'#'; start it where the text around it starts",
                column,
            )
        return
    if level == 1:
        scan.report(
            index,
            "a level-1 heading: the title from the front matter is the page's only level-1 "
            "heading; start sections at '##'",
            column,
        )
    elif level > scan.heading_level + 1:
        scan.report(
            index,
            f"heading levels skip from {'#' * scan.heading_level} to {'#' * level}; use "
            f"{'#' * (scan.heading_level + 1)} here, so the outline (and screen readers) "
            "follow",
            column,
            warning=True,
        )
    scan.heading_level = level


def _fence(scan: _Scan, fence: Fence, indent: int) -> None:
    scan.findings.extend(check_fence(scan.lines, fence, scan.first_line))
    if fence.lang == "check" and fence.end < len(scan.lines) and _owner(scan, None) is None:
        scan.report(
            fence.start,
            "this 'check' block is not part of an exercise; put it inside an "
            "'!!! exercise' block, indented by four spaces",
            indent + 1,
        )
