"""One pipeline: ``check`` is the build's first phase, an incremental build equals a clean
one, and the content model needs no Flask. Each test here failed on the engine before the
pipeline was rebuilt."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from courseware import create_app
from courseware.build.freeze import build_site, site_app
from courseware.build.reuse import global_digest
from courseware.cli import main
from courseware.config import PROJECT_ROOT
from courseware.course import rendering
from courseware.course.translations import mark, status
from courseware.errors import CheckFailed
from courseware.web.sitepages import OFFLINE_PAGES

from .test_bad_input import BROKEN
from .test_build import internal_links, resolve, tree_hash
from .test_mistakes import CASES as MISTAKES
from .test_mistakes import lay_out
from .test_translations import DEEP_ES, HELLO_ES


def _check(lessons_dir: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["--lessons", str(lessons_dir), "check"])
    lines = [line for line in result.output.splitlines() if line.startswith("lessons")]
    return result.exit_code, sorted(lines)


def _build(lessons_dir: Path, output: Path, **config: object) -> tuple[int, list[str]]:
    """Build as the command line does: exit status and the diagnostics printed."""
    settings = {"COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1, **config}
    try:
        result = build_site(
            output, project_root=PROJECT_ROOT, lessons_dir=lessons_dir, config=settings
        )
    except CheckFailed as failed:
        return 1, sorted(str(d) for d in failed.diagnostics)
    return 0, sorted(str(d) for d in result.warnings)


def _agree(lessons_dir: Path, tmp_path: Path) -> tuple[int, list[str]]:
    """Check and build the course; they must say the same; returns what they said."""
    checked = _check(lessons_dir)
    built = _build(lessons_dir, tmp_path / "out" / "site")
    assert checked == built
    return checked


# -- check = build ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(BROKEN))
def test_check_and_build_agree_over_the_bad_input_corpus(
    kind: str, write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    relpath, content, _ = BROKEN[kind]
    write(relpath, content)
    status_code, said = _agree(lessons_dir, tmp_path)
    assert status_code == 1 and said


def test_a_new_chapter_of_drafts_checks_and_builds_with_one_warning(
    lessons_dir: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(main, ["--lessons", str(lessons_dir), "new-chapter", "Later"])
    assert result.exit_code == 0, result.output
    status_code, said = _agree(lessons_dir, tmp_path)
    assert status_code == 0
    assert said == [
        "lessons/03-later: warning: every lesson of this chapter is a draft, so the chapter is "
        "not published yet; remove 'draft: true' from a lesson to publish it"
    ]
    assert not (tmp_path / "out/site/later").exists()


def test_a_link_to_a_draft_is_an_error_in_check_and_build_alike(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    write("01-basics/03-soon.md", "---\ntitle: Soon\ndraft: true\n---\n\nNot yet.\n")
    write("01-basics/04-now.md", "---\ntitle: Now\n---\n\nSee [soon](03-soon.md).\n")
    status_code, said = _agree(lessons_dir, tmp_path)
    assert status_code == 1
    assert said == [
        "lessons/01-basics/04-now.md:5: the link '03-soon.md' points to a draft lesson, which "
        "is not published; publish it (remove 'draft: true') or remove the link"
    ]


def test_a_chapter_folder_whose_name_gives_no_address_is_an_error(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    write("03-🎉/01-party.md", "---\ntitle: Party\n---\n\nFun.\n")
    status_code, said = _agree(lessons_dir, tmp_path)
    assert status_code == 1
    assert said == [
        "lessons/03-🎉: the chapter folder's name gives it no address: after the number it "
        "needs letters or digits, like '03-its-name'"
    ]


def test_a_course_of_only_course_yml_checks_and_builds_alike(tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "course.yml").write_text("title: Empty\n")
    status_code, _ = _agree(lessons, tmp_path)
    assert status_code == 0
    assert (tmp_path / "out/site/index.html").is_file()


@pytest.mark.parametrize("code", ["static", "../x", "search", "EN GB"])
def test_a_language_code_that_is_no_language_is_an_error(
    code: str, write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    write("course.yml", f'title: T\nlanguages:\n  en: English\n  "{code}": Other\n')
    status_code, said = _agree(lessons_dir, tmp_path)
    assert status_code == 1
    assert len(said) == 1 and said[0].startswith("lessons/course.yml:2:")
    assert f"'{code}'" in said[0]


# -- incremental = clean ---------------------------------------------------------------


def test_an_instructor_note_added_to_a_lesson_updates_its_neighbours_sidebars(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out" / "site"
    config = {"COURSEWARE_CACHE_DIR": tmp_path / "cache"}
    assert _build(lessons_dir, output, **config)[0] == 0
    write(
        "01-basics/02-second.md",
        "---\ntitle: Second steps\n---\n\n## Walking\n\n"
        "The second lesson has ![a diagram](images/diagram.png) in it.\n\n"
        "!!! instructor\n    Walk slowly.\n",
    )
    assert _build(lessons_dir, output, **config)[0] == 0
    clean = tmp_path / "clean" / "site"
    assert _build(lessons_dir, clean)[0] == 0
    assert tree_hash(output) == tree_hash(clean)
    assert (output / "instructor/basics/second/index.html").is_file()
    sidebar = (output / "instructor/advanced/deep/index.html").read_text()
    assert 'href="../../../instructor/basics/second/"' in sidebar


def test_the_playground_runtime_appearing_rebuilds_every_page_with_an_example(
    lessons_dir: Path, tmp_path: Path
) -> None:
    """Run buttons (run.js and the playground's addresses) come with the runtime, on the pages
    that show an example; a page without one stays as it was."""
    (lessons_dir / "01-basics/examples").mkdir(parents=True)
    (lessons_dir / "01-basics/examples/app.py").write_text("from flask import Flask\n")
    (lessons_dir / "01-basics/03-example.md").write_text(
        '---\ntitle: Example\n---\n\n```python\n--8<-- "examples/app.py"\n```\n'
    )
    static = tmp_path / "static"
    ignore = __import__("shutil").ignore_patterns("playground")
    __import__("shutil").copytree(PROJECT_ROOT / "static", static, ignore=ignore)
    output = tmp_path / "out" / "site"
    config = {"COURSEWARE_CACHE_DIR": tmp_path / "cache", "COURSEWARE_STATIC_DIR": static}
    _build(lessons_dir, output, **config)
    example, hello = output / "basics/example/index.html", output / "basics/hello/index.html"
    assert "data-playground=" not in example.read_text()
    before = hello.read_bytes()
    (static / "playground").mkdir()
    (static / "playground/manifest.json").write_text('{"pyodide": "0"}')
    _build(lessons_dir, output, **config)
    assert "data-playground=" in example.read_text() and "run.js" in example.read_text()
    assert hello.read_bytes() == before


def test_every_part_of_the_engine_shapes_the_cache_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed validation rule (metadata.py, loader.py, errors.py) invalidates old caches."""
    before = rendering.renderer_version()
    real = Path.read_bytes
    for name in ("metadata.py", "loader.py", "errors.py"):

        def changed(self: Path, name: str = name) -> bytes:
            data = real(self)
            return data + b"# changed\n" if self.name == name else data

        monkeypatch.setattr(Path, "read_bytes", changed)
        rendering.renderer_version.cache_clear()
        assert rendering.renderer_version() != before, name
        monkeypatch.undo()
    rendering.renderer_version.cache_clear()


def test_a_changed_template_changes_every_page(lessons_dir: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    __import__("shutil").copytree(PROJECT_ROOT / "templates", templates)
    app = site_app(lessons_dir, extra={"COURSEWARE_TEMPLATES_DIR": templates})
    before = global_digest(app)
    (templates / "lesson.html").write_text((templates / "lesson.html").read_text() + "\n")
    assert global_digest(app) != before


# -- languages -------------------------------------------------------------------------


def test_the_translations_page_counts_the_shipped_course() -> None:
    app = create_app({"TESTING": True, "COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1})
    html = app.test_client().get("/translations/").get_data(as_text=True)
    (spanish,) = status(app.extensions["courseware"].index)
    total = len(app.extensions["courseware"].index.default.lessons)
    cells = re.findall(r"<td>([^<]*)", html)  # a cell ends where the next begins
    assert cells[:4] == [
        f"{len(spanish.translated)} / {total}",
        str(len(spanish.current)),
        str(len(spanish.stale)),
        str(len(spanish.missing)),
    ]
    assert len(spanish.translated) > 0
    assert html.count("<table") == 1  # one language besides the course's own


@pytest.mark.parametrize("original_has_notes", [False, True])
def test_a_translated_course_without_instructor_notes_builds_with_no_broken_link(
    original_has_notes: bool, write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    write("course.yml", "title: Test\nlanguages:\n  en: English\n  es: Español\n")
    deep = (lessons_dir / "02-advanced/01-deep.md").read_text()
    if not original_has_notes:
        deep = deep.replace("!!! instructor\n    Secret teaching note.\n", "")
        write("02-advanced/01-deep.md", deep)
    write("_translations/es/01-basics/01-hello.md", HELLO_ES.replace("#deep-section", ""))
    write("_translations/es/02-advanced/01-deep.md", DEEP_ES)  # no instructor note
    mark(lessons_dir, "es", "01-basics/01-hello")
    mark(lessons_dir, "es", "02-advanced/01-deep")
    output = tmp_path / "out" / "site"
    code, said = _build(lessons_dir, output)
    assert code == 0, said
    assert (output / "instructor/advanced/deep/index.html").is_file() == original_has_notes
    assert not (output / "es/instructor/advanced/deep/index.html").exists()
    broken = [
        (page, link)
        for page, link in internal_links(output)
        if not resolve(output, page, link).exists()
    ]
    assert broken == []


# -- the content model alone -----------------------------------------------------------


def test_the_content_model_loads_a_course_with_flask_unimportable() -> None:
    script = textwrap.dedent(
        f"""
        import sys

        class NoFlask:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("flask", "flask_frozen", "werkzeug"):
                    raise ImportError("Flask is not installed")

        sys.meta_path.insert(0, NoFlask())
        from courseware.course.loader import load_index
        from courseware.course.checks import check_course

        index = load_index(__import__("pathlib").Path({str(PROJECT_ROOT / "lessons")!r}))
        assert len(index.default.lessons) > 10
        assert not [m for m in sys.modules if m.split(".")[0] == "flask"]
        print("ok", len(index.default.lessons))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_a_glossary_link_to_a_missing_lesson_is_reported_once_in_the_file_that_has_it(
    write: Callable, lessons_dir: Path, tmp_path: Path
) -> None:
    write("course.yml", "title: T\nlanguages:\n  en: English\n  es: Español\n")
    write("glossary.yml", "- term: Gone\n  definition: Nothing.\n  link: 01-basics/09-gone.md\n")
    status_code, said = _agree(lessons_dir, tmp_path)
    assert status_code == 1
    glossary = [line for line in said if "glossary" in line]
    assert glossary == [
        "lessons/glossary.yml:1: the link of 'Gone' points to a lesson that does not exist"
    ]


def test_every_page_the_app_serves_is_in_the_one_list_of_pages() -> None:
    """A route whose pages the list forgets would never be built: hold each against it."""
    app = site_app(None, site_url="https://example.org/course/")
    endpoints = {page.endpoint for page in app.extensions["courseware"].site_pages()}
    index = app.extensions["courseware"].index
    optional = {"static"} | ({"site.media"} if not index.assets else set())
    optional |= {"site.sitemap_part"}  # only past 50,000 addresses (see test_publish)
    offline_only = set(OFFLINE_PAGES) | {name.replace(".", "_lang.") for name in OFFLINE_PAGES}
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())}
    assert routes - optional - offline_only - endpoints == set()
    offline = site_app(None, offline=True)
    assert offline_only <= {page.endpoint for page in offline.extensions["courseware"].site_pages()}


@pytest.mark.parametrize("case", [case.name for case in MISTAKES], ids=str)
def test_check_and_build_agree_over_the_instructor_mistakes(case: str, tmp_path: Path) -> None:
    _agree(lay_out(case, tmp_path), tmp_path)
