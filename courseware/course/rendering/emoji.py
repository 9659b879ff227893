"""Emoji shortcodes (``:wink:``) as Unicode characters, and MkDocs Material's icon shortcodes
(``:fontawesome-solid-file-pdf:``) as a small generic mark with its name for screen readers:
nothing is fetched from a CDN, and no shortcode is left on the page as typed.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.inlinepatterns import InlineProcessor

#: Icon sets of MkDocs Material (and a course's own ``overrides/.icons/custom``).
ICON_SETS = ("material", "fontawesome", "octicons", "simple", "custom")
ICON = r":(?P<set>" + "|".join(ICON_SETS) + r")-(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*):"
#: Words in an icon's name that say only how it is drawn.
STYLE_WORDS = frozenset({"solid", "regular", "brands", "outline", "16", "24"})


def unicode_emoji(index, shortname, alias, uc, alt, title, category, options, md):  # noqa: ANN001, ANN201, ARG001, PLR0913 - pymdownx's generator API
    """``<span class="emoji" role="img" aria-label="wink">😉</span>``."""
    span = etree.Element("span", {"class": "emoji", "role": "img"})
    span.set("aria-label", (alias or shortname).strip(":").replace("_", " "))
    span.text = alt
    return span


class IconProcessor(InlineProcessor):
    """``:fontawesome-solid-file-pdf:`` → a small generic mark (drawn by site.css) named for
    screen readers ("file pdf"): the icon itself is Material's artwork, which the course does
    not ship, and a link made of an icon alone must stay visible."""

    def __init__(self) -> None:
        super().__init__(ICON)

    def handleMatch(self, m, data):  # noqa: ANN001, ANN201, N802 - Markdown's API
        words = [word for word in m["name"].split("-") if word not in STYLE_WORDS]
        span = etree.Element("span", {"class": "icon", "role": "img"})
        span.set("aria-label", " ".join(words) or m["name"])
        return span, m.start(0), m.end(0)
