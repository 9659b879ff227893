"""Render each lesson once: results are kept on disk by content hash and made on all cores."""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from .cachefiles import read_pickle as _read_pickle
from .cachefiles import write_bytes as _write_bytes
from .cachefiles import write_pickle as _write_pickle
from .i18n import catalogue_version
from .model import Rendered
from .paths import TRANSLATIONS
from .rendering import Renderer, RenderInput, Unfinished, failed, pending, renderer_version
from .rendering.includes import included_files
from .rendering.links import looked_at_assets
from .rendering.runnable import package_markers

#: Below this many lessons to render, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 24

_renderer: Renderer | None = None


def process_renderer() -> Renderer:
    """This process's renderer, made on first use."""
    global _renderer
    if _renderer is None:
        _renderer = Renderer()
    return _renderer


def render_one(item: RenderInput) -> Rendered:
    """Render one lesson; a bug the renderer trips over is that lesson's error, not the
    course's: the other lessons still build and serve."""
    try:
        return process_renderer().render(item)
    except Exception as exc:  # reported as a diagnostic of this lesson
        global _renderer
        _renderer = None  # its Markdown state may be half-way through a conversion
        message = (
            f"the renderer failed on this lesson ({type(exc).__name__}: {exc}); "
            "please report it with the lesson attached"
        )
        return failed(item, [(item.body_line, message)])


def content_key(item: RenderInput, before_reading: Callable[[Path], object] | None = None) -> str:
    """A hash of everything the rendered result depends on. ``before_reading`` is called with
    each included file before its bytes are read (a preview notes its stamp)."""
    digest = hashlib.sha256()
    for part in (
        renderer_version(),
        item.relpath,
        item.source,
        item.lang_prefix,
        str(item.body_line),
        item.title,
        item.lang,
        str(item.trusted_html),
        str(item.check_code_runs),
        " ".join(item.embeds),
        " ".join(item.images),
        catalogue_version(item.lang),
        *item.texts,
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(item.body.encode())
    for file, read in looked_at(item.lessons_dir, item.relpath, item.body):
        digest.update(b"\0" + file.as_posix().encode() + b"\0")
        if before_reading is not None:
            before_reading(file)
        if not read:
            digest.update(b"here" if file.exists() else b"missing")
            continue
        try:
            digest.update(file.read_bytes())
        except (OSError, ValueError):  # ValueError: a link's name with a NUL character
            # a check's solution folder, even empty, is not a missing one
            digest.update(b"folder" if file.is_dir() else b"missing")
    return digest.hexdigest()


def looked_at(lessons_dir: Path, relpath: str, body: str) -> list[tuple[Path, bool]]:
    """Every file rendering a lesson reads (``True``) or only looks for (``False``) besides
    its text: the files it includes, the ``__init__.py`` files that make an included
    example part of a package, and the images and files its links look for (see
    :func:`.rendering.links.looked_at_assets`). A rendering is kept by a key that hashes
    them all, so that none of them can change unseen.

    The links looked for are those of the lesson's text and of the files it includes (a
    Markdown snippet included outside a code block is part of the text)."""
    included = included_files(lessons_dir, relpath, body)
    text = "\n".join([body, *(_text(file) for file in included)])
    return [
        *((file, True) for file in included),
        *((marker, False) for file in included for marker in package_markers(lessons_dir, file)),
        *looked_at_assets(lessons_dir, relpath, text),
    ]


def _text(file: Path) -> str:
    try:
        return file.read_bytes().decode("utf-8", "replace")
    except OSError:  # a folder (a check's solution), or gone meanwhile
        return ""


class RenderCache:
    """Rendered lessons in files named by content key; ``None`` keeps them in memory only."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.memory: dict[str, Rendered] = {}
        self.parsed_memory: dict[tuple, tuple] = {}
        #: the files of parsed sources as last read or written, by file name
        self._parsed_shards: dict[str, dict[tuple, tuple]] = {}
        #: writes the file of parsed sources (a preview has a thread write it a little later)
        self.write_parsed: Callable[[Path, object], None] = _write_pickle

    def file(self, key: str) -> Path:
        """Where the result of ``key`` is kept."""
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Rendered | None:
        found = self.memory.get(key)
        if found is not None or self.directory is None:
            return found
        found = _read_pickle(self.file(key))
        if isinstance(found, Rendered):
            self.memory[key] = found
            return found
        return None

    def put(self, key: str, rendered: Rendered) -> None:
        self.memory[key] = rendered
        if self.directory is None or isinstance(rendered, Unfinished):
            return
        _write_pickle(self.file(key), rendered)

    def _parsed_folder(self, lessons_dir: Path) -> Path | None:
        if self.directory is None:
            return None
        name = hashlib.sha256(str(lessons_dir.resolve()).encode()).hexdigest()[:16]
        return self.directory / "parsed" / f"{name}-{renderer_version()}"

    def load_parsed(self, lessons_dir: Path) -> dict[tuple, tuple]:
        """The files the previous load parsed (front matter and body), by path and stamp."""
        if self.parsed_memory:
            return self.parsed_memory
        folder = self._parsed_folder(lessons_dir)
        if folder is None:
            return {}
        merged: dict[tuple, tuple] = {}
        try:
            files = sorted(folder.glob("*.pickle"))
        except OSError:
            files = []
        for file in files:
            found = _read_pickle(file)
            if isinstance(found, dict):
                self._parsed_shards[file.name] = found
                merged.update(found)
        return merged

    def save_parsed(self, lessons_dir: Path, parsed: dict[tuple, tuple]) -> None:
        """Keep what this load parsed for the next, one file per chapter: an edit rewrites its
        chapter's file only (the whole course's was 14.6 MB at 1,000 lessons, pickled and
        written on every build)."""
        if parsed == self.parsed_memory:
            return
        self.parsed_memory = parsed
        folder = self._parsed_folder(lessons_dir)
        if folder is None:
            return
        shards: dict[str, dict[tuple, tuple]] = {}
        for key, value in parsed.items():
            shards.setdefault(_parsed_shard(key[0]), {})[key] = value
        for name, shard in shards.items():
            if self._parsed_shards.get(name) != shard:
                self.write_parsed(folder / name, shard)
        for name in set(self._parsed_shards) - set(shards):
            (folder / name).unlink(missing_ok=True)
        self._parsed_shards = shards

    def retain(self, keys: set[str]) -> None:
        """Forget in-memory entries no longer in use, so a long preview session stays small."""
        for key in [key for key in self.memory if key not in keys]:
            del self.memory[key]


def _parsed_shard(relpath: str) -> str:
    """The file of parsed sources that keeps ``relpath``'s: one per chapter folder (per
    language and chapter under ``_translations/``), named by a hash of the folder."""
    parts = relpath.split("/")
    depth = 3 if parts[0] == TRANSLATIONS and len(parts) > 3 else 1
    folder = "/".join(parts[:depth]) if len(parts) > depth else ""
    return hashlib.sha1(folder.encode(), usedforsecurity=False).hexdigest()[:16] + ".pickle"


def render_many(
    items: Sequence[RenderInput],
    cache: RenderCache,
    workers: int = 1,
    *,
    lazy: bool = False,
    keys: list[str] | None = None,
) -> tuple[list[Rendered], list[str]]:
    """Render ``items`` (in order), using the cache and up to ``workers`` processes.

    Returns the results and their content keys (``keys``, when the caller has them already).
    ``lazy`` renders nothing: what the cache lacks is a :func:`~.rendering.pending` stand-in,
    for the preview to render later.
    """
    keys = keys if keys is not None else [content_key(item) for item in items]
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    ahead = _render_ahead(items, keys, cache) if not lazy and workers > 1 and can_fork else None
    if ahead is None:
        results: list[Rendered | None] = [cache.get(key) for key in keys]
    else:
        with ahead:
            results = [None if i in ahead.jobs else cache.get(key) for i, key in enumerate(keys)]
            ahead.collect(results, keys, cache)  # what failed there is rendered here below
    missing = [index for index, found in enumerate(results) if found is None]
    if lazy:
        for index in missing:
            results[index] = pending(items[index])
        return results, keys  # type: ignore[return-value]
    todo = [items[index] for index in missing]
    if len(missing) >= PARALLEL_THRESHOLD and workers > 1 and can_fork:
        context = multiprocessing.get_context("fork")
        chunk = max(1, min(16, len(missing) // (workers * 8)))
        jobs = [(items[index], keys[index], cache.directory) for index in missing]
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            # Each worker writes its results to the cache itself, in parallel, instead of
            # the parent writing them all one after another, and sends the same bytes back.
            pickled = pool.map(_render_and_keep, jobs, chunksize=chunk)
            fresh: Iterable[Rendered] = map(pickle.loads, pickled)
            _store(fresh, missing, keys, results, cache, written=True)
    else:
        _store(map(render_one, todo), missing, keys, results, cache)
    return results, keys  # type: ignore[return-value]


#: At least this many lessons read from the cache make rendering the few others in another
#: process, meanwhile, worth the process.
AHEAD_MINIMUM = 200


class _Ahead:
    """The few lessons the cache lacks, rendered by a forked process while this one reads the
    many it has."""

    def __init__(self, jobs: dict[int, tuple[RenderInput, str, Path | None]]) -> None:
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self.jobs = {index: self.pool.submit(_render_and_keep, job) for index, job in jobs.items()}

    def collect(self, results: list[Rendered | None], keys: list[str], cache: RenderCache) -> None:
        """Put each result in its place (and in the cache's memory; the worker wrote its file)."""
        for index, job in self.jobs.items():
            try:
                rendered = pickle.loads(job.result())
            except Exception:  # noqa: BLE001 - a lost worker: the lesson is rendered here instead
                continue
            _store([rendered], [index], keys, results, cache, written=True)

    def __enter__(self) -> _Ahead:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _render_ahead(
    items: Sequence[RenderInput], keys: list[str], cache: RenderCache
) -> _Ahead | None:
    """Start rendering what the cache lacks, if few lessons and many cached ones (a rebuild
    after an edit): the edited lesson renders (0.15 s, its highlighters' set-up included) while
    the 999 others are read (0.2 s at 1,000 lessons), instead of after them."""
    if cache.directory is None:
        return None
    absent = [
        index
        for index, key in enumerate(keys)
        if key not in cache.memory and not cache.file(key).exists()
    ]
    if not absent or len(absent) >= PARALLEL_THRESHOLD or len(keys) - len(absent) < AHEAD_MINIMUM:
        return None
    return _Ahead({index: (items[index], keys[index], cache.directory) for index in absent})


def _render_and_keep(job: tuple[RenderInput, str, Path | None]) -> bytes:
    """Render one lesson in a worker and write it to the cache folder from there; returns it
    pickled, as written (the pool would otherwise pickle it a second time to send it)."""
    item, key, directory = job
    rendered = replace(render_one(item), key=key)  # kept under its key, read back with it
    data = pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL)
    if directory is not None and not isinstance(rendered, Unfinished):
        _write_bytes(RenderCache(directory).file(key), data)
    return data


def _store(
    fresh: Iterable[Rendered],
    missing: list[int],
    keys: list[str],
    results: list[Rendered | None],
    cache: RenderCache,
    written: bool = False,
) -> None:
    """Keep each result as soon as it arrives: an interrupted first start loses little.
    ``written``: the workers have written the results to the cache folder already."""
    for index, rendered in zip(missing, fresh, strict=True):
        if rendered.key != keys[index]:  # kept with its key: loading it needs no copy
            rendered = replace(rendered, key=keys[index])
        results[index] = rendered
        if written:
            cache.memory[keys[index]] = rendered
        else:
            cache.put(keys[index], rendered)
