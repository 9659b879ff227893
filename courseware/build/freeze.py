"""The static build: freeze every page with Frozen-Flask into a new folder, then swap it in.

A failed build never touches the previous site: pages are written into a temporary folder
beside the output and the two are swapped only when everything succeeded. The site replaced
by a build is kept beside the output (``.site.previous``) as the next build's starting point,
so a rebuild creates and deletes few folders and files.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
import warnings as warnings_module
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unicodedata import normalize

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning

from ..course.checks import check_index
from ..course.model import ContentIndex
from ..errors import BuildError, CheckFailed, Diagnostic
from ..web.app import create_app
from .fingerprints import page_fingerprints

#: Endpoints that may rightly have no URL: no lesson shows an image, an empty course...
OPTIONAL_ENDPOINTS = {
    "preview.state",
    "site.media",
    "playground.example",
    *(
        f"{name}{suffix}"
        for name in ("search.shard", "search.lesson", "instructor.lesson")
        for suffix in ("", "_lang")
    ),
}
#: Pages without arguments of the course's own language, which each other language has too.
LANGUAGE_PAGES = (
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
)
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
        # Batches write into the staging folder, which build_site prunes itself.
        "FREEZER_REMOVE_EXTRA_FILES": False,
        "FREEZER_RELATIVE_URLS": False,
        "FREEZER_REDIRECT_POLICY": "error",
    }
    if lessons_dir is not None:
        config["COURSEWARE_LESSONS_DIR"] = lessons_dir
    config.update(extra or {})
    return create_app(config)


def _endpoint(name: str, localised: bool) -> str:
    """``pages.lesson`` in the course's own language, ``pages_lang.lesson`` in the others."""
    blueprint, view = name.split(".")
    return f"{blueprint}_lang.{view}" if localised else name


def _page_urls(index: ContentIndex) -> Iterator[tuple[str, dict[str, object]]]:
    for edition in index.editions.values():
        localised = bool(edition.prefix)
        language = {"lang": edition.lang} if localised else {}
        if localised:
            for name in LANGUAGE_PAGES:
                yield _endpoint(name, True), dict(language)
        for chapter in edition.chapters:
            values = {"chapter": chapter.slug, **language}
            yield _endpoint("pages.chapter", localised), values
            yield _endpoint("summaries.print_chapter", localised), values
            for lesson in chapter.lessons:
                values = {"chapter": chapter.slug, "lesson": lesson.slug, **language}
                yield _endpoint("pages.lesson", localised), values
                if lesson.has_instructor_notes:
                    yield _endpoint("instructor.lesson", localised), values


def make_freezer(app: Flask, destination: Path) -> Freezer:
    app.config["FREEZER_DESTINATION"] = str(destination)
    freezer = Freezer(app, with_static_files=True, with_no_argument_rules=True, log_url_for=False)
    index: ContentIndex = app.extensions["courseware"].index

    @freezer.register_generator
    def pages() -> Iterator[tuple[str, dict[str, object]]]:
        yield from _page_urls(index)

    @freezer.register_generator
    def search_files() -> Iterator[tuple[str, dict[str, object]]]:
        for edition in index.editions.values():
            localised = bool(edition.prefix)
            language = {"lang": edition.lang} if localised else {}
            search = app.extensions["courseware"].search(edition.lang)
            for name in sorted(search.shards):
                yield _endpoint("search.shard", localised), {"name": name, **language}
            for number in range(len(search.lessons)):
                yield _endpoint("search.lesson", localised), {"number": number, **language}

    @freezer.register_generator
    def examples() -> Iterator[tuple[str, dict[str, str]]]:
        for unit in sorted(index.examples):
            yield "playground.example", {"unit": unit}

    @freezer.register_generator
    def media() -> Iterator[tuple[str, dict[str, str]]]:
        for path in sorted(index.assets):
            yield "site.media", {"path": path}

    return freezer


def _progress(total: int) -> Callable[[int], None]:
    """A one-line progress indicator on a terminal; silent otherwise."""
    if not sys.stderr.isatty() or total < 200:
        return lambda done: None

    def show(done: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def site_urls(app: Flask) -> list[str]:
    """Every URL of the site, from the freezer's generators; fails if a page type has none."""
    freezer = make_freezer(app, Path(app.config.get("FREEZER_DESTINATION") or "."))
    urls = sorted(set(freezer.all_urls()))
    adapter = app.url_map.bind("localhost")
    seen = {adapter.match(url, method="GET")[0] for url in urls}
    missing = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and rule.endpoint not in seen
    } - OPTIONAL_ENDPOINTS
    if missing:
        raise BuildError(f"no URL generator for {', '.join(sorted(missing))}; this is a bug")
    return urls


#: The app that forked worker processes freeze pages with (set just before forking).
_worker_app: Flask | None = None


def _freeze(urls: list[str]) -> int:
    """Freeze some URLs of ``_worker_app`` into its FREEZER_DESTINATION."""
    app = _worker_app
    assert app is not None
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)
    freezer.register_generator(lambda: iter(urls))
    with warnings_module.catch_warnings():
        # Each batch covers a few endpoints; site_urls() checked that all of them are covered.
        warnings_module.simplefilter("ignore", MissingURLGeneratorWarning)
        for _ in freezer.freeze_yield():
            pass
    return len(urls)


def _freeze_all(app: Flask, urls: list[str], workers: int, show: Callable[[int], None]) -> None:
    """Freeze ``urls`` on all cores: batches go to forked processes that share the index."""
    global _worker_app
    _worker_app = app
    done = 0
    try:
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if workers < 2 or len(urls) < 100 or not can_fork:
            for start in range(0, len(urls), 50):
                done += _freeze(urls[start : start + 50])
                show(done)
            return
        size = max(20, min(100, len(urls) // (workers * 8)))
        batches = [urls[start : start + size] for start in range(0, len(urls), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for count in pool.imap_unordered(_freeze, batches):
                done += count
                show(done)
    finally:
        _worker_app = None


class _Manifest:
    """What the previous build wrote: URL → fingerprint, file and its size and date.

    Kept in the render cache folder, never in the site, so the site holds only the site.
    """

    def __init__(self, cache_dir: Path | None, output: Path) -> None:
        key = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        self.file = cache_dir / "builds" / f"{key}.json" if cache_dir else None

    def load(self) -> dict[str, list]:
        if self.file is None:
            return {}
        try:
            data = json.loads(self.file.read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, entries: dict[str, list]) -> None:
        if self.file is None:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(".tmp")
            temporary.write_text(json.dumps(entries, sort_keys=True))
            os.replace(temporary, self.file)
        except OSError:
            pass  # the next build is only slower


_made_folders: set[Path] = set()


def _link(source: Path, target: Path) -> None:
    """Give ``target`` the same file as ``source``: no copy, and its date is kept.

    A ``target`` left by the previous build is replaced, never written through: it may be a
    hard link to a file of the published site.
    """
    try:
        found = target.lstat()
    except FileNotFoundError:
        if target.parent not in _made_folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            _made_folders.add(target.parent)
    else:
        wanted = source.stat()
        if (found.st_ino, found.st_dev) == (wanted.st_ino, wanted.st_dev):
            return
        _remove(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _remove(path: Path) -> None:
    """Remove a file or a folder, if it is there."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        pass


def _claim_previous(previous: Path, staging: Path) -> bool:
    """Start from the site the last build replaced, if it was kept: its folders exist and most
    of its files already are the right ones, so a rebuild creates and deletes little.

    Renaming claims it in one step, so two builds at once never share it.
    """
    try:
        previous.rename(staging)
    except OSError:
        return False
    return True


def _prune(staging: Path, wanted: set[str]) -> None:
    """Remove what the previous site had and this one does not (files, then empty folders)."""
    for folder, folders, files in os.walk(staging, topdown=False):
        here = Path(folder)
        relative = here.relative_to(staging).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in files:
            if normalize("NFC", prefix + name) not in wanted:
                (here / name).unlink()
        for name in folders:
            child = here / name
            if child.is_symlink():
                child.unlink()
            elif not any(child.iterdir()):
                child.rmdir()


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
    """Check the lessons, freeze the site into a staging folder and swap it with ``output``.

    Files whose fingerprint did not change since the last build are hard links to the
    previous site's files; only the others are rendered, on all cores. Nothing is written
    outside the staging folder until the swap, so a failed build leaves ``output`` as it was.
    """
    started = time.perf_counter()
    output = check_output(output, project_root)
    app = site_app(lessons_dir, base_url, offline, config, site_url)
    content = app.extensions["courseware"]
    index: ContentIndex = content.index
    diagnostics = sorted(set(index.diagnostics) | set(check_index(index, content.lessons_dir)))
    if any(d.is_error or strict for d in diagnostics):
        raise CheckFailed(diagnostics)

    staging = output.parent / f".{output.name}.tmp-{os.getpid()}"
    previous_site = output.parent / f".{output.name}.previous"
    for leftover in output.parent.glob(f".{output.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # an interrupted or detached earlier build
    _made_folders.clear()
    app.config["FREEZER_DESTINATION"] = str(staging)
    try:
        reused = _claim_previous(previous_site, staging)
        if not reused:
            staging.mkdir(parents=True)
        urls = site_urls(app)
        fingerprints = page_fingerprints(app, index, urls)
        manifest = _Manifest(content.cache.directory, output)
        previous = manifest.load() if output.is_dir() else {}
        to_build = []
        kept = 0
        wanted = {".nojekyll"}
        for url in urls:
            relpath = normalize("NFC", url[1:] + ("index.html" if url.endswith("/") else ""))
            wanted.add(relpath)
            old = previous.get(url)
            old_file = output / relpath
            if old and old[0] == fingerprints[url] and _same_stat(old_file, old):
                _link(old_file, staging / relpath)
                kept += 1
            else:
                to_build.append(url)
                if reused:
                    _remove(staging / relpath)  # the freezer writes in place: never into a link
        if reused:
            _prune(staging, wanted)
        show = _progress(len(urls))
        show(kept)
        _freeze_all(app, to_build, int(app.config["COURSEWARE_WORKERS"]), lambda n: show(kept + n))
        written = _keep_unchanged(output, staging, to_build)
        nojekyll = staging / ".nojekyll"
        if (output / ".nojekyll").is_file():
            _link(output / ".nojekyll", nojekyll)
        else:
            _remove(nojekyll)
            nojekyll.write_bytes(b"")
        entries = {}
        for url in urls:
            relpath = normalize("NFC", url[1:] + ("index.html" if url.endswith("/") else ""))
            stat = (staging / relpath).stat()
            entries[url] = [fingerprints[url], stat.st_size, stat.st_mtime_ns]
        _swap(staging, output, previous_site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    manifest.save(entries)
    warnings = tuple(d for d in diagnostics if not d.is_error)
    return BuildResult(output, len(urls) + 1, written, time.perf_counter() - started, warnings)


def _same_stat(file: Path, entry: list) -> bool:
    try:
        stat = file.stat()
    except OSError:
        return False
    return [stat.st_size, stat.st_mtime_ns] == entry[1:3]


def _keep_unchanged(output: Path, staging: Path, built: list[str]) -> int:
    """Pages rendered again but identical to the previous ones keep the previous file (and
    date); returns how many files really changed."""
    changed = 0
    for url in built:
        relpath = normalize("NFC", url[1:] + ("index.html" if url.endswith("/") else ""))
        new, old = staging / relpath, output / relpath
        try:
            same = (
                old.is_file()
                and old.stat().st_size == new.stat().st_size
                and (old.read_bytes() == new.read_bytes())
            )
        except OSError:
            same = False
        if same:
            new.unlink()
            _link(old, new)
        else:
            changed += 1
    return changed


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    A web server reading the site never sees it missing, not even for a moment.
    Returns False where the system cannot do this.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    result = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange)
    return result == 0


def _swap(staging: Path, output: Path, keep_as: Path) -> None:
    """Put ``staging`` where ``output`` is; the old site is kept as ``keep_as`` afterwards."""
    if not output.exists():
        staging.rename(output)
        return
    if _exchange(staging, output):
        _retire(staging, keep_as)  # it now holds the previous site
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
    _retire(retired, keep_as)


def _retire(site: Path, keep_as: Path) -> None:
    """Keep a replaced site for the next build to start from (its unchanged files are hard
    links to the new site's, so it costs little room); remove it if it cannot be kept."""
    shutil.rmtree(keep_as, ignore_errors=True)
    try:
        site.rename(keep_as)
    except OSError:
        shutil.rmtree(site, ignore_errors=True)
