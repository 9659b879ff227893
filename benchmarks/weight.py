"""Page weight of a built site: a typical lesson page with its CSS and JS, and the whole site.

``python benchmarks/weight.py [--lessons 1000]`` builds the corpus (ours, and MkDocs for
comparison) into a scratch folder; ``--site DIR`` measures an existing build instead. The
typical lesson page is the one of median HTML size; its weight is the HTML plus every
stylesheet (``<link rel=stylesheet>``) and script (``<script src>``) it references, as stored
and gzipped. :func:`first_search_bytes` adds what a visitor downloads for a first search.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from corpus import add_corpus_arguments, corpus_for
from harness import (
    CommandFailed,
    fail,
    human,
    log,
    machine_notes,
    mib,
    mkdocs_build,
    ours_build,
    ours_env,
    run,
    table,
    tree_size,
    workdir,
)

#: First-level folders that hold no lesson pages: our site's own sections (the loader's
#: reserved names: instructor and print copies of lessons, exercises...) and MkDocs's assets.
NOT_CHAPTERS = {
    *("static", "theme", "search", "media", "instructor", "glossary", "keypoints"),
    *("objectives", "schedule", "print", "exercises", "translations", "_"),
    *("css", "js", "fonts", "img", "webfonts"),
}
#: What a first search looks for when no query is given.
DEFAULT_QUERY = "template"
RESULTS = 10


class References(HTMLParser):
    """The stylesheets and scripts a page loads, and the search script it loads on demand."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.on_demand: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in found.get("rel", "").split() and found.get("href"):
            self.stylesheets.append(found["href"])
        elif tag == "script" and found.get("src"):
            self.scripts.append(found["src"])
        elif tag == "html" and found.get("data-search-script"):
            self.on_demand.append(found["data-search-script"])


@dataclass(frozen=True)
class Asset:
    kind: str  #: ``html``, ``css``, ``js``
    href: str  #: as written in the page, or the page's own path
    size: int
    gzipped: int


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def lesson_pages(site: Path) -> list[Path]:
    """Pages two folders deep (``chapter/lesson/index.html``): the lessons, in both layouts."""
    return sorted(
        page for page in site.glob("*/*/index.html") if page.parent.parent.name not in NOT_CHAPTERS
    )


def typical_page(site: Path) -> Path:
    """The lesson page of median size."""
    pages = sorted(lesson_pages(site), key=lambda page: (page.stat().st_size, page))
    if not pages:
        raise SystemExit(f"{site} has no lesson pages (chapter/lesson/index.html)")
    return pages[len(pages) // 2]


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file ``href`` names, relative to ``page``; ``None`` for other hosts."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    page_url = "/" + page.parent.relative_to(site).as_posix() + "/"
    path = urlsplit(urljoin(page_url, parts.path)).path
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def page_weight(site: Path, page: Path) -> tuple[list[Asset], list[str]]:
    """The page and what it loads before it is usable, and the references to other hosts."""
    html = page.read_bytes()
    refs = References()
    refs.feed(html.decode(errors="replace"))
    assets = [Asset("html", page.relative_to(site).as_posix(), len(html), _gzipped(html))]
    external = []
    for kind, hrefs in (("css", refs.stylesheets), ("js", refs.scripts)):
        for href in hrefs:
            file = resolve(site, page, href)
            if file is None:
                external.append(href)
            elif file.is_file():
                data = file.read_bytes()
                assets.append(Asset(kind, href, len(data), _gzipped(data)))
            else:
                log(
                    f"warning: {page.relative_to(site)} references {href}, which is not in the site"
                )
    return assets, external


def _search_terms(query: str) -> list[str]:
    try:
        from courseware.course.search import tokens
    except ImportError:
        return [word for word in query.lower().split() if len(word) > 1]
    return tokens(query, "en")


def first_search_files(site_dir: Path, query: str = DEFAULT_QUERY) -> list[Path] | None:
    """The files a visitor's browser fetches for a first search from a lesson page.

    Ours: the search script the page names in ``data-search-script``, ``search/meta.json``,
    the shard of each query term (``search/t/XX.json``) and the files of the lessons shown
    (``search/l/N.json``, at most :data:`RESULTS`). MkDocs: everything in ``search/`` (its
    worker loads the whole index). ``None`` when the site has no search index.
    """
    search = site_dir / "search"
    if not search.is_dir():
        print("search index not built yet", file=sys.stderr)
        return None
    meta_file = search / "meta.json"
    if not meta_file.is_file():  # MkDocs: search_index.json, lunr.js, worker.js, main.js
        return sorted(path for path in search.rglob("*") if path.is_file())
    page = typical_page(site_dir)
    refs = References()
    refs.feed(page.read_text(errors="replace"))
    files = [f for href in refs.on_demand if (f := resolve(site_dir, page, href)) is not None]
    files.append(meta_file)
    meta = json.loads(meta_file.read_bytes())
    span = int(meta.get("span", 256))
    best: dict[int, int] = {}
    for prefix in sorted({term[:2] for term in _search_terms(query)} & set(meta["shards"])):
        shard_file = search / "t" / f"{prefix}.json"
        files.append(shard_file)
        for term, flat in json.loads(shard_file.read_bytes()).items():
            if any(term.startswith(wanted) for wanted in _search_terms(query)):
                for doc, score in zip(flat[::2], flat[1::2], strict=True):
                    lesson = doc // span
                    best[lesson] = max(best.get(lesson, 0), score)
    shown = sorted(best, key=lambda lesson: (-best[lesson], lesson))[:RESULTS]
    files += [search / "l" / f"{lesson}.json" for lesson in shown]
    return files


def first_search_bytes(site_dir: Path, query: str = DEFAULT_QUERY) -> int | None:
    """Bytes a first search downloads (see :func:`first_search_files`); ``None``: no index."""
    files = first_search_files(site_dir, query)
    if files is None:
        return None
    return sum(file.stat().st_size for file in files if file.is_file())


#: What each part of our site is, in the order the breakdown lists them.
PARTS = (
    "lesson pages",
    "chapter pages",
    "printable chapters",
    "exercise handouts",
    "review page",
    "search index",
    "instructor pages",
    "key points, objectives, glossary",
    "playground runtime",
    "CSS, JavaScript, icons",
    "other (home, 404, sitemap, media)",
)


def part_of(relative: str, editions: set[str]) -> str:
    """Which part of our site a file is (``relative``: its path in the site, ``/``-separated)."""
    parts = relative.split("/")
    if parts[0] in editions:  # a translation: ``es/...`` has the same layout
        parts = parts[1:]
    first = parts[0]
    if first == "static":
        return "playground runtime" if parts[1:2] == ["playground"] else "CSS, JavaScript, icons"
    if first == "print":
        return "exercise handouts" if "exercises" in parts[2:] else "printable chapters"
    named = {
        "exercises": "exercise handouts",
        "review": "review page",
        "search": "search index",
        "instructor": "instructor pages",
        "keypoints": "key points, objectives, glossary",
        "objectives": "key points, objectives, glossary",
        "glossary": "key points, objectives, glossary",
        "theme": "CSS, JavaScript, icons",
    }
    if first in named:
        return named[first]
    if first not in NOT_CHAPTERS and parts[-1] == "index.html":
        if len(parts) == 3:
            return "lesson pages"
        if len(parts) == 2:
            return "chapter pages"
    return "other (home, 404, sitemap, media)"


def breakdown(site: Path) -> str:
    """The site by part: files, bytes, share and bytes per lesson, as a Markdown table."""
    editions = {
        folder.name
        for folder in site.iterdir()
        if folder.is_dir() and (folder / "search" / "meta.json").is_file()
    }
    sizes = dict.fromkeys(PARTS, 0)
    counts = dict.fromkeys(PARTS, 0)
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink():
            part = part_of(path.relative_to(site).as_posix(), editions)
            sizes[part] += path.stat().st_size
            counts[part] += 1
    total = sum(sizes.values())
    lessons = counts["lesson pages"] or 1
    rows: list[list[object]] = [
        [part, counts[part], size / 1e6, 100 * size / total, size / lessons / 1e3]
        for part, size in sizes.items()
        if counts[part]
    ]
    rows.append(["total", sum(counts.values()), total / 1e6, 100.0, total / lessons / 1e3])
    return table(["part", "files", "MB", "% of the site", "KB per lesson page"], rows)


def _site_rows(name: str, site: Path) -> tuple[list[list[object]], list[object]]:
    page = typical_page(site)
    assets, external = page_weight(site, page)
    rows: list[list[object]] = [
        [name, asset.kind, asset.href, asset.size, asset.gzipped] for asset in assets
    ]
    rows += [[name, "external", href, "not counted", ""] for href in external]
    size = tree_size(site)
    searched = first_search_files(site)
    search_bytes = sum(f.stat().st_size for f in searched or [] if f.is_file())
    search = "no index" if searched is None else human(search_bytes)
    summary: list[object] = [
        name,
        human(sum(a.size for a in assets)),
        human(sum(a.gzipped for a in assets)),
        f"{len(assets) - 1}",
        f"{mib(size.bytes)} / {size.files} files",
        search + ("" if searched is None else f" in {len(searched)} files"),
    ]
    return rows, summary


def report(sites: dict[str, Path], lessons: int | None) -> str:
    rows: list[list[object]] = []
    summaries: list[list[object]] = []
    for name, site in sites.items():
        site_rows, summary = _site_rows(name, site)
        rows += site_rows
        summaries.append(summary)
    title = f"## Page weight, {lessons} lessons" if lessons else "## Page weight"
    return "\n\n".join(
        [
            title,
            machine_notes(),
            "A typical lesson page (median HTML size) and what it loads, in bytes:",
            table(["site", "kind", "file", "bytes", "gzipped"], rows),
            table(
                [
                    "site",
                    "page + CSS + JS",
                    "gzipped",
                    "CSS/JS files",
                    "whole site",
                    f"first search ({DEFAULT_QUERY!r})",
                ],
                summaries,
            ),  # fmt: skip
            f"Our site by part ({sites['ours']}):",
            breakdown(sites["ours"]),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(parser)
    parser.add_argument("--site", type=Path, help="measure this built site instead of building")
    parser.add_argument("--mkdocs-site", type=Path, help="a built MkDocs site to compare with")
    parser.add_argument("--no-mkdocs", action="store_true", help="do not build MkDocs")
    parser.add_argument("--workdir", type=Path, help="keep the built sites here")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per build")
    args = parser.parse_args(argv)
    if args.site:
        sites = {"ours": args.site}
        if args.mkdocs_site:
            sites["MkDocs"] = args.mkdocs_site
        print(report(sites, None))
        return
    corpus = corpus_for(args)
    with workdir(args.workdir, "bench-weight-") as scratch:
        sites = {"ours": scratch / "ours" / "site"}
        log("building our site")
        env = ours_env(scratch / "cache")
        try:
            run(ours_build(corpus.lessons_dir, sites["ours"]), timeout=args.timeout, env=env)
            if not args.no_mkdocs:
                log("building the MkDocs site")
                sites["MkDocs"] = scratch / "mkdocs" / "site"
                run(mkdocs_build(corpus.mkdocs_config, sites["MkDocs"]), timeout=args.timeout)
        except CommandFailed as exc:
            raise fail(exc) from None
        print(report(sites, corpus.lessons))


if __name__ == "__main__":
    main()
