"""Frames and images from other sites, allowed host by host (``embeds:`` and ``images:`` in
``course.yml``); the Content-Security-Policy opens exactly those hosts."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from .state import RenderState

#: ``<iframe ... src="...">`` or ``<img ... src="...">`` in raw HTML an author wrote.
SOURCE = re.compile(
    r"""<(?P<tag>iframe|img)\b[^>]*?\ssrc\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""",
    re.IGNORECASE,
)
#: A whole frame element, to remove one whose host is not listed (with what it holds).
FRAME = re.compile(r"<iframe\b[^>]*>.*?</iframe\s*>|<iframe\b[^>]*/?>", re.IGNORECASE | re.DOTALL)
#: What a sandboxed frame may do: run the player, in its own origin, full screen.
SANDBOX = "allow-scripts allow-same-origin allow-presentation"


def host_of(url: str) -> str:
    """The host of an absolute (or scheme-relative) address, or "" for a relative one."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def listed_frame(url: str, embeds: tuple[str, ...]) -> bool:
    """Whether a frame's address is on an allowed host (over https)."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme == "https" and host_of(url) in embeds


def keep_listed_frames(raw: str, embeds: tuple[str, ...]) -> str:
    """Raw HTML with every frame whose address is not on an allowed host removed."""

    def keep(match: re.Match[str]) -> str:
        found = SOURCE.match(match[0])
        src = html.unescape(_src(found)) if found else ""
        return match[0] if src and listed_frame(src, embeds) else ""

    return FRAME.sub(keep, raw) if "<iframe" in raw.lower() else raw


def _src(match: re.Match[str]) -> str:
    return match["dq"] if match["dq"] is not None else match["sq"] or match["bare"] or ""


def check_raw(state: RenderState, raw: str) -> None:
    """Report each frame or image of raw HTML whose host the course does not allow."""
    for match in SOURCE.finditer(raw):
        check_source(state, match["tag"].lower(), html.unescape(_src(match)))


def check_source(state: RenderState, tag: str, src: str) -> None:
    """Report a frame or image from a host missing from ``embeds:`` / ``images:``."""
    host = host_of(src)
    if not host:
        return
    if tag == "iframe":
        if host in state.embeds:
            if not listed_frame(src, state.embeds):
                message = f"the frame '{src}' must use https:// to be embedded"
                state.problem(state.line_of(src), message, warning=True)
            return
        key, what, result = "embeds", "frame", "it is removed from the page"
    else:
        if host in state.images:
            return
        key, what, result = "images", "image", "browsers will not show it"
    state.problem(
        state.line_of(src),
        f"the {what} '{src}' comes from '{host}', which the course does not allow, so "
        f"{result}; add '{host}' under '{key}:' in course.yml",
        warning=True,
    )
