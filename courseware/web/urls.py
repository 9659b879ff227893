"""Links as the page being served needs them: absolute on the live server, relative on a
static site (so it works under any sub-path), naming ``index.html`` in an offline copy."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request
from markupsafe import Markup
from werkzeug.routing import BaseConverter
from werkzeug.security import safe_join

from ..course.model import PAGE_END, ROOT, Edition, Language, Lesson
from ..course.reads import note, note_all, recording
from ..errors import Diagnostic

#: Set in a request's environ to make every link of that page absolute from this root.
ABSOLUTE_ROOT = "courseware.absolute_root"


#: Where :func:`root` and :func:`page_folder` keep their answers for the rest of the request (a
#: page asks for them on every link it makes).
_RELATIVE_ROOT = "courseware.root"
_FOLDER = "courseware.folder"


def root() -> str:
    """The way from the current page back to the site root, ending in ``/``."""
    environ = request.environ
    found = environ.get(ABSOLUTE_ROOT) or environ.get(_RELATIVE_ROOT)
    if found:
        return found
    if current_app.config["COURSEWARE_LINK_STYLE"] == "absolute":
        found = server_root()
    else:
        depth = request.path.count("/") - 1
        found = "../" * depth if depth > 0 else "./"
    environ[_RELATIVE_ROOT] = found
    return found


def server_root() -> str:
    """Where the live server's pages are, from ``COURSEWARE_BASE_URL``: ``/`` or ``/course/``.

    Never from the request: a ``SCRIPT_NAME`` (which some servers take from a request header)
    would otherwise choose the links of a page that is then kept for every visitor.
    """
    return _normalise(current_app.config["COURSEWARE_BASE_URL"] or "/")


def _normalise(path: str) -> str:
    inner = path.strip().strip("/")
    return f"/{inner}/" if inner else "/"


def page_end() -> str:
    return "index.html" if current_app.config["COURSEWARE_LINK_STYLE"] == "offline" else ""


def site_url() -> str:
    """The public address of the site (ending in ``/``), or "" when it is not known."""
    configured = current_app.config["COURSEWARE_SITE_URL"]
    if configured:
        return configured.rstrip("/") + "/"
    return current_app.extensions["courseware"].index.course.pages_url


def base_path() -> str:
    """The path the site is served under: ``/`` or ``/flask-course/``."""
    configured = current_app.config["COURSEWARE_BASE_URL"]
    course = current_app.extensions["courseware"].index.course
    if configured:
        return _normalise(configured)
    if course.base_url:
        return course.base_url
    return urlsplit(site_url()).path or "/"


def canonical(path: str) -> str:
    """The absolute address of a page, for ``<link rel="canonical">`` and the sitemap."""
    found = site_url()
    return found + path if found else ""


def url(path: str) -> str:
    """Link to a page given by its address relative to the site root (``"mvc/"``).

    On a static site, a page in the folder of the current one (a lesson of the same chapter,
    or the chapter itself) is linked from that folder: ``../deep/`` from ``basics/hello/``
    rather than ``../../basics/deep/``, the same link from every page of the folder.
    """
    end = page_end() if path == "" or path.endswith("/") else ""
    here = page_folder()
    if here and path.startswith(here):
        return "../" + path[len(here) :] + end
    return root() + path + end


def page_folder() -> str:
    """The folder of the current page's own folder on a static site (``basics/`` for
    ``/basics/hello/``), or "" for a page at the top, a file and the live server's links."""
    environ = request.environ
    found = environ.get(_FOLDER)
    if found is None:
        parts = request.path.strip("/").split("/")
        relative = not environ.get(ABSOLUTE_ROOT) and root().startswith(".")
        nested = request.path.endswith("/") and len(parts) >= 2
        found = environ[_FOLDER] = "/".join(parts[:-1]) + "/" if relative and nested else ""
    return found


@cache
def _file_version(file: Path, mtime_ns: int) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()[:10]


def static_folder(name: str, app: Flask | None = None) -> Path:
    """The folder that serves ``static/<name>``: the course's own ``static/`` when it has the
    file, else the engine's."""
    folders = (app or current_app).extensions["courseware_static"]
    for folder in folders[:-1]:
        found = safe_join(str(folder), name)
        if found is not None and Path(found).is_file() and inside_folder(Path(found), folder):
            return folder
    return folders[-1]


def inside_folder(file: Path, folder: Path) -> bool:
    """Whether ``file`` is in ``folder`` and not a link out of it (a course from the internet
    could link ``static/key.txt``, or ``static`` itself, to files of whoever serves or builds
    it); ``folder`` may be a link only to a folder of the course."""
    root = folder.resolve()
    return root.is_relative_to(folder.parent.resolve()) and file.resolve().is_relative_to(root)


def static_links_out(app: Flask) -> list[Diagnostic]:
    """The symbolic links in the course's own ``static/`` that lead out of it: neither the
    site nor the live server publishes what they point at, and ``check`` says so."""
    found = []
    for folder in app.extensions["courseware_static"][:-1]:
        links = [folder] if folder.is_symlink() else sorted(folder.rglob("*"))
        for link in links:
            if link.is_symlink() and not inside_folder(link, folder):
                name = Path(folder.name, link.relative_to(folder)).as_posix()
                kind = "folder" if link.is_dir() else "file"
                where = "the course folder" if link == folder else "static/"
                message = f"this is a link to a {kind} outside {where}; copy it in instead"
                found.append(Diagnostic(name, 0, message))
    return found


def asset(name: str) -> str:
    """Link to a file of ``static/``, with its content hash so browsers may cache it for long."""
    file = static_folder(name) / name
    try:
        version = _file_version(file, file.stat().st_mtime_ns)
    except OSError:
        version = "missing"
    return f"{root()}static/{name}?v={version}"


def fragment(html: str) -> Markup:
    """Rendered lesson HTML with its links pointed from the current page (those into its
    folder from that folder, as :func:`url` makes them)."""
    here = page_folder()
    if here:
        html = html.replace(ROOT + here, "../")
    return Markup(html.replace(ROOT, root()).replace(PAGE_END, page_end()))


class SlugConverter(BaseConverter):
    """Chapter and lesson addresses: lower-case letters, digits and single hyphens."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"


def current_edition() -> Edition:
    """The edition (language) of the page being served: ``/es/...`` is Spanish.

    Worked out once per request and index (a page asks on every link and message); later
    calls note the same reads as the first, so what the page read is recorded all the same.
    """
    index = current_app.extensions["courseware"].index
    lang = g.get("lang")
    known = g.get("_courseware_edition")
    if known is not None and known[0] is index and known[1] == lang:
        note_all(known[3])
        return known[2]
    with recording() as reads:
        edition = index.editions.get(lang, index.default) if lang else index.default
    g._courseware_edition = (index, lang, edition, frozenset(reads))
    return edition


def lang_url(path: str) -> str:
    """Link to a page of the current language, given as a path within that language."""
    return url(current_edition().prefix + path)


def instructor_url(lesson: Lesson) -> str:
    edition = current_edition()
    return url(f"{edition.prefix}instructor/{lesson.key}")


def alternates() -> list[tuple[Language, str, str, bool]]:
    """This page in every language that has it: (language, link, absolute address or "",
    is current). A language without this page (an instructor page for a lesson whose
    translation has no notes) links to its home page instead."""
    content = current_app.extensions["courseware"]
    index = content.index
    if len(index.editions) < 2 or request.endpoint in (None, "site.not_found_page"):
        return []
    current = current_edition()
    relative = request.path[1:].removeprefix(current.prefix)
    found = []
    for language in index.course.languages:
        edition = index.editions.get(language.code)
        if edition is None:
            continue
        target = edition.prefix + relative
        if not page_exists("/" + target):
            target = edition.prefix
        found.append((language, url(target), canonical(target), edition.lang == current.lang))
    return found


def page_exists(path: str) -> bool:
    """Whether the site has a page at ``path`` (from the site root: ``/es/mvc/``)."""
    note(("page", path))
    return path in current_app.extensions["courseware"].page_urls()


class LanguageConverter(BaseConverter):
    """The code of one of the course's other languages (the course's own has no prefix).

    Its low weight makes ``/es/...`` a language before it can be taken for a chapter "es".
    """

    weight = 50

    def __init__(self, url_map, *codes: str) -> None:  # noqa: ANN001 - Werkzeug's Map
        super().__init__(url_map)
        self.regex = "|".join(re.escape(code) for code in codes) or "(?!)"
