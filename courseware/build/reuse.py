"""Which pages of the previous build can be kept: those whose every read gives the same value.

Each page was rendered with a recorder on (:mod:`courseware.course.reads`); its reads and
their digests are kept in the cache folder, never in the site. A rebuild looks each read up
in the new content — an attribute of a lesson, a file's bytes, a search shard — and keeps the
page only if all of them are unchanged. Whatever every page depends on (the engine's code,
the templates and static files, the build settings, library versions, the playground
runtime) forms one digest; when it changes, every page is made again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from array import array
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from flask import Flask

from ..course.model import values_by_identity
from ..course.reads import Read, digest, digest_read, paused
from ..course.rendering.runnable import unit_files
from ..web.app import course_folders
from .unchanged import file_digest, hash_tree

#: The engine's code, which shapes every page.
PACKAGE = Path(__file__).resolve().parent.parent
#: Settings that change pages.
SETTINGS = (
    "COURSEWARE_LINK_STYLE",
    "COURSEWARE_BASE_URL",
    "COURSEWARE_SITE_URL",
    "COURSEWARE_SHOW_DRAFTS",
    "COURSEWARE_PREVIEW",
    "COURSEWARE_SECURITY_HEADERS",
)
LIBRARIES = ("flask", "werkzeug", "jinja2", "markupsafe", "babel", "frozen-flask")


def global_digest(app: Flask) -> str:
    """What every page depends on: the engine's code, the templates and static files, the
    settings and library versions. The playground runtime is data: only its manifest (which
    says which runtime is there) is part of this; its big files are reads of their own."""
    hasher = hashlib.blake2b(digest_size=16)
    folders = {
        "courseware": PACKAGE,
        "templates": Path(app.template_folder or ""),
        "static": Path(app.static_folder or ""),
        **{
            f"course-{name}": folder
            for name in ("templates", "static")
            for folder in course_folders(app, name)
        },
    }
    for label, root in folders.items():
        hash_tree(hasher, label, root, runtime=label.endswith("static"))
    for key in SETTINGS:
        hasher.update(f"{key}={app.config.get(key)!r}".encode())
    for library in LIBRARIES:
        hasher.update(version(library).encode())
    return hasher.hexdigest()


class Resolver:
    """Looks reads up in the current content, once each."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.content = app.extensions["courseware"]
        self.values = values_by_identity(self.content.index)
        self.known: dict[Read, str] = {}

    def __call__(self, read: Read) -> str:
        found = self.known.get(read)
        if found is None:
            with paused():
                found = self.known[read] = self._look_up(read)
        return found

    def differ(self, reads: list[Read], digests: list[str]) -> set[int]:
        """The numbers of the reads that no longer give their digest (all looked up at once,
        with recording paused once rather than for each)."""
        known = self.known
        changed = set()
        with paused():
            for number, (read, before) in enumerate(zip(reads, digests, strict=True)):
                found = known.get(read)
                if found is None:
                    found = known[read] = self._look_up(read)
                if found != before:
                    changed.add(number)
        return changed

    def _look_up(self, read: Read) -> str:
        kind = read[0]
        if kind == "attr":
            value = self.values.get(tuple(read[1]))
            if value is None:
                return "missing"
            try:
                return digest_read(value, read[2])
            except AttributeError:
                return "missing"
        if kind == "file":
            return file_digest(Path(read[1]))
        if kind == "page":
            return str(read[1] in self.content.page_urls())
        if kind == "search":
            return self.content.search(read[1]).fingerprints.get(read[2], "missing")
        if kind == "pages":
            pages = self.content.site_pages()
            return digest([page.url for page in pages if page.learner])
        if kind == "example":
            return digest(unit_files(self.content.lessons_dir, read[1]))
        return "unknown"


class Previous:
    """The previous build's pages, each with the numbers of the reads it made, and what each
    read gave then."""

    def __init__(
        self, reads: list[Read], digests: list[str], pages: dict[str, array], fresh_since: int = 0
    ) -> None:
        self.reads = reads
        self.digests = digests
        self.pages = pages
        #: reads added by builds since the table was last made from scratch
        self.fresh_since = fresh_since

    def unchanged(self, resolver: Resolver) -> set[str]:
        """The URLs of pages whose every read gives what it gave then.

        Each distinct read is looked up once (they are far fewer than pages times reads);
        a page is kept when none of its reads is among those that changed.
        """
        changed = resolver.differ(self.reads, self.digests)
        if not changed:
            return set(self.pages)
        return {url for url, numbers in self.pages.items() if changed.isdisjoint(numbers)}


class Manifest:
    """The previous build's pages and reads, in the cache folder (never in the site)."""

    VERSION = 3

    def __init__(self, cache_dir: Path | None, output: Path) -> None:
        key = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        self.file = cache_dir / "builds" / f"{key}.pickle" if cache_dir else None

    def load(self, global_key: str) -> Previous | None:
        """The previous build, or None if there was none or it had other code or settings."""
        if self.file is None:
            return None
        try:
            with self.file.open("rb") as handle:
                data = pickle.load(handle)  # noqa: S301 - our own cache file
            if data["version"] != self.VERSION or data["global"] != global_key:
                return None
            return Previous(data["reads"], data["digests"], data["pages"], data["fresh_since"])
        except (OSError, EOFError, pickle.UnpicklingError, KeyError, TypeError, ValueError):
            return None
        except Exception:  # noqa: BLE001 - a damaged cache file is only a slower build
            return None

    def save(
        self,
        global_key: str,
        fresh: dict[str, Iterable[Read]],
        resolver: Resolver,
        previous: Previous | None = None,
        kept: Iterable[str] = (),
    ) -> None:
        """Record each page's reads and what every read gives now.

        The pages ``kept`` from ``previous`` keep their read numbers, so a rebuild numbers
        only the reads of the pages it made again. Reads no page makes any more stay in the
        table until the reads added since it was made from scratch reach a quarter of it.
        """
        if self.file is None:
            return
        reuse = previous is not None and previous.fresh_since * 4 < len(previous.reads)
        numbers: dict[Read, int] = {}
        table: dict[str, array] = {}
        if previous is not None and reuse:
            numbers = {read: number for number, read in enumerate(previous.reads)}
            table = {url: previous.pages[url] for url in kept}
        elif previous is not None:  # made from scratch, without the reads no page makes now
            old = previous.reads
            fresh = {**{url: [old[n] for n in previous.pages[url]] for url in kept}, **fresh}
        for url, reads in fresh.items():
            table[url] = array("I", [numbers.setdefault(read, len(numbers)) for read in reads])
        added = len(numbers) - len(previous.reads) if previous is not None and reuse else 0
        body = {
            "version": self.VERSION,
            "global": global_key,
            "reads": list(numbers),
            "digests": [resolver(read) for read in numbers],
            "pages": table,
            "fresh_since": previous.fresh_since + added if previous is not None and reuse else 0,
        }
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(f".tmp-{os.getpid()}")
            temporary.write_bytes(pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, self.file)
        except OSError:
            pass  # the next build is only slower
