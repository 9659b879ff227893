"""Pygments colours for code blocks, light and dark, in one small stylesheet.

Each token class gets ``color: light-dark(<light>, <dark>)``, so the browser picks the colour
of the active colour scheme (set by the OS or the theme toggle) without a second copy of
the rules. Colours too faint on our code background are darkened or lightened until they
meet WCAG AA contrast (4.5:1), so highlighted code stays readable in both themes.
"""

from __future__ import annotations

import re
from functools import cache

from pygments.formatters import HtmlFormatter

LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"
#: Must match ``--code-bg`` in static/css/site.css.
LIGHT_BACKGROUND = "#f6f8fa"
DARK_BACKGROUND = "#161b22"
MIN_CONTRAST = 4.6

COLOR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})")


def _rgb(hex_color: str) -> tuple[float, float, float]:
    value = hex_color.lstrip("#")
    if len(value) == 3:
        value = "".join(char * 2 for char in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    a, b = sorted((_luminance(_rgb(first)), _luminance(_rgb(second))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def readable(color: str, background: str) -> str:
    """``color``, moved towards black or white just enough to be readable on ``background``."""
    target = 0.0 if _luminance(_rgb(background)) > 0.5 else 1.0
    rgb = _rgb(color)
    for step in range(0, 101, 2):
        mix = step / 100
        mixed = tuple(c + (target - c) * mix for c in rgb)
        candidate = "#" + "".join(f"{round(c * 255):02x}" for c in mixed)
        if contrast(candidate, background) >= MIN_CONTRAST:
            return candidate
    return "#000000" if target == 0.0 else "#ffffff"


def _styles(style: str) -> dict[str, tuple[str | None, list[str]]]:
    """Token class → (colour, other declarations such as ``font-weight: bold``)."""
    formatter = HtmlFormatter(style=style)
    found = {}
    for css_class, (declarations, *_) in formatter.class2style.items():
        if not css_class:
            continue
        color = None
        others = []
        for declaration in declarations.split(";"):
            declaration = declaration.strip()
            match = COLOR.match(declaration)
            if match:
                color = match[1]
            elif declaration.startswith(("font-weight", "font-style")):
                others.append(declaration.replace(": ", ":"))
        found[css_class] = (color, others)
    return found


#: Must match ``--code-fg`` in static/css/site.css: colours equal to it need no rule.
LIGHT_FOREGROUND = "#1f2328"
DARK_FOREGROUND = "#e6edf3"


def _plain(color: str | None, foreground: str) -> bool:
    return color is None or _rgb(color) == _rgb(foreground)


@cache
def _rules() -> dict[str, list[str]]:
    """Token class → CSS declarations, for the classes that look different from plain code."""
    light = _styles(LIGHT_STYLE)
    dark = _styles(DARK_STYLE)
    rules = {}
    for css_class in sorted(set(light) | set(dark)):
        light_color, light_other = light.get(css_class, (None, []))
        dark_color, _ = dark.get(css_class, (None, []))
        if css_class == "w":
            continue  # whitespace has nothing to colour
        plain = _plain(light_color, LIGHT_FOREGROUND) and _plain(dark_color, DARK_FOREGROUND)
        if plain and not light_other:
            continue
        declarations = list(light_other)
        if not plain:
            first = readable(light_color, LIGHT_BACKGROUND) if light_color else "var(--code-fg)"
            second = readable(dark_color, DARK_BACKGROUND) if dark_color else "var(--code-fg)"
            declarations.insert(0, f"color:light-dark({first},{second})")
        rules[css_class] = declarations
    return rules


def styled_classes() -> frozenset[str]:
    """Token classes that need their ``<span>``; the others are dropped from the HTML."""
    return frozenset(_rules())


@cache
def stylesheet() -> str:
    """The stylesheet served as ``theme/highlight.css``.

    The rules are nested in one ``.highlight`` rule instead of each naming it: every browser
    that knows ``light-dark()`` knows nesting, and one that knows neither shows plain code
    either way.
    """
    groups: dict[str, list[str]] = {}
    for name, rule in _rules().items():
        groups.setdefault(";".join(rule), []).append(f".{name}")
    lines = [f"{','.join(selectors)}{{{rule}}}" for rule, selectors in groups.items()]
    return ".highlight{\n" + "\n".join(lines) + "\n}\n"
