"""Incremental builds equal clean builds, byte for byte, after any sequence of edits.

Hypothesis drives random edits of a small two-language course — lesson bodies, titles and
front matter, lessons and chapters added, removed and renamed, drafts, instructor notes,
glossary terms, included examples, images, translations added, marked and made stale,
course.yml and chapter.yml, a template, a CSS file, the playground runtime fetched and
removed — and after each step asserts that:

- the incremental build (reusing the previous site and its cache) equals a clean build;
- a failed build fails the same way both times and leaves the previous site untouched;
- every page of the site equals what the app serves for it, rendered afresh.

``COURSEWARE_DIFFERENTIAL_STEPS`` raises the number of steps (200 by default).
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from courseware.build.freeze import build_site, site_app
from courseware.config import PROJECT_ROOT
from courseware.course.translations import mark
from courseware.errors import CheckFailed

from .conftest import run_random_edits
from .test_build import tree_hash

pytestmark = pytest.mark.slow

STEPS = int(os.environ.get("COURSEWARE_DIFFERENTIAL_STEPS", "200"))
STEPS_PER_RUN = 20

WORDS = st.sampled_from(
    ["flask", "route", "template", "request", "session", "blueprint", "wsgi", "form", "test"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


def _write(root: Path, relpath: str, text: str | bytes) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def _lesson(title: str, body: str, **meta: object) -> str:
    lines = ["---", f"title: {title}"]
    for key, value in meta.items():
        lines.append(f"{key}: {value}")
    return "\n".join([*lines, "---", "", body, ""])


class Course(RuleBasedStateMachine):
    """A course on disk, edited step by step, built both ways after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(os.environ["COURSEWARE_DIFFERENTIAL_TMP"]) / f"run-{id(self)}"
        shutil.rmtree(self.root, ignore_errors=True)
        self.lessons = self.root / "lessons"
        self.templates = self.root / "templates"
        self.static = self.root / "static"
        self.output = self.root / "out" / "site"
        self.counter = 0
        self.site_before: dict[str, str] | None = None

    # -- the course ----------------------------------------------------------------------

    @initialize()
    def make_course(self) -> None:
        shutil.copytree(PROJECT_ROOT / "templates", self.templates)
        shutil.copytree(
            PROJECT_ROOT / "static", self.static, ignore=shutil.ignore_patterns("playground")
        )
        _write(
            self.lessons,
            "course.yml",
            "title: Course\nrepository: https://github.com/someone/course\n"
            "languages:\n  en: English\n  es: Español\n",
        )
        _write(self.lessons, "glossary.yml", "- term: WSGI\n  definition: The gateway.\n")
        _write(self.lessons, "01-one/chapter.yml", "title: One\nsummary: First.\n")
        _write(self.lessons, "01-one/examples/app.py", "print('hello')\n")
        _write(self.lessons, "01-one/images/a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8)
        _write(
            self.lessons,
            "01-one/01-start.md",
            _lesson(
                "Start",
                '## Begin\n\nSee [[WSGI]].\n\n```python title="app.py"\n'
                '--8<-- "examples/app.py"\n```\n\n![A picture](images/a.png)\n',
                summary="The start.",
            ),
        )
        _write(self.lessons, "01-one/02-next.md", _lesson("Next", "## Next part\n\nWords.\n"))
        _write(self.lessons, "02-two/chapter.yml", "title: Two\n")
        _write(
            self.lessons,
            "02-two/01-more.md",
            _lesson("More", "## More\n\nText.\n\n!!! instructor\n    A note.\n"),
        )
        _write(self.lessons, "_translations/es/01-one/02-next.md", _lesson("Siguiente", "Texto.\n"))
        mark(self.lessons, "es", "01-one/02-next")
        self.build_and_compare()

    def lesson_files(self) -> list[Path]:
        return sorted(
            path for path in self.lessons.glob("[0-9]*/[0-9]*.md") if not path.name.startswith("_")
        )

    def chapters(self) -> list[Path]:
        return sorted(self.lessons.glob("[0-9]*-*/"))

    def _translation(self, lesson: Path) -> Path:
        relative = lesson.relative_to(self.lessons)
        return self.lessons / "_translations" / "es" / relative

    def _edit_front(self, lesson: Path, key: str, value: str) -> None:
        text = lesson.read_text()
        head, _, body = text[4:].partition("\n---\n")
        lines = [line for line in head.split("\n") if not line.startswith(f"{key}:")]
        if value:
            lines.append(f"{key}: {value}")
        lesson.write_text("---\n" + "\n".join(lines) + "\n---\n" + body)

    # -- edits -----------------------------------------------------------------------------

    @rule(data=st.data(), text=TEXT)
    def edit_body(self, data: st.DataObject, text: str) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        lesson.write_text(lesson.read_text() + f"\n{text.capitalize()}.\n")

    @rule(data=st.data(), text=TEXT, key=st.sampled_from(["title", "summary", "minutes", "tags"]))
    def edit_front_matter(self, data: st.DataObject, text: str, key: str) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        value = {"minutes": str(len(text)), "tags": f"[{text.split()[0]}]"}.get(key, text)
        self._edit_front(lesson, key, value)

    @rule(data=st.data(), on=st.booleans())
    def toggle_draft(self, data: st.DataObject, on: bool) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        self._edit_front(lesson, "draft", "true" if on else "")

    @rule(data=st.data(), add=st.booleans())
    def instructor_note(self, data: st.DataObject, add: bool) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        text = lesson.read_text().split("\n!!! instructor\n")[0]
        lesson.write_text(text + ("\n!!! instructor\n    Teach it slowly.\n" if add else ""))

    @rule(data=st.data(), text=TEXT)
    def add_lesson(self, data: st.DataObject, text: str) -> None:
        chapter = data.draw(st.sampled_from(self.chapters()))
        self.counter += 1
        number = 10 + self.counter
        name = f"{number:02d}-{text.split()[0]}-{self.counter}.md"
        _write(chapter, name, _lesson(text.capitalize(), f"## {text}\n\nBody.\n"))

    @precondition(lambda self: len(self.lesson_files()) > 2)
    @rule(data=st.data())
    def remove_lesson(self, data: st.DataObject) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        if lesson.name == "01-start.md":
            return  # other files point to it (the example, the image)
        lesson.unlink()
        self._translation(lesson).unlink(missing_ok=True)

    @rule(data=st.data(), text=TEXT)
    def rename_lesson(self, data: st.DataObject, text: str) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        self.counter += 1
        new = lesson.with_name(f"{lesson.name.split('-')[0]}-{text.split()[-1]}{self.counter}.md")
        lesson.rename(new)
        translation = self._translation(lesson)
        if translation.exists():
            translation.rename(self._translation(new))

    @rule(text=TEXT)
    def add_chapter(self, text: str) -> None:
        self.counter += 1
        folder = f"{10 + self.counter:02d}-{text.split()[0]}"
        _write(self.lessons, f"{folder}/chapter.yml", f"title: {text}\n")
        _write(self.lessons, f"{folder}/01-first.md", _lesson("First", "## First\n\nText.\n"))

    @precondition(lambda self: len(self.chapters()) > 2)
    @rule(data=st.data())
    def remove_chapter(self, data: st.DataObject) -> None:
        chapter = data.draw(st.sampled_from(self.chapters()[1:]))  # the first holds the media
        shutil.rmtree(chapter)
        shutil.rmtree(self.lessons / "_translations/es" / chapter.name, ignore_errors=True)

    @rule(data=st.data(), text=TEXT)
    def chapter_title(self, data: st.DataObject, text: str) -> None:
        chapter = data.draw(st.sampled_from(self.chapters()))
        _write(chapter, "chapter.yml", f"title: {text}\nsummary: {text}.\n")

    @rule(text=TEXT)
    def course_title(self, text: str) -> None:
        course = (self.lessons / "course.yml").read_text().split("\n", 1)[1]
        (self.lessons / "course.yml").write_text(f"title: {text}\n{course}")

    @rule(text=TEXT, term=st.sampled_from(["WSGI", "Route", "Jinja"]))
    def glossary_term(self, text: str, term: str) -> None:
        entries = ["- term: WSGI\n  definition: The gateway.\n"] if term != "WSGI" else []
        entries.append(f"- term: {term}\n  definition: {text}.\n")
        (self.lessons / "glossary.yml").write_text("".join(entries))

    @rule(text=TEXT)
    def included_example(self, text: str) -> None:
        _write(self.lessons, "01-one/examples/app.py", f"print({text!r})\n")

    @rule(size=st.integers(1, 50))
    def image(self, size: int) -> None:
        _write(self.lessons, "01-one/images/a.png", b"\x89PNG\r\n\x1a\n" + b"\x01" * size)

    @rule(data=st.data(), text=TEXT, marked=st.booleans())
    def translate(self, data: st.DataObject, text: str, marked: bool) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        translation = self._translation(lesson)
        translation.parent.mkdir(parents=True, exist_ok=True)
        translation.write_text(_lesson(text.capitalize(), f"{text}.\n"))
        if marked:
            mark(self.lessons, "es", lesson.relative_to(self.lessons).as_posix())

    @rule(data=st.data())
    def untranslate(self, data: st.DataObject) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        self._translation(lesson).unlink(missing_ok=True)

    @rule(text=TEXT)
    def template(self, text: str) -> None:
        page = self.templates / "chapter.html"
        page.write_text(
            page.read_text().replace("{% endblock %}", f"{{# {text} #}}{{% endblock %}}", 1)
        )

    @rule(text=TEXT)
    def stylesheet(self, text: str) -> None:
        css = self.static / "css" / "site.css"
        css.write_text(css.read_text() + f"\n/* {text} */\n")

    @rule(fetched=st.booleans())
    def playground_runtime(self, fetched: bool) -> None:
        folder = self.static / "playground"
        if fetched:
            _write(folder, "manifest.json", '{"pyodide": "test"}')
            _write(folder, "pyodide/pyodide.js", "// runtime\n")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    # -- the assertion ---------------------------------------------------------------------

    def _build(self, output: Path, cache: Path | None) -> list[str] | None:
        config = {
            "COURSEWARE_CACHE_DIR": cache,
            "COURSEWARE_WORKERS": 1,
            "COURSEWARE_TEMPLATES_DIR": self.templates,
            "COURSEWARE_STATIC_DIR": self.static,
        }
        try:
            build_site(
                output,
                project_root=self.root / "project",
                lessons_dir=self.lessons,
                site_url="https://example.org/course/",
                config=config,
            )
        except CheckFailed as failed:
            return sorted(str(d) for d in failed.diagnostics)
        return None

    @invariant()
    def build_and_compare(self) -> None:
        failed = self._build(self.output, self.root / "cache")
        clean = self.root / "clean" / "site"
        shutil.rmtree(clean.parent, ignore_errors=True)
        assert self._build(clean, None) == failed
        if failed:
            assert self.site_before is None or tree_hash(self.output) == self.site_before
            return
        incremental = tree_hash(self.output)
        assert incremental == tree_hash(clean)
        self.site_before = incremental
        self._compare_with_the_app()

    def _compare_with_the_app(self) -> None:
        app = site_app(
            self.lessons,
            site_url="https://example.org/course/",
            extra={
                # the lessons as the incremental build rendered them: equal to rendering them
                # afresh, as the clean build just showed, and much quicker
                "COURSEWARE_CACHE_DIR": self.root / "cache",
                "COURSEWARE_WORKERS": 1,
                "COURSEWARE_TEMPLATES_DIR": self.templates,
                "COURSEWARE_STATIC_DIR": self.static,
            },
        )
        client = app.test_client()
        for page in app.extensions["courseware"].site_pages():
            with client.get(page.url) as response:
                assert response.status_code == 200, page.url
                assert response.data == (self.output / page.file).read_bytes(), page.url

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def test_incremental_builds_equal_clean_builds_after_any_edits(tmp_path: Path) -> None:
    os.environ["COURSEWARE_DIFFERENTIAL_TMP"] = str(tmp_path)
    run_random_edits(Course, STEPS, STEPS_PER_RUN, "COURSEWARE_DIFFERENTIAL_RANDOM")
