"""Pygments as pymdownx.highlight uses it, without its set-up per code block.

pymdownx.highlight makes a new formatter and a new lexer for every code block (py-spy on the
1,000-lesson benchmark: 4% and 1.4% of the time rendering a lesson takes):

- each formatter works out its token type → CSS tables again, looping over the whole style.
  The tables depend on the style and three options only, and Pygments only reads them after
  making them (or adds to the table of ``<span>`` openers what it would make again anyway),
  so formatters with the same style and options share one set;
- each lexer is looked up by name among all of Pygments' lexers. A lexer keeps no state
  between texts, so one per language (and option) serves every block.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pymdownx.highlight as pymdownx_highlight

#: pymdownx.highlight's formatter for code blocks (absent when Pygments is not installed).
_Base: Any = getattr(pymdownx_highlight, "BlockHtmlFormatter", None)

if _Base is not None:

    class SharedTablesFormatter(_Base):  # type: ignore[misc, valid-type]
        """pymdownx's block formatter; its tables are made once per style and options."""

        _tables: ClassVar[dict[tuple, tuple[dict, dict, dict]]] = {}

        def _create_stylesheet(self) -> None:
            key = (self.style, self.classprefix, self.noclasses, self.debug_token_types)
            tables = self._tables.get(key)
            if tables is None:
                super()._create_stylesheet()
                tables = (self.ttype2class, self.class2style, self.span_element_openers)
                self._tables[key] = tables
            self.ttype2class, self.class2style, self.span_element_openers = tables


class CachedLexerHighlight(pymdownx_highlight.Highlight):
    """pymdownx's highlighter, with one lexer per language and options."""

    _lexers: ClassVar[dict[tuple, tuple[Any, str]]] = {}

    def get_lexer(self, src: str, language: str, inline: bool, stripnl: bool) -> tuple[Any, str]:
        if self.guess_lang is not False or self.extend_pygments_lang:
            return super().get_lexer(src, language, inline, stripnl)  # may read the code
        key = (language, inline, stripnl, self.default_lang)
        found = self._lexers.get(key)
        if found is None:
            found = self._lexers[key] = super().get_lexer(src, language, inline, stripnl)
        return found


class HighlightExtension(pymdownx_highlight.HighlightExtension):
    """``pymdownx.highlight``, highlighting with :class:`CachedLexerHighlight`."""

    def get_pymdownx_highlighter(self) -> type:
        return CachedLexerHighlight


def share_formatter_tables() -> None:
    """Make pymdownx.highlight use :class:`SharedTablesFormatter` for code blocks (it looks
    its formatter class up by name on each block). Does nothing if pymdownx changes."""
    if _Base is not None and pymdownx_highlight.BlockHtmlFormatter is _Base:
        pymdownx_highlight.BlockHtmlFormatter = SharedTablesFormatter
