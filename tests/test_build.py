"""The static build: every page written, every link resolving, nothing lost on failure."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from courseware.build.freeze import build_site
from courseware.errors import BuildError, CheckFailed


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def internal_links(site: Path) -> list[tuple[Path, str]]:
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            split = urlsplit(link)
            if not split.scheme and not split.netloc and split.path:
                found.append((page, link))
    return found


def resolve(site: Path, page: Path, link: str, base: str = "/") -> Path:
    path = unquote(urlsplit(link).path)
    if path.startswith("/"):
        target = site / path[len(base) :]
    else:
        target = (page.parent / path).resolve()
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def tree_hash(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def build(tmp_path: Path, lessons_dir: Path) -> Callable[..., Path]:
    def run(**options: object) -> Path:
        output = options.pop("output", tmp_path / "out" / "site")
        build_site(
            output,  # type: ignore[arg-type]
            project_root=tmp_path / "project",
            lessons_dir=lessons_dir,
            config={"COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1},
            **options,  # type: ignore[arg-type]
        )
        return output  # type: ignore[return-value]

    return run


def test_build_writes_every_page_and_the_404_page(build: Callable[..., Path]) -> None:
    site = build()
    for page in (
        "index.html",
        "404.html",
        "basics/index.html",
        "basics/hello/index.html",
        "basics/second/index.html",
        "advanced/deep/index.html",
    ):
        assert (site / page).is_file(), page
    assert (site / ".nojekyll").is_file()
    assert (site / "media/01-basics/images/diagram.png").is_file()
    assert (site / "theme/highlight.css").is_file()
    assert "Secret teaching note" not in (site / "advanced/deep/index.html").read_text()


def test_every_internal_link_in_the_site_resolves(build: Callable[..., Path]) -> None:
    site = build()
    links = internal_links(site)
    assert len(links) > 50
    missing = [
        (str(page.relative_to(site)), link)
        for page, link in links
        if not resolve(site, page, link).is_file()
    ]
    assert missing == []


def test_404_page_links_work_from_any_depth(build: Callable[..., Path]) -> None:
    site = build(base_url="/course/")
    page = (site / "404.html").read_text()
    assert 'href="/course/basics/"' in page
    assert 'href="/course/static/css/site.css' in page
    for _, link in [(p, link) for p, link in internal_links(site) if p.name == "404.html"]:
        assert link.startswith("/course/"), link


def test_offline_build_links_name_index_html(build: Callable[..., Path]) -> None:
    site = build(offline=True)
    page = (site / "basics/hello/index.html").read_text()
    assert 'href="../../advanced/deep/index.html#deep-section"' in page
    assert 'href="../../index.html"' in page


def test_two_builds_of_the_same_input_are_identical(
    build: Callable[..., Path], tmp_path: Path
) -> None:
    first = tree_hash(build(output=tmp_path / "a" / "site"))
    second = tree_hash(build(output=tmp_path / "b" / "site"))
    assert first == second


def test_failed_build_leaves_the_previous_site_intact(
    build: Callable[..., Path], write: Callable
) -> None:
    site = build()
    before = tree_hash(site)
    write("01-basics/03-broken.md", "---\ntitle: Broken\nobjectives: [a\n---\nText\n")
    with pytest.raises(CheckFailed) as caught:
        build()
    assert any("03-broken.md:3:" in str(d) for d in caught.value.diagnostics)
    assert tree_hash(site) == before
    assert not list(site.parent.glob(".site.*"))  # no staging folder left behind


def test_broken_link_stops_the_build(build: Callable[..., Path], write: Callable) -> None:
    write("01-basics/03-links.md", "---\ntitle: Links\n---\n\nSee [nothing](04-nothing.md).\n")
    with pytest.raises(CheckFailed) as caught:
        build()
    assert any(
        "03-links.md:5: the link '04-nothing.md'" in str(d) for d in caught.value.diagnostics
    )


def test_drafts_never_reach_the_site(build: Callable[..., Path], write: Callable) -> None:
    write("01-basics/03-draft.md", "---\ntitle: Draft lesson\ndraft: true\n---\n\nUnfinished.\n")
    site = build()
    assert not (site / "basics/draft").exists()
    assert "Draft lesson" not in (site / "index.html").read_text()


@pytest.mark.parametrize("marker", [".git", "pyproject.toml", "lessons"])
def test_build_refuses_folders_that_are_not_build_output(
    build: Callable[..., Path], tmp_path: Path, marker: str
) -> None:
    target = tmp_path / "precious"
    (target / marker).mkdir(parents=True)
    with pytest.raises(BuildError, match="refusing"):
        build(output=target)
    assert (target / marker).exists()


def test_build_refuses_the_project_folder_and_its_parents(
    build: Callable[..., Path], tmp_path: Path
) -> None:
    for target in (tmp_path / "project", tmp_path):
        with pytest.raises(BuildError, match="refusing"):
            build(output=target)


def _many_lessons(write: Callable, count: int = 40) -> None:
    for number in range(1, count + 1):
        write(
            f"03-many/{number:02d}-lesson-{number}.md",
            f"---\ntitle: Lesson {number}\nsummary: Number {number}.\n---\n\n## Part {number}\n\n"
            f"Text about routes and templates, lesson {number}.\n\n```python\nx = {number}\n```\n",
        )


def test_cached_parallel_and_incremental_builds_equal_a_clean_serial_build(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    _many_lessons(write)
    project = tmp_path / "project"

    def build(output: Path, cache: Path | None, workers: int) -> dict[str, str]:
        build_site(
            output,
            project_root=project,
            lessons_dir=lessons_dir,
            config={"COURSEWARE_CACHE_DIR": cache, "COURSEWARE_WORKERS": workers},
        )
        return tree_hash(output)

    cache = tmp_path / "cache"
    serial = build(tmp_path / "serial" / "site", None, 1)
    parallel = build(tmp_path / "parallel" / "site", cache, 2)  # renders on two processes
    assert parallel == serial
    warm = build(tmp_path / "parallel" / "site", cache, 2)  # everything from the cache
    assert warm == serial

    write("03-many/07-lesson-7.md", "---\ntitle: Lesson seven\n---\n\n## Changed\n\nNew words.\n")
    incremental = build(tmp_path / "parallel" / "site", cache, 2)
    clean = build(tmp_path / "clean" / "site", None, 1)
    assert incremental == clean
    assert incremental != serial


def test_a_rebuild_rewrites_only_the_files_whose_output_changed(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    _many_lessons(write)
    output = tmp_path / "out" / "site"
    options = {
        "project_root": tmp_path / "project",
        "lessons_dir": lessons_dir,
        "config": {"COURSEWARE_CACHE_DIR": tmp_path / "cache", "COURSEWARE_WORKERS": 2},
    }
    build_site(output, **options)
    before = {p: p.stat().st_ino for p in output.rglob("*") if p.is_file()}
    write(
        "03-many/20-lesson-20.md",
        "---\ntitle: Lesson 20\nsummary: Number 20.\n---\n\n## Part 20\n\nEdited.\n",
    )
    result = build_site(output, **options)
    after = {p: p.stat().st_ino for p in output.rglob("*") if p.is_file()}
    changed = sorted(str(p.relative_to(output)) for p in after if before.get(p) != after[p])
    changed.remove(".courseware-site.json")  # the list of the build's files: a new search shard
    assert "many/lesson-20/index.html" in changed
    assert "many/lesson-19/index.html" not in changed and "basics/hello/index.html" not in changed
    assert result.written == len(changed) < 30


def test_a_rebuild_starting_from_the_previous_site_equals_a_clean_build(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    _many_lessons(write, count=12)
    output = tmp_path / "out" / "site"
    options = {
        "project_root": tmp_path / "project",
        "lessons_dir": lessons_dir,
        "config": {"COURSEWARE_CACHE_DIR": tmp_path / "cache", "COURSEWARE_WORKERS": 1},
    }
    build_site(output, **options)
    write("03-many/05-lesson-5.md", "---\ntitle: Lesson five\n---\n\n## Five\n\nEdited.\n")
    build_site(output, **options)
    second = tree_hash(output)
    second_site = tmp_path / "second"
    shutil.copytree(output, second_site)  # a reader's copy of the published site

    write("03-many/06-lesson-6.md", "---\ntitle: Lesson six\n---\n\n## Six\n\nEdited too.\n")
    (lessons_dir / "03-many/12-lesson-12.md").unlink()
    write("03-many/13-lesson-13.md", "---\ntitle: Lesson 13\n---\n\n## Thirteen\n\nNew.\n")
    build_site(output, **options)
    clean = tmp_path / "clean" / "site"
    build_site(clean, project_root=options["project_root"], lessons_dir=lessons_dir)
    assert tree_hash(output) == tree_hash(clean)
    assert not (output / "many/lesson-12").exists()
    assert tree_hash(second_site) == second
    assert sorted(p.name for p in output.parent.iterdir()) == ["site"]  # nothing left beside


@pytest.mark.slow
def test_the_table_of_reads_is_extended_by_a_rebuild_and_made_afresh_before_it_grows_stale(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    """A rebuild numbers only the reads of the pages it made again; reads that no page makes
    any more are dropped once the reads added since the table was made reach a quarter of it,
    and the site always equals a clean build."""
    from courseware.build.freeze import site_app
    from courseware.build.reuse import Manifest, global_digest

    _many_lessons(write, count=6)
    output = tmp_path / "out" / "site"
    cache = tmp_path / "cache"
    options = {
        "project_root": tmp_path / "project",
        "lessons_dir": lessons_dir,
        "config": {"COURSEWARE_CACHE_DIR": cache, "COURSEWARE_WORKERS": 1},
    }
    build_site(output, **options)
    app = site_app(lessons_dir, extra={"COURSEWARE_CACHE_DIR": cache, "COURSEWARE_WORKERS": 1})
    manifest = Manifest(cache, output.resolve())
    first = manifest.load(global_digest(app))
    assert first is not None and first.fresh_since == 0
    sizes, fresh = [len(first.reads)], [0]
    for number in range(7, 15):  # each new lesson brings reads no page made before
        write(f"03-many/{number:02}-lesson-{number}.md", f"---\ntitle: L{number}\n---\n\nNew.\n")
        (lessons_dir / f"03-many/{number - 1:02}-lesson-{number - 1}.md").unlink()
        build_site(output, **options)
        found = manifest.load(global_digest(app))
        assert found is not None
        sizes.append(len(found.reads))
        fresh.append(found.fresh_since)
        clean = tmp_path / f"clean-{number}" / "site"
        build_site(clean, project_root=options["project_root"], lessons_dir=lessons_dir)
        assert tree_hash(output) == tree_hash(clean)
    assert fresh[1] > 0, "the first rebuild extended the table"
    assert 0 in fresh[2:], "a later one made it afresh"
    assert max(sizes) < 1.5 * sizes[0] + 50
