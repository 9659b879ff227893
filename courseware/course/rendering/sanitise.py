"""The raw-HTML policy of lessons, applied with nh3 (the Rust sanitiser ammonia).

Three layers, so that no piece of HTML an author writes can change the structure around it:

1. each raw HTML *block* of a lesson is cleaned on its own with the author's allow-list
   (:func:`clean_block`), so a stray ``</aside>`` or ``</form>`` closes nothing of ours;
2. each raw HTML *tag* inside a paragraph is kept only if it is an inline tag such as
   ``<kbd>`` (:func:`inline_tag`); any other tag is shown as text;
3. the whole rendered lesson passes through the renderer's allow-list (:func:`clean_page`),
   which keeps everything the renderer itself makes (quiz forms, highlighted code, exercises,
   footnotes, tables...) and removes what Markdown lets through: ``javascript:`` links,
   ``on...`` attributes set with ``{: }``, ``style``.

Short texts (summaries, objectives, key points, quiz texts, glossary definitions) are inline
Markdown with all HTML escaped (:func:`clean_text`). A course that trusts its authors can set
``trusted_html: true`` in ``course.yml`` to skip layers 1 to 3 (never the escaping of texts).
"""

from __future__ import annotations

import html
import re
from functools import cache

import nh3

from .embeds import SANDBOX, keep_listed_frames, listed_frame

#: Links may use these schemes; relative links (to lessons and files) are always allowed.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

#: Inline tags an author may write inside a paragraph: ``Press <kbd>Ctrl</kbd>``.
INLINE_TAGS = frozenset(
    {
        "a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins", "kbd",
        "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
        "wbr",
    }
)  # fmt: skip
VOID_TAGS = frozenset({"br", "img", "wbr", "hr", "input", "col"})

#: Tags an author may write as raw HTML in a lesson.
AUTHOR_TAGS = INLINE_TAGS | frozenset(
    {
        "blockquote", "caption", "col", "colgroup", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
#: Attributes an author may use, per tag (``*``: on every tag); ``aria-*`` too.
AUTHOR_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "hidden"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}

#: What the renderer itself adds to lessons: quizzes, exercises, instructor notes.
RENDERER_TAGS = AUTHOR_TAGS | frozenset(
    {"aside", "button", "fieldset", "form", "input", "label", "legend", "section"}
)
RENDERER_ATTRIBUTES = {
    **AUTHOR_ATTRIBUTES,
    "form": {"novalidate"},
    # ``checked``: the open tab of a content tab set (pymdownx.tabbed)
    "input": {"type", "name", "checked"},
    "label": {"for"},
    "button": {"type"},
    # the alignment of a Markdown table's columns (site.css applies it)
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
}
#: Removed with everything inside them, not just their tags.
REMOVED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "textarea"}
)

START_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)")
END_TAG = re.compile(r"<\s*/\s*([a-zA-Z][a-zA-Z0-9-]*)\s*>")


#: What a frame from an allowed host keeps; the sanitiser sets ``sandbox`` and ``loading``.
FRAME_ATTRIBUTES = frozenset({"src", "title", "width", "height", "allowfullscreen"})
FRAME_SET = {"iframe": {"sandbox": SANDBOX, "loading": "lazy"}}


def _frames(embeds: tuple[str, ...], tags: frozenset[str], attributes: dict) -> dict:
    """The cleaner's options, with ``<iframe>`` allowed when the course lists hosts."""
    if not embeds:
        return {
            "tags": set(tags),
            "clean_content_tags": set(REMOVED_WITH_CONTENT),
            "attributes": {tag: set(names) for tag, names in attributes.items()},
        }

    def only_listed(tag: str, name: str, value: str) -> str | None:
        if tag == "iframe" and name == "src" and not listed_frame(value, embeds):
            return None
        return value

    return {
        "tags": set(tags | {"iframe"}),
        "clean_content_tags": set(REMOVED_WITH_CONTENT - {"iframe"}),
        "attributes": {
            **{tag: set(names) for tag, names in attributes.items()},
            "iframe": set(FRAME_ATTRIBUTES),
        },
        "attribute_filter": only_listed,
        "set_tag_attribute_values": FRAME_SET,
    }


@cache
def _author(embeds: tuple[str, ...] = ()) -> nh3.Cleaner:
    return nh3.Cleaner(
        **_frames(embeds, AUTHOR_TAGS, AUTHOR_ATTRIBUTES),
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


@cache
def _renderer(embeds: tuple[str, ...] = ()) -> nh3.Cleaner:
    return nh3.Cleaner(
        **_frames(embeds, RENDERER_TAGS, RENDERER_ATTRIBUTES),
        generic_attribute_prefixes={"aria-", "data-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def clean_block(raw: str, embeds: tuple[str, ...] = ()) -> str:
    """A raw HTML block an author wrote, cleaned on its own (it cannot close what is around);
    frames are kept only from the hosts in ``embeds``."""
    if not embeds:
        return _author().clean(raw)
    return _author(embeds).clean(keep_listed_frames(raw, embeds))


def clean_page(rendered: str, embeds: tuple[str, ...] = ()) -> str:
    """A whole rendered lesson, keeping everything the renderer makes (and frames from the
    hosts in ``embeds``)."""
    if not embeds:
        return _renderer().clean(rendered)
    return _renderer(embeds).clean(keep_listed_frames(rendered, embeds))


def clean_text(rendered: str) -> str:
    """A short text rendered from inline Markdown (its HTML already escaped): links and
    attributes checked like the page's."""
    return _renderer().clean(rendered) if "<" in rendered else rendered


def inline_tag(raw: str) -> str:
    """One raw tag (or comment) found inside a paragraph, as the HTML to put in its place.

    An allowed inline tag is kept with its allowed attributes; an end tag of an allowed one
    is kept (the page pass balances them); comments disappear; anything else, such as
    ``</aside>`` or ``<form>``, is shown as the text the author typed.
    """
    if raw.startswith("<!--"):
        return ""
    closing = END_TAG.fullmatch(raw)
    if closing:
        name = closing[1].lower()
        return f"</{name}>" if name in INLINE_TAGS and name not in VOID_TAGS else html.escape(raw)
    opening = START_TAG.match(raw)
    name = opening[1].lower() if opening else ""
    if name not in INLINE_TAGS:
        return html.escape(raw)
    cleaned = _author().clean(raw)
    if name not in VOID_TAGS:
        cleaned = cleaned.removesuffix(f"</{name}>")
    return cleaned if cleaned.startswith(f"<{name}") else html.escape(raw)
