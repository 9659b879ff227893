"""The static build: freeze every page with Frozen-Flask into a new folder, then swap it in.

A failed build never touches the previous site: pages are written into a temporary folder
beside the output and the two are swapped only when everything succeeded.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import warnings as warnings_module
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning

from . import create_app
from .checker import check_index
from .errors import BuildError, CheckFailed, Diagnostic
from .model import ContentIndex

#: Files or folders whose presence means "this is a project, not a build output".
PROJECT_MARKERS = (".git", "pyproject.toml", "lessons")


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int  #: files in the site
    written: int  #: files whose content changed in this build
    seconds: float
    warnings: tuple[Diagnostic, ...]


def check_output(output: Path, project_root: Path) -> Path:
    """Refuse output folders whose replacement would destroy something that is not a build."""
    output = output.resolve()
    project = project_root.resolve()
    if output == project or project.is_relative_to(output):
        raise BuildError(
            f"refusing to build into {output}: it is the project folder or contains it"
        )
    if output.exists() and not output.is_dir():
        raise BuildError(f"refusing to build into {output}: it is a file, not a folder")
    if output.is_dir():
        for marker in PROJECT_MARKERS:
            if (output / marker).exists():
                raise BuildError(
                    f"refusing to build into {output}: it contains '{marker}', so it is not a "
                    "build output; choose an empty or new folder"
                )
    if output.parent == output:
        raise BuildError("refusing to build into the root of the file system")
    return output


def site_app(
    lessons_dir: Path | None,
    base_url: str | None,
    offline: bool,
    extra: dict[str, Any] | None,
    site_url: str | None = None,
) -> Flask:
    """The app configured for freezing: published lessons only, links that work anywhere."""
    config: dict[str, Any] = {
        "COURSEWARE_PREVIEW": False,
        "COURSEWARE_SHOW_DRAFTS": False,
        "COURSEWARE_LINK_STYLE": "offline" if offline else "relative",
        "COURSEWARE_BASE_URL": base_url,
        "COURSEWARE_SITE_URL": site_url,
        "COURSEWARE_SECURITY_HEADERS": False,
        "FREEZER_REMOVE_EXTRA_FILES": True,
        "FREEZER_RELATIVE_URLS": False,
        "FREEZER_REDIRECT_POLICY": "error",
    }
    if lessons_dir is not None:
        config["COURSEWARE_LESSONS_DIR"] = lessons_dir
    config.update(extra or {})
    return create_app(config)


def _page_urls(index: ContentIndex) -> Iterator[tuple[str, dict[str, str]]]:
    for edition in index.editions.values():
        for chapter in edition.chapters:
            yield "pages.chapter", {"chapter": chapter.slug}
            yield "summaries.print_chapter", {"chapter": chapter.slug}
            for lesson in chapter.lessons:
                values = {"chapter": chapter.slug, "lesson": lesson.slug}
                yield "pages.lesson", values
                yield "instructor.lesson", values


def make_freezer(app: Flask, destination: Path) -> Freezer:
    app.config["FREEZER_DESTINATION"] = str(destination)
    freezer = Freezer(app, with_static_files=True, with_no_argument_rules=True, log_url_for=False)
    index: ContentIndex = app.extensions["courseware"].index

    @freezer.register_generator
    def pages() -> Iterator[tuple[str, dict[str, str]]]:
        yield from _page_urls(index)

    @freezer.register_generator
    def search_files() -> Iterator[tuple[str, dict[str, object]]]:
        search = app.extensions["courseware"].search(index.default.lang)
        for name in sorted(search.shards):
            yield "search.shard", {"name": name}
        for number in range(len(search.lessons)):
            yield "search.lesson", {"number": number}

    @freezer.register_generator
    def media() -> Iterator[tuple[str, dict[str, str]]]:
        for path in sorted(index.assets):
            yield "pages.media", {"path": path}

    return freezer


def _progress(total: int) -> Callable[[int], None]:
    """A one-line progress indicator on a terminal; silent otherwise."""
    if not sys.stderr.isatty() or total < 50:
        return lambda done: None

    def show(done: int) -> None:
        if done % 25 == 0 or done == total:
            width = 30
            filled = width * done // total
            sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    return show


def _mtimes(folder: Path) -> dict[str, int]:
    found = {}
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file():
                found[path.relative_to(folder).as_posix()] = path.stat().st_mtime_ns
    return found


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
) -> BuildResult:
    """Check the lessons, freeze the site into a fresh folder and swap it in place of ``output``."""
    started = time.perf_counter()
    output = check_output(output, project_root)
    app = site_app(lessons_dir, base_url, offline, config, site_url)
    index: ContentIndex = app.extensions["courseware"].index
    diagnostics = sorted(
        set(index.diagnostics) | set(check_index(index, app.extensions["courseware"].lessons_dir))
    )
    if any(d.is_error or strict for d in diagnostics):
        raise CheckFailed(diagnostics)

    staging = output.parent / f".{output.name}.tmp-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        if output.is_dir():
            # Start from the previous site: unchanged files keep their dates (rsync, caches).
            shutil.copytree(output, staging, symlinks=True)
        else:
            staging.mkdir(parents=True)
        before = _mtimes(staging)
        freezer = make_freezer(app, staging)
        total = sum(1 for _ in _page_urls(index))
        show = _progress(total)
        count = 0
        with warnings_module.catch_warnings():
            if not index.assets:  # no lesson shows an image: nothing to freeze for media
                warnings_module.simplefilter("ignore", MissingURLGeneratorWarning)
            for _ in freezer.freeze_yield():
                count += 1
                show(min(count, total))
        if not (staging / ".nojekyll").exists():
            (staging / ".nojekyll").write_bytes(b"")
        after = _mtimes(staging)
        written = sum(1 for name, mtime in after.items() if before.get(name) != mtime)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    warnings = tuple(d for d in diagnostics if not d.is_error)
    return BuildResult(output, len(after), written, time.perf_counter() - started, warnings)


def _swap(staging: Path, output: Path) -> None:
    """Put ``staging`` where ``output`` is; the old site is removed only afterwards."""
    if not output.exists():
        staging.rename(output)
        return
    retired = output.parent / f".{output.name}.old-{os.getpid()}"
    if retired.exists():
        shutil.rmtree(retired)
    output.rename(retired)
    try:
        staging.rename(output)
    except OSError:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
