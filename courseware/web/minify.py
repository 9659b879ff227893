"""Minifying of our own CSS and JavaScript and of pages: smaller files, the same code and
the same document.

Deliberately conservative: it removes comments, indentation and blank lines, and (in CSS)
spaces next to punctuation and after the colons of declarations, leading zeros and doubled hex
digits. In JavaScript it removes spaces only where no token needs them, leaving strings and
regular expressions as they are, and keeps each line break an automatic semicolon could need.
In pages it removes indentation, line breaks between block tags and the end tags the HTML
parser supplies by itself (``</li>`` before the next ``<li>``): the browser builds the same
document from either.
"""

from __future__ import annotations

import re

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_SPACE = re.compile(r"\s+")
CSS_PUNCTUATION = re.compile(r"\s*([{};,>])\s*")


CSS_LEADING_ZERO = re.compile(r"(?<=[\s:,(])0\.(?=\d)")
CSS_LONG_HEX = re.compile(r"#([0-9a-fA-F])\1([0-9a-fA-F])\2([0-9a-fA-F])\3(?![0-9a-fA-F])")
#: An attribute selector's value that is a name needs no quotes: ``[dir="rtl"]``.
CSS_QUOTED_NAME = re.compile(r"""(\[[\w-]+[~|^$*]?=)(["'])(-?[_a-zA-Z][\w-]*)\2(?=\s*[is]?\])""")


def css(text: str) -> str:
    text = CSS_COMMENT.sub("", text)
    text = CSS_LEADING_ZERO.sub(".", text)  # 0.5rem → .5rem
    text = CSS_LONG_HEX.sub(r"#\1\2\3", text)  # #ffffff → #fff
    text = CSS_QUOTED_NAME.sub(r"\1\3", text)  # [dir="rtl"] → [dir=rtl]
    text = CSS_SPACE.sub(" ", text)
    text = CSS_PUNCTUATION.sub(r"\1", text)
    # A selector never has a colon followed by a space, so this only touches declarations.
    text = text.replace(": ", ":")
    text = text.replace(" !important", "!important")
    return text.replace(";}", "}").strip() + "\n"


#: One piece of JavaScript: a string (a template may span lines), a comment, spaces, a line
#: break, or any other character; spaces and comments are only removed from code.
JS_PIECE = re.compile(
    r"""(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)"""
    r"|(?P<block>/\*.*?\*/)"
    r"|(?P<comment>//[^\n]*)"
    r"|(?P<space>[ \t\r\f\v]+)"
    r"|(?P<newline>\n)"
    r"|(?P<other>.)",
    re.S,
)
REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^")
JS_REGEX = re.compile(r"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\]|\\.)*\])+/[a-z]*")
#: Pairs of characters that a removed space would fuse into another operator.
FUSING = ("++", "--", "+-", "-+")
WORD = re.compile(r"[\w$]")
#: A line ending in one of these goes on with the next: no semicolon is ever inserted there.
CONTINUED = (";", "{", ",")


def _starts_regex(line: list[str]) -> bool:
    """Whether a ``/`` here begins a regular expression (rather than a division)."""
    return not line or line[-1][-1:] in REGEX_AFTER or "".join(line[-6:]).endswith("return")


def js(text: str) -> str:
    """JavaScript without comments, indentation, blank lines and the spaces no token needs,
    strings and regular expressions as they were. A line break stays wherever an automatic
    semicolon could depend on it; after ``;``, ``{`` and ``,`` none can. A ``;`` before a
    ``}`` goes too: the ``}`` ends the statement all the same (and where the ``;`` was an empty
    statement, ``if (x) ;}``, the script no longer parses, which the tests would show)."""
    lines: list[str] = []
    line: list[str] = []

    def end_line() -> None:
        done = "".join(line)
        line.clear()
        if not done:
            return
        if lines and lines[-1].endswith(CONTINUED):
            if done[0] == "}" and lines[-1][-1] == ";":
                lines[-1] = lines[-1][:-1]
            lines[-1] += done
        else:
            lines.append(done)

    index = 0
    while index < len(text):
        if text[index] == "/" and text[index + 1 : index + 2] not in ("/", "*"):
            regex = JS_REGEX.match(text, index) if _starts_regex(line) else None
            if regex:
                line.append(regex.group())
                index = regex.end()
                continue
        match = JS_PIECE.match(text, index)
        assert match is not None
        kind, piece = match.lastgroup, match.group()
        index = match.end()
        if kind == "newline" or (kind == "block" and "\n" in piece):
            end_line()  # a comment over several lines stands for a line break
        elif kind in ("space", "block", "comment"):
            before = line[-1][-1:] if line else ""
            after = text[index : index + 1]
            if (WORD.match(before) and WORD.match(after)) or before + after in FUSING:
                line.append(" ")
        else:
            if piece == "}" and line and line[-1] == ";":
                line.pop()
            line.append(piece)
    end_line()
    return "\n".join(lines) + "\n"


KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
INDENT = re.compile(r"\n[ \t]+(?=<)")
#: Elements that always begin a block: white space between two of their tags shows nowhere.
BLOCK_NAMES = (
    "address article aside blockquote body caption col colgroup dd details div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html legend li link main "
    "meta nav ol p section summary table tbody td template tfoot th thead title tr ul"
).split()


def _alternatives(names: list[str]) -> str:
    """A pattern matching exactly ``names``, grouped by first letter: tried at every tag of
    every page, a flat list of 50 names cost a third more (the engine tries them in turn)."""
    by_letter: dict[str, list[str]] = {}
    for name in names:
        by_letter.setdefault(name[0], []).append(re.escape(name[1:]))
    groups = []
    for letter, rests in sorted(by_letter.items()):
        rests.sort(key=len, reverse=True)
        groups.append(letter + (f"(?:{'|'.join(rests)})" if rests != [""] else ""))
    return f"(?:{'|'.join(groups)})"


BLOCK = _alternatives(BLOCK_NAMES)
BETWEEN_BLOCKS = re.compile(rf"(</?{BLOCK}\b[^<>]*>)\n(?=</?{BLOCK}\b)", re.I)

#: Start tags before which a paragraph ends by itself (HTML standard, 13.1.2.4 "Optional tags").
ENDS_A_PARAGRAPH = (
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search section table ul"
).split()
#: Elements whose end tag, straight after a paragraph's, also ends the paragraph: its parent
#: (the standard excepts a, audio, del, ins, map, noscript and video, which are not here).
HOLDS_PARAGRAPHS = (
    "address article aside blockquote body dd details dialog div fieldset figcaption figure "
    "footer form header li main nav section td template th"
).split()
_NAME_ENDS = r"(?=[\s/>])"
#: An end tag the parser supplies by itself from the tag that follows it, as the standard
#: allows it to be left out: a list item before the next item or the end of its list, a
#: paragraph before a block or the end of its parent, a cell, row or table section before the
#: next one or the end of the table. A page is a fifth lighter in ``</li>`` alone: a sidebar of
#: 50 chapters writes 70 of them.
OPTIONAL_END = re.compile(
    "</(?:"
    r"li>(?=<li[\s>]|</(?:ol|ul|menu)>)"
    rf"|p>(?=<{_alternatives(ENDS_A_PARAGRAPH)}{_NAME_ENDS}|</{_alternatives(HOLDS_PARAGRAPHS)}>)"
    r"|dt>(?=<d[dt][\s>])"
    r"|dd>(?=<d[dt][\s>]|</dl>)"
    r"|t[dh]>(?=<t[dh][\s>]|</tr>)"
    r"|tr>(?=<tr[\s>]|</(?:tbody|thead|tfoot|table)>)"
    r"|thead>(?=<t(?:body|foot)[\s>])"
    r"|tbody>(?=<t(?:body|foot)[\s>]|</table>)"
    r"|tfoot>(?=</table>)"
    ")",
    re.I,
)


def html(text: str) -> str:
    """Drop the indentation before tags that templates add, the line breaks between two
    block tags (``</li>`` and ``<li>``) and the end tags the parser supplies by itself
    (:data:`OPTIONAL_END`), except inside ``<pre>``, ``<textarea>`` and ``<script>``."""
    pieces = KEEP.split(text)
    # split() returns: text, whole kept element, its tag name, text, ...
    out = []
    for index, piece in enumerate(pieces):
        kind = index % 3
        if kind == 0:
            piece = BETWEEN_BLOCKS.sub(r"\1", INDENT.sub("\n", piece))
            out.append(OPTIONAL_END.sub("", piece))
        elif kind == 1:
            out.append(piece)
    return "".join(out)


def minify(name: str, text: str) -> str:
    if name.endswith(".css"):
        return css(text)
    if name.endswith(".js"):
        return js(text)
    return text
