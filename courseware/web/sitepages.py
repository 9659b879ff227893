"""Every page and file the site has, in one list: the static build freezes it, the sitemap
lists its learner pages, the language switcher links only to its pages, the tests crawl it.

A page type that a view serves but this list does not name is never built; a test holds
every route of the app against this list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from flask import Flask, url_for

from ..course.model import ContentIndex, Edition
from ..course.reads import paused
from .urls import site_url
from .views.site import sitemap_parts

#: Pages without arguments that every language has.
EDITION_PAGES = (
    "pages.home",
    "search.page",
    "search.meta",
    "instructor.schedule",
    "summaries.keypoints",
    "summaries.objectives",
    "summaries.glossary",
    "summaries.exercises",
    "summaries.exercises_with_solutions",
    "summaries.translations",
    "review.page",
)
#: Pages only an offline copy has (the whole search index as a script).
OFFLINE_PAGES = frozenset({"search.script"})
#: Learner pages: what search engines are told about (sitemap.xml).
LEARNER_PAGES = frozenset({"pages.home", "pages.chapter", "pages.lesson"})


@dataclass(frozen=True)
class Page:
    """One file of the site: the endpoint and values that make it, and its URL."""

    url: str  #: from the site root, e.g. ``/mvc/what-is-mvc/``
    endpoint: str
    values: tuple[tuple[str, object], ...] = ()

    @property
    def learner(self) -> bool:
        return self.endpoint.replace("_lang.", ".") in LEARNER_PAGES

    @property
    def file(self) -> str:
        """The file it is written to, relative to the site folder."""
        return file_of(self.url)


def file_of(url: str) -> str:
    """The file a URL of the site is written to: ``/mvc/`` → ``mvc/index.html``."""
    return url[1:] + ("index.html" if url.endswith("/") else "")


def _endpoint(name: str, edition: Edition) -> str:
    """``pages.lesson`` in the course's own language, ``pages_lang.lesson`` in the others."""
    if not edition.prefix:
        return name
    blueprint, view = name.split(".")
    return f"{blueprint}_lang.{view}"


def _edition_pages(app: Flask, edition: Edition) -> Iterator[tuple[str, dict[str, object]]]:
    language = {"lang": edition.lang} if edition.prefix else {}
    for name in EDITION_PAGES:
        yield _endpoint(name, edition), dict(language)
    if app.config["COURSEWARE_LINK_STYLE"] == "offline":  # opened from disk: no fetch()
        yield _endpoint("search.script", edition), dict(language)
    search = app.extensions["courseware"].search(edition.lang)
    for name in sorted(search.shards):
        yield _endpoint("search.shard", edition), {"name": name, **language}
    for number in range(len(search.lessons)):
        yield _endpoint("search.lesson", edition), {"number": number, **language}
    for chapter in edition.chapters:
        values = {"chapter": chapter.slug, **language}
        yield _endpoint("pages.chapter", edition), values
        yield _endpoint("summaries.print_chapter", edition), values
        yield _endpoint("summaries.chapter_exercises", edition), values
        yield _endpoint("summaries.chapter_exercises_with_solutions", edition), values
        for lesson in chapter.lessons:
            values = {"chapter": chapter.slug, "lesson": lesson.slug, **language}
            yield _endpoint("pages.lesson", edition), values
            if lesson.has_instructor_notes:
                yield _endpoint("instructor.lesson", edition), values


def _course_pages(app: Flask, index: ContentIndex) -> Iterator[tuple[str, dict[str, object]]]:
    for edition in index.editions.values():
        yield from _edition_pages(app, edition)
    yield "site.not_found_page", {}
    yield "site.highlight_css", {}
    if site_url():
        yield "site.sitemap", {}
    for unit in sorted(index.examples):
        yield "playground.example", {"unit": unit}
    for path in sorted(index.assets):
        yield "site.media", {"path": path}


def site_pages(app: Flask) -> list[Page]:
    """Every page of the app's current content, in a stable order (static files aside)."""
    content = app.extensions["courseware"]
    index = content.index
    found: dict[str, Page] = {}
    with paused(), app.test_request_context():
        for endpoint, values in _course_pages(app, index):
            url = unquote(url_for(endpoint, **values))
            found.setdefault(url, Page(url, endpoint, tuple(sorted(values.items()))))
        if site_url():  # a large site's sitemap is an index
            learner = sum(page.learner for page in found.values())
            for part in range(1, sitemap_parts(learner) + 1):
                url = url_for("site.sitemap_part", part=part)
                found[url] = Page(url, "site.sitemap_part", (("part", part),))
    return list(found.values())
