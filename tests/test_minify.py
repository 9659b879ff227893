"""The whitespace minifier keeps code meaning: strings, regular expressions, operators."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    page = "<ul>\n  <li>x</li>\n</ul>\n<pre>\n  <span>kept</span>\n</pre>"
    assert html(page) == "<ul><li>x</li></ul>\n<pre>\n  <span>kept</span>\n</pre>"
    # a line break between inline elements is a space on the page: it stays
    inline = "<p>a <code>b</code>\n<code>c</code></p>\n<nav>\n<a>x</a>\n<a>y</a>\n</nav>"
    assert (
        html(inline) == "<p>a <code>b</code>\n<code>c</code></p><nav>\n<a>x</a>\n<a>y</a>\n</nav>"
    )


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
