"""The content index as a Flask resource: loaded once at start-up, reloaded in preview."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from flask import Flask, current_app

from ..course.loader import fingerprint, load_index
from ..course.model import ContentIndex
from ..course.render_pool import RenderCache
from ..course.search import SearchIndex
from .pagecache import PageCache

#: In preview, look for changed files at most this often (seconds).
CHECK_INTERVAL = 0.25


class Content:
    """Holds the current :class:`ContentIndex` of an app and swaps in a new one on change."""

    def __init__(self, app: Flask) -> None:
        config = app.config
        self.lessons_dir = Path(config["COURSEWARE_LESSONS_DIR"])
        cache_dir = config["COURSEWARE_CACHE_DIR"]
        self.cache = RenderCache(Path(cache_dir) if cache_dir else None)
        self.preview = bool(config["COURSEWARE_PREVIEW"])
        self.keep_pages = not self.preview and config["COURSEWARE_LINK_STYLE"] == "absolute"
        self.include_drafts = bool(config["COURSEWARE_SHOW_DRAFTS"])
        self.workers = int(config["COURSEWARE_WORKERS"])
        self._lock = threading.Lock()
        self._checked = 0.0
        self._search: dict[str, SearchIndex] = {}
        #: rendered page parts shared by many pages (see :mod:`courseware.navigation`)
        self.fragments: dict[tuple, str] = {}
        #: finished pages of a production server (see :mod:`courseware.pagecache`)
        self.pages = PageCache()
        self._search_for = ""
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
        return self.index

    def search(self, lang: str) -> SearchIndex:
        """The search index of one language, built on first use for the current content."""
        index = self.index
        with self._lock:
            if self._search_for != index.fingerprint:
                self._search = {}
                self._search_for = index.fingerprint
            found = self._search.get(lang)
            if found is None:
                found = self._search[lang] = SearchIndex.build(index.editions[lang])
        return found


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
