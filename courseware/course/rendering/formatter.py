"""Pygments' HTML formatter as pymdownx.highlight uses it, without its set-up per code block.

pymdownx.highlight makes a new formatter for every code block, and each one works out its
token type → CSS tables again, looping over the whole style (4% of the time rendering a lesson
takes, measured with py-spy on the 1,000-lesson benchmark). The tables depend on the style and
three options only, and Pygments only reads them after making them (or adds to the table of
``<span>`` openers what it would make again anyway), so formatters with the same style and
options share one set.
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


def share_formatter_tables() -> None:
    """Make pymdownx.highlight use :class:`SharedTablesFormatter` for code blocks (it looks
    its formatter class up by name on each block). Does nothing if pymdownx changes."""
    if _Base is not None and pymdownx_highlight.BlockHtmlFormatter is _Base:
        pymdownx_highlight.BlockHtmlFormatter = SharedTablesFormatter
