"""The static build: check, then freeze every page with Frozen-Flask, then swap the site in.

1. **Check** (:func:`diagnose`): load the course exactly as the site shows it and report every
   problem; ``python build.py check`` is this phase alone, so the two never disagree.
2. **Plan**: the site's pages come from :mod:`courseware.web.sitepages`; a page of the
   previous build is kept when everything it read is unchanged (:mod:`.reuse`).
3. **Freeze** the other pages into a staging folder, on all cores, recording what each one
   reads; then swap the staging folder with the output (:mod:`.output`).
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import time
import warnings as warnings_module
from collections.abc import Callable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from flask import Flask, g, request, url_for
from flask_frozen import Freezer, MissingURLGeneratorWarning

from ..course.checks import all_problems
from ..course.reads import Read, start, stop
from ..errors import BuildError, CheckFailed, Diagnostic
from ..web.app import course_folders, create_app
from ..web.sitepages import file_of, site_pages
from ..web.urls import static_links_out
from . import unchanged
from .output import (
    RECORD,
    Patch,
    Staging,
    check_output,
    clashes,
    files_in,
    locked,
    write_error,
    written_before,
)
from .reuse import Manifest, Resolver, global_digest
from .unchanged import Inputs

#: Files the build writes besides the app's pages.
NOJEKYLL = ".nojekyll"


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int  #: files in the site
    written: int  #: files made again in this build (the others were kept)
    seconds: float
    warnings: tuple[Diagnostic, ...]


def site_app(
    lessons_dir: Path | None,
    base_url: str | None = None,
    offline: bool = False,
    extra: dict[str, Any] | None = None,
    site_url: str | None = None,
) -> Flask:
    """The app as the static site shows it: published lessons only, links that work anywhere."""
    config: dict[str, Any] = {
        "COURSEWARE_PREVIEW": False,
        "COURSEWARE_SHOW_DRAFTS": False,
        "COURSEWARE_LINK_STYLE": "offline" if offline else "relative",
        "COURSEWARE_BASE_URL": base_url,
        "COURSEWARE_SITE_URL": site_url,
        "COURSEWARE_SECURITY_HEADERS": False,
        "COURSEWARE_BACKGROUND_RENDER": False,  # every page is written from the whole index
        "FREEZER_REMOVE_EXTRA_FILES": False,  # the staging folder starts with only what we keep
        "FREEZER_RELATIVE_URLS": False,
        "FREEZER_REDIRECT_POLICY": "error",
        "FREEZER_IGNORE_MIMETYPE_WARNINGS": True,
    }
    if lessons_dir is not None:
        config["COURSEWARE_LESSONS_DIR"] = lessons_dir
    config.update(extra or {})
    return create_app(config)


def diagnose(app: Flask) -> list[Diagnostic]:
    """Every problem of the course as the site shows it, sorted by file and line."""
    content = app.extensions["courseware"]
    return sorted([*all_problems(content.index, content.lessons_dir), *static_links_out(app)])


def _record_reads(app: Flask) -> None:
    """Record what each request reads (see :mod:`courseware.course.reads`)."""
    recorded: dict[str, set[Read]] = app.extensions.setdefault("courseware_reads", {})

    @app.before_request
    def start_recording() -> None:
        g.reads_token = start()

    @app.after_request
    def stop_recording(response: Any) -> Any:
        token = g.pop("reads_token", None)
        if token is not None:
            recorded[request.path] = stop(token)
        return response


#: The app that forked worker processes freeze pages with (set just before forking).
_worker_app: Flask | None = None


def _freeze(urls: list[str]) -> dict[str, list[Read]]:
    """Freeze some URLs of ``_worker_app``; returns what each of them read."""
    app = _worker_app
    assert app is not None
    recorded = app.extensions["courseware_reads"]
    recorded.clear()
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)
    freezer.register_generator(lambda: iter(urls))
    with warnings_module.catch_warnings():
        # Each batch covers a few endpoints; the list of pages covers all of them.
        warnings_module.simplefilter("ignore", MissingURLGeneratorWarning)
        for _ in freezer.freeze_yield():
            pass
    return {url: list(recorded.get(url, ())) for url in urls}  # order does not matter


def _freeze_all(
    app: Flask, urls: list[str], workers: int, show: Callable[[int], None]
) -> dict[str, list[Read]]:
    """Freeze ``urls`` on all cores: batches go to forked processes that share the index."""
    global _worker_app
    _worker_app = app
    reads: dict[str, list[Read]] = {}
    try:
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if workers < 2 or len(urls) < 100 or not can_fork:
            for begin in range(0, len(urls), 50):
                reads.update(_freeze(urls[begin : begin + 50]))
                show(len(reads))
            return reads
        size = max(20, min(100, len(urls) // (workers * 8)))
        batches = [urls[begin : begin + size] for begin in range(0, len(urls), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for found in pool.imap_unordered(_freeze, batches):
                reads.update(found)
                show(len(reads))
    finally:
        _worker_app = None
    return reads


def _static_urls(app: Flask) -> list[str]:
    """Frozen-Flask's own list of the static files."""
    freezer = Freezer(app, with_static_files=True, with_no_argument_rules=False, log_url_for=False)
    with app.test_request_context():
        urls = set(freezer.all_urls())
        for folder in course_folders(app, "static"):  # files only the course folder has
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    name = file.relative_to(folder).as_posix()
                    urls.add(url_for("static", filename=name))
        return sorted(urls)


def _progress(total: int) -> Callable[[int], None]:
    """A one-line progress indicator on a terminal; silent otherwise."""
    if not sys.stderr.isatty() or total < 200:
        return lambda done: None

    def show(done: int) -> None:
        filled = 30 * done // max(total, 1)
        sys.stderr.write(f"\r  [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} files")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def build_site(
    output: Path,
    *,
    project_root: Path,
    lessons_dir: Path | None = None,
    base_url: str | None = None,
    site_url: str | None = None,
    offline: bool = False,
    strict: bool = False,
    config: dict[str, Any] | None = None,
    say: Callable[[str], None] | None = None,
    inputs: Inputs | None = None,
) -> BuildResult:
    """Check the lessons, freeze the site into a staging folder and swap it with ``output``.

    Nothing is written outside the staging folder until the swap, so a failed build leaves
    ``output`` as it was. Pages whose reads are all unchanged are hard links to the previous
    site's files; only the others are rendered, on all cores. With ``inputs`` (a build from
    the command line, settings from nowhere else), the build records what it read so that the
    next one can answer "nothing changed" without loading anything (:mod:`.unchanged`).
    """
    started = time.perf_counter()
    before = inputs.digest if inputs is not None else None  # before anything is read
    output = check_output(output, project_root)
    # The index lives as long as the build: the cycle collector need not walk it, neither
    # while the app is made (millions of objects made with the collector paused would all be
    # young, and walked at its next run) nor later.
    collecting = gc.isenabled()
    gc.disable()
    try:
        app = site_app(lessons_dir, base_url, offline, config, site_url)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    try:
        return _build(app, output, project_root, strict, say, inputs, before, started)
    finally:
        gc.unfreeze()


def _build(
    app: Flask,
    output: Path,
    project_root: Path,
    strict: bool,
    say: Callable[[str], None] | None,
    inputs: Inputs | None,
    before: str | None,
    started: float,
) -> BuildResult:
    diagnostics = diagnose(app)
    if any(d.is_error or strict for d in diagnostics):
        raise CheckFailed(diagnostics)
    _record_reads(app)
    content = app.extensions["courseware"]
    with locked(output, say):
        # another build may have finished meanwhile; and no site inside the lessons
        check_output(output, project_root, Path(app.config["COURSEWARE_LESSONS_DIR"]))
        if inputs is not None:
            unchanged.forget(inputs.stamp)
        urls = sorted({page.url for page in site_pages(app)} | set(_static_urls(app)))
        global_key = global_digest(app)
        manifest = Manifest(content.cache.directory, output)
        previous = manifest.load(global_key) if output.is_dir() else None
        ours_before = written_before(output) if output.is_dir() else set()
        existing = set(files_in(output)) if output.is_dir() else set()
        resolver = Resolver(app)
        same = previous.unchanged(resolver) if previous is not None else set()
        kept: list[str] = []
        to_build = []
        for url in urls:
            if previous is not None and url in same and file_of(url) in existing:
                kept.append(url)
            else:
                to_build.append(url)
        # A few changed pages are renamed into place; many, a new folder swapped in whole.
        few = existing and len(to_build) * 4 < len(urls)
        if few and not clashes((file_of(url) for url in to_build), existing):
            writer: Staging = Patch(output, ours_before)
        else:
            writer = Staging(output)
        try:
            with writer as staging:
                for url in kept:
                    staging.keep(file_of(url))
                wanted = {file_of(url) for url in urls}
                for file in sorted(existing - ours_before - wanted - {RECORD}):
                    staging.keep(file)  # not ours (a CNAME...): it stays
                show = _progress(len(urls))
                show(len(kept))
                app.config["FREEZER_DESTINATION"] = str(staging.folder)
                workers = int(app.config["COURSEWARE_WORKERS"])
                fresh = _freeze_all(app, to_build, workers, lambda n: show(len(kept) + n))
                staging.write(NOJEKYLL, b"")
                staging.record(wanted | {NOJEKYLL})
                staging.swap()
        except OSError as exc:
            raise BuildError(write_error(output.parent, exc)) from None
        manifest.save(global_key, fresh, resolver, previous, kept)
        warnings = tuple(d for d in diagnostics if not d.is_error)
        if inputs is not None and before is not None:
            result = {"pages": len(urls) + 1, "warnings": [list(astuple(d)) for d in warnings]}
            files = sorted(wanted | {NOJEKYLL, RECORD})
            instance_config = str(Path(app.instance_path, "config.py"))
            unchanged.save(inputs.stamp, before, output, files, instance_config, result)
    return BuildResult(
        output, len(urls) + 1, len(to_build), time.perf_counter() - started, warnings
    )
