"""Publishing on a static host under a sub-path, as GitHub Pages serves a project site."""

from __future__ import annotations

import threading
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit

import pytest

from courseware.build.freeze import build_site

SUB_PATH = "/course/"
SITE_URL = "https://example.org/course/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (
                name in ("href", "src")
                and value
                and tag != "a"
                or (tag == "a" and name == "href" and value)
            ):
                self.links.append(value)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


@pytest.fixture
def served(tmp_path: Path, lessons_dir: Path) -> Iterator[tuple[str, Path]]:
    """The test course built for /course/ and served by a plain static file server."""
    root = tmp_path / "www"
    site = root / SUB_PATH.strip("/")
    build_site(
        site,
        project_root=tmp_path / "project",
        lessons_dir=lessons_dir,
        base_url=SUB_PATH,
        site_url=SITE_URL,
        config={"COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", site
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except HTTPError as error:
        return error.code, b"", ""


def test_crawling_the_site_under_a_sub_path_finds_no_broken_link(served: tuple[str, Path]) -> None:
    origin, _ = served
    start = origin + SUB_PATH
    seen: set[str] = set()
    queue = [start]
    broken = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = fetch(url)
        if status != 200:
            broken.append(url)
            continue
        if kind != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            target = urljoin(url, link).split("#")[0]
            if urlsplit(target).netloc == urlsplit(origin).netloc:
                assert urlsplit(target).path.startswith(SUB_PATH), (
                    f"{link} on {url} leaves the sub-path"
                )
                queue.append(target)
    assert broken == []
    assert len(seen) > 15


def test_search_files_are_reachable_under_the_sub_path(served: tuple[str, Path]) -> None:
    import json

    origin, _ = served
    status, body, _ = fetch(origin + SUB_PATH + "search/meta.json")
    assert status == 200
    meta = json.loads(body)
    for shard in meta["shards"]:
        assert fetch(f"{origin}{SUB_PATH}search/t/{shard}.json")[0] == 200
    for number in range(meta["lessons"]):
        assert fetch(f"{origin}{SUB_PATH}search/l/{number}.json")[0] == 200


def test_404_page_links_work_from_any_depth(served: tuple[str, Path]) -> None:
    origin, site = served
    page = (site / "404.html").read_text()
    parser = _Links()
    parser.feed(page)
    deep = origin + SUB_PATH + "a/b/c/missing/"
    assert parser.links
    for link in parser.links:
        if not link.startswith(("http", "#")):
            assert fetch(urljoin(deep, link))[0] == 200, link


def test_pages_details_nojekyll_sitemap_canonical_and_csp(served: tuple[str, Path]) -> None:
    _, site = served
    assert (site / ".nojekyll").is_file()
    tree = ElementTree.parse(site / "sitemap.xml")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [loc.text for loc in tree.getroot().iter(f"{namespace}loc")]
    assert SITE_URL in locations and SITE_URL + "basics/hello/" in locations
    assert all(location.startswith(SITE_URL) for location in locations)
    lesson = (site / "basics/hello/index.html").read_text()
    assert f'<link rel="canonical" href="{SITE_URL}basics/hello/">' in lesson
    assert '<meta http-equiv="Content-Security-Policy"' in lesson and "unsafe-inline" not in lesson
    assert "<title>Hello · Test course</title>" in lesson
    assert '<meta name="description" content="The very first lesson.">' in lesson
    assert (site / "static/favicon.svg").is_file()


def test_no_sitemap_without_a_known_address(tmp_path: Path, lessons_dir: Path) -> None:
    site = tmp_path / "out" / "site"
    build_site(
        site,
        project_root=tmp_path / "project",
        lessons_dir=lessons_dir,
        config={"COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1},
    )
    assert not (site / "sitemap.xml").exists()
    assert 'rel="canonical"' not in (site / "index.html").read_text()


def test_a_bilingual_site_under_a_sub_path_has_every_language_and_no_broken_link(
    tmp_path: Path, lessons_dir: Path
) -> None:
    from courseware.course.translations import mark

    (lessons_dir / "course.yml").write_text(
        "title: Test course\nlanguages:\n  en: English\n  es: Español\n"
    )
    spanish = lessons_dir / "_translations/es/01-basics"
    spanish.mkdir(parents=True)
    (spanish / "01-hello.md").write_text(
        "---\ntitle: Hola\n---\n\n## Saludo\n\nHola. [Más](02-second.md).\n"
    )
    mark(lessons_dir, "es", "01-basics/01-hello")
    root = tmp_path / "www"
    site = root / "course"
    build_site(
        site,
        project_root=tmp_path / "project",
        lessons_dir=lessons_dir,
        base_url=SUB_PATH,
        site_url=SITE_URL,
        config={"COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1},
    )
    hello = (site / "es/basics/hello/index.html").read_text()
    assert '<html lang="es"' in hello
    assert f'<link rel="alternate" hreflang="en" href="{SITE_URL}basics/hello/">' in hello
    assert f'<link rel="alternate" hreflang="es" href="{SITE_URL}es/basics/hello/">' in hello
    assert (site / "es/search/meta.json").is_file() and (
        site / "es/basics/second/index.html"
    ).is_file()
    sitemap = (site / "sitemap.xml").read_text()
    assert f"<loc>{SITE_URL}es/basics/hello/</loc>" in sitemap
    assert "hreflang" not in sitemap  # each page's head names its versions
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        origin = f"http://127.0.0.1:{server.server_port}"
        seen: set[str] = set()
        queue = [origin + SUB_PATH + "es/"]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            status, body, kind = fetch(url)
            assert status == 200, url
            if kind == "text/html":
                parser = _Links()
                parser.feed(body.decode())
                queue.extend(
                    urljoin(url, link).split("#")[0]
                    for link in parser.links
                    if urlsplit(urljoin(url, link)).netloc == urlsplit(origin).netloc
                )
        assert any("/course/es/basics/hello/" in url for url in seen)
    finally:
        server.shutdown()
        server.server_close()


def test_a_large_sitemap_becomes_an_index_of_sitemaps(
    tmp_path: Path, lessons_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xml.etree import ElementTree

    import courseware.web.views.site as site_views

    monkeypatch.setattr(site_views, "SITEMAP_URLS", 2)
    site = tmp_path / "site"
    build_site(
        site,
        project_root=tmp_path / "project",
        lessons_dir=lessons_dir,
        site_url=SITE_URL,
        config={"COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1},
    )
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ElementTree.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{namespace}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{namespace}loc")]
    assert parts and parts[0] == f"{SITE_URL}sitemap-1.xml"
    listed = []
    for number in range(1, len(parts) + 1):
        tree = ElementTree.parse(site / f"sitemap-{number}.xml").getroot()
        urls = [loc.text for loc in tree.iter(f"{namespace}loc")]
        assert 0 < len(urls) <= 2
        listed += urls
    assert f"{SITE_URL}basics/hello/" in listed and len(listed) == len(set(listed))
