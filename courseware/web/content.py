"""The content index as a Flask resource: loaded once at start-up, reloaded in preview."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from flask import Flask, current_app

from ..course.loader import fingerprint, load_index
from ..course.model import ContentIndex
from ..course.reads import paused
from ..course.render_pool import RenderCache
from ..course.search import SearchIndex
from .pagecache import PageCache

#: In preview, look for changed files at most this often (seconds).
CHECK_INTERVAL = 0.25


class Content:
    """Holds the current :class:`ContentIndex` of an app and swaps in a new one on change."""

    def __init__(self, app: Flask) -> None:
        config = app.config
        self.app = app
        self.lessons_dir = Path(config["COURSEWARE_LESSONS_DIR"])
        cache_dir = config["COURSEWARE_CACHE_DIR"]
        self.cache = RenderCache(Path(cache_dir) if cache_dir else None)
        self.preview = bool(config["COURSEWARE_PREVIEW"])
        self.keep_pages = not self.preview and config["COURSEWARE_LINK_STYLE"] == "absolute"
        self.include_drafts = bool(config["COURSEWARE_SHOW_DRAFTS"])
        self.workers = int(config["COURSEWARE_WORKERS"])
        self._lock = threading.Lock()
        self._checked = 0.0
        #: what is derived from the current index: search indexes, the list of pages
        self._derived: dict[str, object] = {}
        self._derived_for: ContentIndex | None = None
        #: sidebars rendered once per chapter, with what they read (see navigation.py)
        self.sidebars: dict[tuple, tuple[str, frozenset]] = {}
        #: finished pages of a production server (see pagecache.py)
        self.pages = PageCache()
        self.index = self._load(workers=self.workers)

    def _load(self, workers: int) -> ContentIndex:
        return load_index(
            self.lessons_dir, include_drafts=self.include_drafts, cache=self.cache, workers=workers
        )

    def refresh(self) -> ContentIndex:
        """In preview, reload the index if a file under lessons/ changed since it was read."""
        if not self.preview:
            return self.index
        now = time.monotonic()
        if now - self._checked < CHECK_INTERVAL:
            return self.index
        with self._lock:
            self._checked = time.monotonic()
            if fingerprint(self.lessons_dir) != self.index.fingerprint:
                # Worker processes must not be forked from a server thread: render serially;
                # only the changed lessons miss the cache.
                self.index = self._load(workers=1)
                self.sidebars.clear()
        return self.index

    def _derive(self, key: str, make) -> object:  # noqa: ANN001 - a callable of no argument
        """A value computed once per index (not recorded as a page's read: pages that use it
        note what they take from it)."""
        index = self.index
        with self._lock:
            if self._derived_for is not index:
                self._derived = {}
                self._derived_for = index
            found = self._derived.get(key)
        if found is None:
            with paused():
                found = make(index)
            with self._lock:
                if self._derived_for is index:
                    self._derived[key] = found
        return found

    def search(self, lang: str) -> SearchIndex:
        """The search index of one language, built on first use for the current content."""
        return self._derive(f"search:{lang}", lambda index: SearchIndex.build(index.editions[lang]))

    def site_pages(self) -> list:
        """Every page of the site (see :mod:`courseware.web.sitepages`)."""
        from .sitepages import site_pages

        return self._derive("pages", lambda index: site_pages(self.app))

    def page_urls(self) -> frozenset[str]:
        return self._derive("urls", lambda index: frozenset(p.url for p in self.site_pages()))


def init_app(app: Flask) -> None:
    content = Content(app)
    app.extensions["courseware"] = content
    if content.preview:

        @app.before_request
        def reload_changed_lessons() -> None:
            content.refresh()


def get_content() -> Content:
    return current_app.extensions["courseware"]


def get_index() -> ContentIndex:
    return current_app.extensions["courseware"].index


def get_index_of(app: Flask) -> ContentIndex:
    return app.extensions["courseware"].index
