"""The whitespace minifier keeps code meaning: strings, regular expressions, operators."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from courseware.web import minify
from courseware.web.minify import css, html, js

ROOT = Path(__file__).resolve().parents[1]
JS = """// a comment line
var a = "keep  these  spaces";   // a trailing comment
var b = 'and // this';
var re = /a b\\/c[/ ]/g, half = a / 2;
function f(x) { return /x y/.test(x) ? x - -1 : x + +1; }
i++ + ++j;
"""


def test_javascript_loses_spaces_but_not_strings_or_regular_expressions() -> None:
    out = js(JS)
    assert '"keep  these  spaces"' in out and "'and // this'" in out
    assert "/a b\\/c[/ ]/g" in out and "/x y/.test(x)" in out
    assert "x- -1" in out and "x+ +1" in out and "i++ + ++j" in out
    assert "var a=" in out and "function f(x){return" in out
    assert "comment" not in out
    assert len(out) < len(JS) * 0.85


def test_javascript_loses_comments_and_the_line_breaks_no_semicolon_could_need() -> None:
    source = (
        "var a = 1; // a comment, with a comma,\n"
        "var b = [1,\n  2];\n"
        "var url = 'http://example.org'; /* inline */ var c = a /* between */ + b;\n"
        "return\nx\n"  # a line break after return ends the statement
        "a\n++b\n"  # and one before ++ makes it b's
        "var t = `one,\n  two`;\n"  # a template keeps its lines as written
        "/* over\n two lines */ d()\n"
    )
    assert js(source) == (
        "var a=1;var b=[1,2];var url='http://example.org';var c=a+b;return\nx\na\n++b\n"
        "var t=`one,\n  two`;d()\n"
    )


def test_javascript_loses_the_semicolon_before_a_closing_brace() -> None:
    source = "function f() { a(); }\nif (x) {\n  b = 1;\n}\nvar s = ';}', r = /;}/;\n"
    assert js(source) == "function f(){a()}\nif(x){b=1}\nvar s=';}',r=/;}/;\n"


@pytest.mark.skipif(shutil.which("node") is None, reason="node checks the syntax")
def test_every_script_we_ship_is_still_valid_javascript(tmp_path: Path) -> None:
    for source in sorted((ROOT / "static/js").glob("*.js")):
        if source.name == "playground-worker.js":
            continue  # an ES module (import); checked below
        target = tmp_path / source.name
        target.write_text(js(source.read_text()))
        result = subprocess.run(["node", "--check", str(target)], capture_output=True, text=True)
        assert result.returncode == 0, (source.name, result.stderr)
    worker = tmp_path / "worker.mjs"
    worker.write_text(js((ROOT / "static/js/playground-worker.js").read_text()))
    assert subprocess.run(["node", "--check", str(worker)], capture_output=True).returncode == 0


def test_css_and_html() -> None:
    assert (
        css("a  { color : red ; }\n/* note */\nb > c { margin: 0 }")
        == "a{color :red}b>c{margin:0}\n"
    )
    selectors = (
        ':root[dir="rtl"] a[aria-current="page"], [title="a b"], [x="1"] { x: y !important }'
    )
    assert (
        css(selectors)
        == ':root[dir=rtl] a[aria-current=page],[title="a b"],[x="1"]{x:y!important}\n'
    )
    page = "<ul>\n  <li>x</li>\n</ul>\n<pre>\n  <span>kept</span>\n</pre>"
    assert html(page) == "<ul><li>x</ul>\n<pre>\n  <span>kept</span>\n</pre>"
    # a line break between inline elements is a space on the page: it stays
    inline = "<p>a <code>b</code>\n<code>c</code></p>\n<nav>\n<a>x</a>\n<a>y</a>\n</nav>"
    assert html(inline) == "<p>a <code>b</code>\n<code>c</code><nav>\n<a>x</a>\n<a>y</a>\n</nav>"


@given(st.text(alphabet="abcdefghilmnoprstuvy123456-", max_size=12))
def test_the_block_names_pattern_matches_exactly_the_block_names(word: str) -> None:
    grouped = re.compile(rf"{minify.BLOCK}\b", re.I)
    flat = re.compile(rf"(?:{'|'.join(minify.BLOCK_NAMES)})\b", re.I)
    for text in (word, word + ">", word + " x", "h1" + word):
        assert bool(grouped.match(text)) == bool(flat.match(text)), text
        match = grouped.match(text)
        assert match is None or match[0] == flat.match(text)[0]  # type: ignore[index]
    for name in minify.BLOCK_NAMES:
        assert grouped.fullmatch(name) and grouped.fullmatch(name.upper())


def test_pages_leave_out_the_end_tags_the_parser_supplies() -> None:
    sidebar = '<ol>\n<li><a href="../x/">X</a></li>\n<li><a href="../y/">Y</a></li>\n</ol>'
    assert html(sidebar) == '<ol><li><a href="../x/">X</a><li><a href="../y/">Y</a></ol>'
    prose = "<div><p>a</p><p>b</p><ul><li><p>c</p></li></ul><p>d</p></div>"
    assert html(prose) == "<div><p>a<p>b<ul><li><p>c</ul><p>d</div>"
    table = "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    assert html(table) == "<table><thead><tr><th>h<tbody><tr><td>1</table>"
    terms = "<dl><dt>t</dt><dd>d</dd><dt>u</dt><dd>e</dd></dl>"
    assert html(terms) == "<dl><dt>t<dd>d<dt>u<dd>e</dl>"


def test_end_tags_stay_where_the_parser_would_not_supply_them() -> None:
    kept = (
        "<a href='x'><p>in a link</p></a>",  # a paragraph in a link ends only with its </p>
        "<li><p>a</p><span>b</span></li>",  # text after it would join the paragraph
        "<p>a</p> <p>b</p>",  # a space between: not next to each other
        "<dl><dt>t</dt></dl>",
        "<pre><ul><li>code</li></ul></pre>",  # nothing inside <pre> changes
        "<ol><li>a</li><!-- note --><li>b</ol>",
        "<p>a</p><pref>",  # a name that only starts like pre
    )
    for page in kept:
        assert html(page) == page


#: Elements a page's content is made of, by what they hold (HTML's content models).
_TEXT = st.text(alphabet="ab <>&", min_size=1, max_size=3).map(escape)


def _element(name: str, children: st.SearchStrategy[str], least: int = 0) -> st.SearchStrategy[str]:
    return st.lists(children, min_size=least, max_size=3).map(
        lambda inner: f"<{name}>{''.join(inner)}</{name}>"
    )


_PHRASING = st.recursive(
    _TEXT,
    lambda inner: st.one_of(*(_element(name, inner) for name in ("span", "strong", "code"))),
    max_leaves=3,
)
_PARAGRAPH = _element("p", _PHRASING)


def _flow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Blocks holding ``inner``: each holds at least one thing, so that one ends it."""
    items = st.lists(_element("li", inner, 1), min_size=1, max_size=3).map("".join)
    cells = st.lists(st.one_of(_element("td", inner, 1), _element("th", _PHRASING)), min_size=1)
    rows = st.lists(cells.map(lambda c: f"<tr>{''.join(c)}</tr>"), min_size=1, max_size=2)
    section = rows.map("".join)
    return st.one_of(
        *(_element(name, inner, 1) for name in ("div", "section", "blockquote")),
        _element("a", inner, 1),  # a link may hold paragraphs; they end only with their </p>
        items.map(lambda i: f"<ul>{i}</ul>"),
        items.map(lambda i: f"<ol>{i}</ol>"),
        st.tuples(st.sampled_from(["", "thead", "tbody", "tfoot"]), section, section).map(
            lambda t: (
                f"<table><{t[0]}>{t[1]}</{t[0]}><tbody>{t[2]}</tbody></table>"
                if t[0]
                else f"<table>{t[1]}</table>"
            )
        ),
        st.lists(
            st.one_of(_element("dt", _PHRASING), _element("dd", inner, 1)), min_size=1, max_size=3
        ).map(lambda i: f"<dl>{''.join(i)}</dl>"),
        st.tuples(_PHRASING, inner).map(
            lambda t: f"<details><summary>{t[0]}</summary>{t[1]}</details>"
        ),
    )


_FLOW = st.recursive(st.one_of(_PARAGRAPH, _PARAGRAPH, _PHRASING), _flow, max_leaves=10)
_TAGS = {
    *("a", "blockquote", "code", "dd", "details", "div", "dl", "dt", "li", "ol", "p"),
    *("section", "span", "strong", "summary", "table", "tbody", "td", "tfoot", "th"),
    *("thead", "tr", "ul"),
}


def _document(page: str) -> str:
    """The document a browser builds from ``page`` (html5ever, through nh3), written out."""
    import nh3

    return nh3.clean(page, tags=_TAGS, attributes={}, link_rel=None)


@given(st.lists(_FLOW, min_size=1, max_size=4).map("".join))
def test_a_page_without_its_optional_end_tags_is_the_same_document(page: str) -> None:
    minified = html(page)
    assert _document(minified) == _document(page), minified
