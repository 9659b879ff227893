"""Courseware: a Flask app that serves a Markdown course and freezes it into a static site."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, g, redirect, request, send_from_directory
from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, RequestRedirect, Rule

from ..config import PROJECT_ROOT, defaults
from ..course import i18n
from ..course.model import ContentIndex
from ..course.reads import note
from ..course.rendering.elements import namespace_ids
from . import content, security
from .content_styles import content_styles
from .minify import html as minify_html
from .minify import minify
from .navigation import sidebar
from .urls import (
    LanguageConverter,
    SlugConverter,
    alternates,
    asset,
    canonical,
    current_edition,
    fragment,
    instructor_url,
    lang_url,
    page_end,
    root,
    server_root,
    static_folder,
    url,
)


class CoursewareFlask(Flask):
    """Flask, serving our own CSS and JavaScript minified and cacheable for a year, and pages
    without the indentation of their templates."""

    def make_response(self, rv: Any) -> Response:
        if isinstance(rv, str) and rv.startswith("<!doctype html>"):
            rv = minify_html(rv)
        elif (
            isinstance(rv, tuple)
            and rv
            and isinstance(rv[0], str)
            and rv[0].startswith("<!doctype")
        ):
            rv = (minify_html(rv[0]), *rv[1:])
        return super().make_response(rv)

    def send_static_file(self, filename: str) -> Response:
        static = static_folder(filename, self)
        note(("file", str(static / filename)))
        versioned = "v" in request.args
        ours = filename.startswith(("css/", "js/")) and filename.endswith((".css", ".js"))
        if self.config["COURSEWARE_PREVIEW"] or not ours:
            max_age = self.get_send_file_max_age(filename)
            response = send_from_directory(static, filename, max_age=max_age)
        else:
            try:
                text = _minified(static / filename, static)
            except (OSError, UnicodeDecodeError, ValueError):
                abort(404)
            mimetype = "text/css" if filename.endswith(".css") else "text/javascript"
            response = Response(text, mimetype=mimetype)
        if versioned:
            response.cache_control.public = True
            response.cache_control.max_age = 31536000
            response.cache_control.immutable = True
        return response

    def handle_http_exception(self, e: HTTPException) -> Any:
        """Answer Werkzeug's own redirects (``/basics`` → ``/basics/``) with a path only.

        Werkzeug writes the ``Host`` header and ``SCRIPT_NAME`` of the request into them;
        a relative ``Location`` under the configured root reflects neither.
        """
        if isinstance(e, RequestRedirect):
            target = urlsplit(e.new_url)
            path = target.path.removeprefix(request.script_root).lstrip("/")
            query = f"?{target.query}" if target.query else ""
            return redirect(server_root() + path + query, e.code)
        return super().handle_http_exception(e)


def course_folders(app: Flask, name: str) -> list[Path]:
    """The course folder's own ``templates`` or ``static``, when it has one besides the engine's
    (its files take precedence over the engine's, file by file)."""
    course = app.config["COURSEWARE_COURSE_DIR"]
    if course is None:
        return []
    own = Path(course, name)
    engine = Path((app.template_folder if name == "templates" else app.static_folder) or "")
    return [own] if own.is_dir() and own.resolve() != engine.resolve() else []


def _minified(file: Path, static: Path) -> str:
    resolved = file.resolve()
    if not resolved.is_relative_to(static.resolve()) or not resolved.is_file():
        raise ValueError(file)
    return _minify_cached(resolved, resolved.stat().st_mtime_ns)


@functools.cache
def _minify_cached(file: Path, mtime_ns: int) -> str:
    return minify(file.name, file.read_text(encoding="utf-8"))


def _attribute_json(value: object) -> Markup:
    """JSON for a single-quoted HTML attribute, without escaping every double quote."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;"))


#: a link to a glossary entry in a rendered page (rendering/glossary.py writes them)
GLOSSARY_ANCHOR = re.compile(r'glossary/[^"#]*#(term-[\w-]+)"')


def glossary_anchors(page_html: str) -> set[str]:
    """The glossary entries a rendered page links to, by anchor (their popovers need them)."""
    return set(GLOSSARY_ANCHOR.findall(str(page_html)))


def _language() -> str:
    """The language of the page being rendered."""
    return current_edition().lang


def _template_cache(cache_dir: str | Path | None) -> FileSystemBytecodeCache | None:
    """Compiled templates kept beside the render cache, so a process compiles a template once
    and the next process starts from it (a rebuild or a preview start spent 0.2–0.4 s in
    Jinja's compiler). Jinja checks each entry against its template's source; the folder's name
    covers Jinja's version and this file, where the environment's options are set."""
    if not cache_dir:
        return None
    options = hashlib.sha256(Path(__file__).read_bytes())
    options.update(version("jinja2").encode())
    folder = Path(cache_dir) / "templates" / options.hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # templates are then compiled in each process, as without a cache
    return FileSystemBytecodeCache(str(folder))


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the course app; ``config`` overrides every other source of settings."""
    app = CoursewareFlask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_relative_config=True,
    )
    app.config.from_mapping(defaults())
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if config is not None:
        app.config.from_mapping(config)
    app.template_folder = str(app.config["COURSEWARE_TEMPLATES_DIR"])
    app.static_folder = str(app.config["COURSEWARE_STATIC_DIR"])
    own_templates = course_folders(app, "templates")
    if own_templates:
        app.jinja_loader = ChoiceLoader([FileSystemLoader(own_templates), app.jinja_loader])
    app.extensions["courseware_static"] = (*course_folders(app, "static"), Path(app.static_folder))
    for key in ("COURSEWARE_PREVIEW", "COURSEWARE_SHOW_DRAFTS"):
        if app.config[key] is None:
            app.config[key] = app.debug

    app.url_map.converters["slug"] = SlugConverter
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: i18n.translations(_language()).gettext(message),
        lambda singular, plural, n: i18n.translations(_language()).ngettext(singular, plural, n),
        newstyle=True,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.bytecode_cache = _template_cache(app.config["COURSEWARE_CACHE_DIR"])
    app.jinja_env.globals.update(
        url=url,
        asset=asset,
        fragment=fragment,
        root=root,
        page_end=page_end,
        canonical=canonical,
        sidebar=sidebar,
        lang_url=lang_url,
        instructor_url=instructor_url,
        alternates=alternates,
        glossary_anchors=glossary_anchors,
        content_styles=content_styles,
    )

    content.init_app(app)
    security.init_app(app)

    from .views import instructor, pages, playground, preview, review, search, site, summaries

    app.register_blueprint(site.bp)
    app.register_blueprint(playground.bp)
    app.register_error_handler(404, site.page_not_found)
    localised = (pages.bp, search.bp, instructor.bp, summaries.bp, review.bp)
    for blueprint in localised:
        app.register_blueprint(blueprint)
    others = _other_languages(content.get_index_of(app))
    preview_languages = bool(app.config["COURSEWARE_PREVIEW"])  # they may change meanwhile
    if others or preview_languages:
        app.url_map.converters["lang"] = LanguageConverter
        pattern = _language_pattern(others)
        for blueprint in localised:
            prefix = f"/{pattern}{blueprint.url_prefix or ''}"
            app.register_blueprint(blueprint, url_prefix=prefix, name=f"{blueprint.name}_lang")
    if preview_languages:
        routed = [others]

        def route_languages(index: ContentIndex) -> None:
            codes = _other_languages(index)
            if codes != routed[0]:
                app.url_map = _with_languages(app.url_map, routed[0], codes)
                routed[0] = codes

        app.extensions["courseware"].after_load.append(route_languages)

    @app.url_value_preprocessor
    def pull_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
        g.lang = values.pop("lang", None) if values else None

    if app.config["COURSEWARE_PREVIEW"]:
        app.register_blueprint(preview.bp)
    app.add_template_filter(namespace_ids)
    app.add_template_filter(i18n.lang_attr)
    app.add_template_filter(i18n.lang_title)
    app.add_template_filter(i18n.direction)
    # Always routed: the site's address comes from course.yml, which a preview reloads (the
    # views answer 404 while there is none).
    app.add_url_rule("/sitemap.xml", "site.sitemap", site.sitemap)
    app.add_url_rule("/sitemap-<int:part>.xml", "site.sitemap_part", site.sitemap_part)

    #: the playground's runtime, assembled by ``python build.py playground`` (not in git)
    manifest = "playground/manifest.json"
    playground_ready = (static_folder(manifest, app) / manifest).is_file()

    @app.context_processor
    def course_context() -> dict[str, Any]:
        index = content.get_index()
        edition = current_edition()
        return {
            "course": edition.course or index.course,
            "preview": app.config["COURSEWARE_PREVIEW"],
            "problems": index.diagnostics if app.config["COURSEWARE_PREVIEW"] else (),
            "lessons_fingerprint": index.fingerprint if app.config["COURSEWARE_PREVIEW"] else "",
            "static_site": app.config["COURSEWARE_LINK_STYLE"] != "absolute",
            "offline": app.config["COURSEWARE_LINK_STYLE"] == "offline",
            "playground": playground_ready,
            # its quotes need no escaping; host names are checked (metadata.HOST_NAME)
            "meta_policy": Markup(security.course_meta_policy()),
            "edition": edition,
            "extra_css": index.extra_css,
            "js_messages": _attribute_json(i18n.js_messages(_language())),
        }

    return app


def _other_languages(index: ContentIndex) -> tuple[str, ...]:
    return tuple(language.code for language in index.course.languages[1:])


def _language_pattern(codes: tuple[str, ...]) -> str:
    """The first part of the addresses of the other languages (none matches no address)."""
    return "<lang(" + ", ".join(repr(code) for code in codes) + "):lang>"


def _with_languages(old: Map, before: tuple[str, ...], codes: tuple[str, ...]) -> Map:
    """The app's addresses with those of the other languages made for ``codes``: a preview
    whose ``course.yml`` gains or loses a language serves (and links to) its pages at once,
    as after a fresh start. Rules cannot be added to an app that has served, so the map is
    made anew (the views stay, by endpoint)."""
    new = type(old)(
        default_subdomain=old.default_subdomain,
        strict_slashes=old.strict_slashes,
        merge_slashes=old.merge_slashes,
        redirect_defaults=old.redirect_defaults,
        converters=old.converters,
        sort_parameters=old.sort_parameters,
        sort_key=old.sort_key,
        host_matching=old.host_matching,
    )
    was, now = _language_pattern(before), _language_pattern(codes)
    for rule in old.iter_rules():
        if rule.rule.startswith(f"/{was}"):
            new.add(Rule(rule.rule.replace(was, now, 1), **rule.get_empty_kwargs()))
        else:
            new.add(rule.empty())
    return new
