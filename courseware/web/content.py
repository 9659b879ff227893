"""The content index as a Flask resource: loaded once at start-up, reloaded in preview."""

from __future__ import annotations

import atexit
import hashlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import click
from flask import Flask, current_app

from ..course.cachefiles import write_pickle
from ..course.loader import load_index, with_rendering
from ..course.memo import LoadMemo
from ..course.model import ContentIndex, Lesson
from ..course.reads import paused
from ..course.render_pool import RenderCache, content_key, render_many, render_one
from ..course.rendering import Pending, renderer_version
from ..course.search import BlockStore, SearchIndex
from ..course.stamps import Snapshot, snapshot
from .pagecache import PageCache

#: In preview, look for changed files at most this often (seconds).
CHECK_INTERVAL = 0.1
#: One lesson at a time is rendered in this process (Python-Markdown is not thread-safe).
RENDERING = threading.Lock()
#: In preview, cache files that every reload rewrites whole are written this long after the
#: last reload (seconds).
WRITE_AFTER = 2.0


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
        #: what each load keeps for the next: a reload reads only the files that changed
        self.memo = LoadMemo()
        self._lock = threading.Lock()
        self._checked = 0.0
        #: what is derived from the current index: search indexes, the list of pages
        self._derived: dict[str, object] = {}
        self._derived_for: ContentIndex | None = None
        #: sidebars rendered once per chapter, with what they read (see navigation.py)
        self.sidebars: dict[tuple, tuple[str, frozenset]] = {}
        #: finished pages of a production server (see pagecache.py)
        self.pages = PageCache()
        background = config.get("COURSEWARE_BACKGROUND_RENDER")
        if background is None:
            # A preview, and ``flask run``, answer at once; production servers (gunicorn)
            # and tests want the whole index before the first request.
            background = (self.preview or _under_flask_run()) and not app.testing
        #: called with each index loaded after the first (the app's addresses follow it)
        self.after_load: list[Callable[[ContentIndex], None]] = []
        #: set while lessons render in the background (a preview's first start)
        self.rendering: threading.Event | None = None
        if background:
            self.index = self._load(workers=1, lazy=True)
            if self.index.pending:
                self._render_in_background(list(self.index.pending.values()))
        else:
            self.index = self._load(workers=self.workers)
        if self.preview:
            self.cache.write_parsed = Later(WRITE_AFTER)

    def _load(
        self, workers: int, lazy: bool = False, taken: Snapshot | None = None
    ) -> ContentIndex:
        return load_index(
            self.lessons_dir,
            include_drafts=self.include_drafts,
            cache=self.cache,
            workers=workers,
            lazy=lazy,
            memo=self.memo,
            taken=taken,
        )

    def _render_in_background(self, items: list) -> None:
        """Render what the cache lacked while the preview already answers.

        Worker processes are forked here, in the thread that creates the app, before the
        server starts its threads; a thread collects their results and, when all are in,
        swaps in the whole index. A lesson asked for meanwhile is rendered at once
        (:meth:`ready`).
        """
        self.rendering = threading.Event()
        # Each result is kept by the key of the files it was rendered from, as the start
        # found them: a key made once it is rendered would be that of files saved meanwhile.
        known = self.memo.keys
        keys = [known[item][0] if item in known else content_key(item) for item in items]
        results = None
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if self.workers > 1 and len(items) > 1 and can_fork:
            pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_lower_priority,  # the lesson a learner asks for comes first
            )
            results = pool.map(render_one, items, chunksize=4)
            pool.shutdown(wait=False)  # the submitted work goes on; nothing else comes

        def finish() -> None:
            try:
                done = results if results is not None else map(self._render_alone, items)
                for key, rendered in zip(keys, done, strict=True):
                    self.cache.put(key, rendered)
                with RENDERING:  # a serial render of files changed meanwhile
                    index = self._load(workers=1)
                with self._lock:
                    self._swap(index)
                    # Done before a reload can see the whole index: a reload that still took
                    # itself for one during the rendering would leave what it found saved
                    # waiting, and the next would find nothing new to load.
                    if self.rendering is not None:
                        self.rendering.set()
            finally:
                if self.rendering is not None:
                    self.rendering.set()

        threading.Thread(target=finish, name="courseware-render", daemon=True).start()

    def _render_alone(self, item: object) -> object:
        with RENDERING:
            return render_one(item)

    def ready(self, lesson: Lesson) -> Lesson:
        """The lesson with its body: one still pending is rendered now, ahead of the rest."""
        if not isinstance(lesson.rendered, Pending):
            return lesson
        item = self.index.pending.get(lesson.source)
        if item is None:
            return lesson
        with RENDERING, paused():
            (rendered,), (key,) = render_many([item], self.cache, 1)
        return with_rendering(lesson, replace(rendered, key=key))

    def refresh(self) -> ContentIndex:
        """In preview, reload the index if a file under lessons/ changed since it was read."""
        if not self.preview:
            return self.index
        now = time.monotonic()
        if now - self._checked < CHECK_INTERVAL:
            return self.index
        with self._lock:
            self._checked = time.monotonic()
            taken = snapshot(self.lessons_dir)
            if taken.fingerprint != self.index.fingerprint:
                # Worker processes must not be forked from a server thread: render serially;
                # only the changed lessons miss the cache. While the first start still
                # renders in the background, what it has not reached stays pending.
                busy = self.rendering is not None and not self.rendering.is_set()
                if busy:
                    self._swap(self._load(workers=1, lazy=True, taken=taken))
                else:
                    with RENDERING:
                        self._swap(self._load(workers=1, taken=taken))
        return self.index

    def _swap(self, index: ContentIndex) -> None:
        """Put a newly loaded index in place (with the content's lock held)."""
        for follow in self.after_load:
            follow(index)
        self.index = index
        self.sidebars.clear()

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
        return self._derive(f"search:{lang}", lambda index: self._search(index, lang))

    def _search(self, index: ContentIndex, lang: str) -> SearchIndex:
        store = None
        if self.cache.directory is not None:
            course = hashlib.sha256(str(self.lessons_dir.resolve()).encode()).hexdigest()[:16]
            drafts = "-drafts" if self.include_drafts else ""  # the preview's: other lessons
            name = f"{course}-{lang or 'en'}{drafts}"
            store = BlockStore(self.cache.directory / "search" / name)
        return SearchIndex.build(index.editions[lang], store, renderer_version())

    def site_pages(self) -> list:
        """Every page of the site (see :mod:`courseware.web.sitepages`)."""
        from .sitepages import site_pages

        return self._derive("pages", lambda index: site_pages(self.app))

    def page_urls(self) -> frozenset[str]:
        return self._derive("urls", lambda index: frozenset(p.url for p in self.site_pages()))


class Later:
    """Writes cache files in a thread, a moment after the last request to: a reload's answer
    does not wait for the disk (the parsed sources of 1,000 lessons, rewritten after every
    save, took 20-35 ms), and a burst of saves writes once. What is waiting is written when
    the process ends normally; a process killed first leaves the previous file, which only
    costs the next start the reading of the files changed since."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.waiting: dict[Path, object] = {}
        self.lock = threading.Lock()
        self.writing = threading.Lock()  # one flush at a time: the newest is written last
        self.timer: threading.Timer | None = None

    def __call__(self, file: Path, value: object) -> None:
        with self.lock:
            if not self.waiting:
                atexit.register(self.flush)
            self.waiting[file] = value
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(self.delay, self.flush)
            self.timer.daemon = True
            self.timer.start()

    def flush(self) -> None:
        with self.writing:
            with self.lock:
                waiting, self.waiting = self.waiting, {}
                atexit.unregister(self.flush)
            for file, value in waiting.items():
                write_pickle(file, value)


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


def _lower_priority() -> None:
    """Let the server's own requests have the processors before the background rendering."""
    try:
        os.nice(10)
    except OSError:  # not allowed here: the rendering then merely competes
        pass


def _under_flask_run() -> bool:
    """Whether the app is being made by ``flask run`` itself. Flask's environment variable
    alone is not enough: it stays set for every process a flask command starts (a gunicorn
    started from a test run would then render in the background, fork its workers mid-way
    and leave them waiting on a lock held by a thread that did not come along)."""
    context = click.get_current_context(silent=True)
    return (
        os.environ.get("FLASK_RUN_FROM_CLI") == "true"
        and context is not None
        and context.command.name == "run"
    )
