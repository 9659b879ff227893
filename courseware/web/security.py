"""Security headers for every response, so the live server is safe to put on the internet."""

from __future__ import annotations

from functools import cache

from flask import Flask, Response, current_app, request

#: No inline scripts or styles anywhere: everything comes from static/ on the same origin.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _for_meta(policy: str) -> str:
    """``policy`` for a ``<meta>`` element, as static hosts that cannot send headers (GitHub
    Pages) need it: without ``frame-ancestors`` (browsers ignore it there) and, as every page
    carries it, without the fetch directives (``*-src``) that only repeat ``default-src``,
    which a browser falls back to for them. (``base-uri`` and ``form-action`` have no such
    fallback and stay.)"""
    parts = policy.split("; ")
    default = next(part for part in parts if part.startswith("default-src ")).split(" ", 1)[1]

    def repeats_default(part: str) -> bool:
        name, sources = part.split(" ", 1)
        return name.endswith("-src") and name != "default-src" and sources == default

    return "; ".join(
        part
        for part in parts
        if not part.startswith("frame-ancestors") and not repeats_default(part)
    )


#: :data:`CONTENT_SECURITY_POLICY` for a ``<meta>`` element.
META_POLICY = _for_meta(CONTENT_SECURITY_POLICY)


@cache
def content_security_policy(embeds: tuple[str, ...] = (), images: tuple[str, ...] = ()) -> str:
    """The policy of the course's pages: the default one, with frames from the hosts of
    ``embeds:`` and images from those of ``images:`` in course.yml (over https only)."""
    if not embeds and not images:
        return CONTENT_SECURITY_POLICY
    parts = CONTENT_SECURITY_POLICY.split("; ")
    if images:
        parts = [
            " ".join([part, *(f"https://{host}" for host in images)])
            if part.startswith("img-src ")
            else part
            for part in parts
        ]
    if embeds:
        frames = " ".join(["'self'", *(f"https://{host}" for host in embeds)])
        parts.insert(parts.index("object-src 'none'"), f"frame-src {frames}")
    return "; ".join(parts)


@cache
def meta_policy(embeds: tuple[str, ...] = (), images: tuple[str, ...] = ()) -> str:
    """:func:`content_security_policy` for a ``<meta>`` element (see :func:`_for_meta`)."""
    return _for_meta(content_security_policy(embeds, images))


def course_policy() -> str:
    """The policy of the current app's course."""
    course = current_app.extensions["courseware"].index.course
    return content_security_policy(course.embeds, course.images)


def course_meta_policy() -> str:
    """The ``<meta>`` policy of the current app's course (for the static site)."""
    course = current_app.extensions["courseware"].index.course
    return meta_policy(course.embeds, course.images)


HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


#: The playground's frame shows a learner's page, which may have its own styles; it is
#: sandboxed (an opaque origin, no access to the course) and may be framed by the course.
FRAME_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' "
    "'unsafe-inline'; img-src 'self' data:; form-action 'none'; frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
}
#: The playground's worker compiles Python's WebAssembly.
WORKER_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "object-src 'none'",
}


def add_security_headers(response: Response) -> Response:
    path = request.path
    if path.endswith("/static/playground-frame.html"):
        extra = FRAME_HEADERS
    elif path.endswith("/static/js/playground-worker.js"):
        extra = WORKER_HEADERS
    else:
        extra = {}
    headers = {**HEADERS, "Content-Security-Policy": course_policy(), **extra}
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    if app.config["COURSEWARE_SECURITY_HEADERS"]:
        app.after_request(add_security_headers)
