"""A preview reloads only what a save changed, and after any sequence of edits shows what a
fresh start would.

The preview reloads only what changed (the files whose size, date or inode differ, the
content keys whose inputs differ, the lessons whose neighbours differ). Hypothesis drives
random edits of a small two-language course — lesson bodies and front matter, lessons and
chapters added, removed and renamed, drafts, chapter.yml and chapter introductions, course.yml
and the settings it gives every lesson, included examples edited, removed and brought back,
translations, the glossary, images, the course's stylesheet — and after each step the
refreshed preview must equal an app made afresh: the same index, value for value, and the
same bytes for every page of the site.

The quick test takes 40 steps (``COURSEWARE_PREVIEW_STEPS`` raises them), the slow one 400.
"""

from __future__ import annotations

import os
import pickle
import shutil
import textwrap
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import MappingProxyType

import pytest
from flask import Flask
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from courseware import create_app
from courseware.course import memo, sources
from courseware.course.model import ContentIndex
from courseware.course.render_pool import content_key, render_one
from courseware.course.rendering import Pending
from courseware.web.content import Content

from .conftest import run_random_edits

#: Steps of the quick test (``COURSEWARE_PREVIEW_STEPS`` raises them) and of the slow one.
STEPS = int(os.environ.get("COURSEWARE_PREVIEW_STEPS", "40"))
SLOW_STEPS = 400
STEPS_PER_RUN = 10

WORDS = st.sampled_from(["flask", "route", "jinja", "form", "wsgi", "blueprint", "test"])
TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
INCLUDE = '```python title="app.py"\n--8<-- "examples/app.py"\n```\n'


@pytest.fixture
def preview(make_app: Callable[..., Flask], tmp_path: Path) -> Flask:
    return make_app(COURSEWARE_PREVIEW=True, COURSEWARE_CACHE_DIR=tmp_path / "cache")


def reload(app: Flask) -> ContentIndex:
    """The preview's index after it looks for changes (as if its check interval had passed)."""
    content: Content = app.extensions["courseware"]
    content._checked = float("-inf")
    return content.refresh()


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many lesson files are read and how many content keys made."""
    calls: Counter[str] = Counter()

    def counting(name: str, function: Callable) -> Callable:
        def count(*args: object, **kwargs: object) -> object:
            calls[name] += 1
            return function(*args, **kwargs)

        return count

    monkeypatch.setattr(
        sources.Reader, "_read_lesson", counting("read", sources.Reader._read_lesson)
    )
    monkeypatch.setattr(memo, "content_key", counting("keyed", memo.content_key))
    return calls


def test_a_save_reads_and_hashes_only_the_saved_lesson(
    preview: Flask, write: Callable, counted: Counter[str]
) -> None:
    write("01-basics/02-second.md", "---\ntitle: Second steps\n---\n\n## Running\n")
    index = reload(preview)
    assert counted == {"read": 1, "keyed": 1}
    assert "Running" in index.default.lesson("basics/second/").html


def test_an_unchanged_lesson_stays_the_same_value_unless_its_neighbours_change(
    preview: Flask, write: Callable
) -> None:
    before = preview.extensions["courseware"].index.default
    write("01-basics/02-second.md", "---\ntitle: Second steps\n---\n\n## Running\n")
    after = reload(preview).default
    assert after.lesson("advanced/deep/") is before.lesson("advanced/deep/")
    assert after.lesson("basics/second/") is not before.lesson("basics/second/")
    write("01-basics/03-third.md", "---\ntitle: Third\n---\n\n## Third\n")
    last = reload(preview).default
    assert last.lesson("advanced/deep/").previous == "basics/third/"
    assert last.lesson("basics/hello/") is after.lesson("basics/hello/")


def test_course_settings_reach_lessons_that_did_not_change(
    preview: Flask, write: Callable, counted: Counter[str]
) -> None:
    write("01-basics/02-second.md", "---\ntitle: Second\n---\n\n<marquee>Hi</marquee>\n")
    assert "<marquee>" not in reload(preview).default.lesson("basics/second/").html
    course = preview.extensions["courseware"].lessons_dir / "course.yml"
    write("course.yml", course.read_text() + "trusted_html: true\n")
    counted.clear()
    assert "<marquee>" in reload(preview).default.lesson("basics/second/").html
    assert counted["read"] == 3  # every lesson, read with the new setting


def test_an_included_file_that_appears_is_included_on_the_next_reload(
    preview: Flask, write: Callable, lessons_dir: Path
) -> None:
    write("01-basics/02-second.md", '---\ntitle: S\n---\n\n```python\n--8<-- "app.py"\n```\n')
    assert "does not exist" in str(reload(preview).diagnostics)
    write("01-basics/app.py", "print('included')\n")
    index = reload(preview)
    assert "does not exist" not in str(index.diagnostics)
    assert "included" in index.default.lesson("basics/second/").html
    (lessons_dir / "01-basics/app.py").unlink()
    assert "does not exist" in str(reload(preview).diagnostics)


def test_an_included_file_edited_in_place_is_shown_on_the_next_reload(
    preview: Flask, write: Callable
) -> None:
    write("01-basics/app.py", "print('first')\n")
    write("01-basics/02-second.md", '---\ntitle: S\n---\n\n```python\n--8<-- "app.py"\n```\n')
    assert "first" in reload(preview).default.lesson("basics/second/").html
    write("01-basics/app.py", "print('again')\n")
    assert "again" in reload(preview).default.lesson("basics/second/").html


def test_a_file_missing_only_while_a_reload_ran_is_included_once_back(
    preview: Flask, write: Callable, lessons_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that saves by deleting and writing anew: the reload that ran in between
    found no file to include; the next must not reuse that finding."""
    example = write("01-basics/app.py", "print('here')\n")
    write("01-basics/02-second.md", '---\ntitle: S\n---\n\n```python\n--8<-- "app.py"\n```\n')
    content_keys, finish = memo.Load.content_keys, memo.Load.finish

    def missing(self: memo.Load, items: list) -> list[str]:
        example.unlink()  # after the reload took its stamps, before it hashed the lessons
        return content_keys(self, items)

    def back(self: memo.Load, read: dict) -> None:
        example.write_text("print('here')\n")  # once the reload has rendered the lessons
        finish(self, read)

    monkeypatch.setattr(memo.Load, "content_keys", missing)
    monkeypatch.setattr(memo.Load, "finish", back)
    assert "does not exist" in str(reload(preview).diagnostics)
    monkeypatch.undo()
    index = reload(preview)
    assert "does not exist" not in str(index.diagnostics)
    assert "here" in index.default.lesson("basics/second/").html


def test_what_reading_an_unchanged_lesson_reported_is_reported_again(
    preview: Flask, write: Callable
) -> None:
    write("01-basics/02-second.md", "---\ntitle: S\nminutes: many\n---\n\nText.\n")
    write("01-basics/03-draft.md", "---\ntitle: D\ndraft: true\n---\n\nText.\n")
    first = reload(preview)
    assert "'minutes' must be a whole number" in str(first.diagnostics)
    assert first.drafts == {"01-basics/03-draft.md"}
    write("02-advanced/01-deep.md", "---\ntitle: Deep\n---\n\n## Deep section\n")
    again = reload(preview)
    assert (again.diagnostics, again.drafts) == (first.diagnostics, first.drafts)


def test_chapter_settings_and_linked_files_are_looked_at_again(
    preview: Flask, write: Callable, lessons_dir: Path
) -> None:
    assert "01-basics/images/diagram.png" in reload(preview).assets
    write("01-basics/chapter.yml", "title: The basics\n")
    (lessons_dir / "01-basics/images/diagram.png").unlink()
    index = reload(preview)
    assert index.default.chapters[0].title == "The basics"
    assert "01-basics/images/diagram.png" not in index.assets


def test_while_a_first_start_renders_a_reload_keeps_what_still_waits(
    make_app: Callable[..., Flask], write: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lessons still waiting for the background rendering keep their stand-ins (not
    looked up on disk, not linked again); one the rendering finished meanwhile is shown."""

    def wait_forever(self: Content, items: list) -> None:
        self.rendering = threading.Event()  # never set: the first start is still rendering

    monkeypatch.setattr(Content, "_render_in_background", wait_forever)
    app = make_app(
        COURSEWARE_PREVIEW=True,
        COURSEWARE_BACKGROUND_RENDER=True,
        COURSEWARE_CACHE_DIR=tmp_path / "cache",
    )
    content: Content = app.extensions["courseware"]
    before = content.index.default
    assert isinstance(before.lesson("advanced/deep/").rendered, Pending)
    write("01-basics/02-second.md", "---\ntitle: Second steps\n---\n\n## Running\n")
    after = reload(app).default
    assert after.lesson("advanced/deep/") is before.lesson("advanced/deep/")
    assert isinstance(after.lesson("basics/second/").rendered, Pending)

    item = content.index.pending["lessons/02-advanced/01-deep.md"]
    content.cache.put(content_key(item), render_one(item))  # the background rendering's
    write("01-basics/02-second.md", "---\ntitle: Second steps\n---\n\n## Walking\n")
    index = reload(app)
    assert "Deep section" in index.default.lesson("advanced/deep/").html
    assert set(index.pending) == {"lessons/01-basics/01-hello.md", "lessons/01-basics/02-second.md"}


def test_the_parsed_sources_are_written_after_the_reload_not_during_it(
    preview: Flask, write: Callable
) -> None:
    """A reload rewrites the file of parsed sources of the chapter saved in; a thread writes it
    a moment later, so the tab's answer does not wait for the disk."""
    content: Content = preview.extensions["courseware"]
    write("01-basics/02-second.md", "---\ntitle: Later\n---\n\n## Later\n")
    reload(preview)
    later = content.cache.write_parsed
    (file,) = later.waiting
    before = pickle.loads(file.read_bytes())
    assert not any(b"Later" in pickle.dumps(value) for value in before.values())
    later.flush()
    assert not later.waiting
    after = pickle.loads(file.read_bytes())
    assert any(b"## Later" in pickle.dumps(value) for value in after.values())


def _lesson(title: str, body: str, **meta: str) -> str:
    lines = ["---", f"title: {title}", *(f"{key}: {value}" for key, value in meta.items())]
    return "\n".join([*lines, "---", "", body, ""])


def dump(value: object) -> object:
    """A value of the index as plain tuples, every field included (``meta`` too, which
    dataclass equality leaves out), so two indexes compare value for value."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(dump(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, dict | MappingProxyType):
        return tuple(sorted((repr(key), dump(item)) for key, item in value.items()))
    if isinstance(value, tuple | list):
        return tuple(dump(item) for item in value)
    if isinstance(value, frozenset | set):
        return tuple(sorted(repr(dump(item)) for item in value))
    return value


class PreviewedCourse(RuleBasedStateMachine):
    """A course on disk, edited step by step, with a preview that has seen every step."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(os.environ["COURSEWARE_PREVIEW_TMP"]) / f"run-{id(self)}"
        shutil.rmtree(self.root, ignore_errors=True)
        self.lessons = self.root / "lessons"
        self.counter = 0
        #: modification times handed out to written files, one second apart: two saves of a
        #: file within the file system's clock tick, of the same size, look the same to any
        #: reader of file dates (the preview's check for changes included), which is not what
        #: this test is about
        self.clock = 1_700_000_000 * 10**9
        self.preview: Flask | None = None
        self.compared = 0

    def write(self, relpath: str | Path, text: str | bytes) -> None:
        path = self.lessons / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        self.clock += 10**9
        os.utime(path, ns=(self.clock, self.clock))

    def app(self, cache: Path | None) -> Flask:
        return create_app(
            {
                "TESTING": True,
                "COURSEWARE_LESSONS_DIR": self.lessons,
                "COURSEWARE_CACHE_DIR": cache,
                "COURSEWARE_WORKERS": 1,
                "COURSEWARE_PREVIEW": True,
                "COURSEWARE_SHOW_DRAFTS": False,
            }
        )

    @initialize()
    def make_course(self) -> None:
        self.write(
            "course.yml",
            "title: Course\nlanguages:\n  en: English\n  es: Español\n",
        )
        self.write("glossary.yml", "- term: WSGI\n  definition: The gateway.\n")
        self.write("index.md", "Welcome to the course.\n")
        self.write("01-one/chapter.yml", "title: One\nsummary: First.\n")
        self.write("01-one/examples/app.py", "print('hello')\n")
        self.write("01-one/images/a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8)
        self.write(
            "01-one/01-start.md",
            _lesson(
                "Start",
                f"## Begin\n\nSee [[WSGI]].\n\n{INCLUDE}\n![A picture](images/a.png)\n",
                summary="The start.",
            ),
        )
        self.write("01-one/02-next.md", _lesson("Next", "## Next part\n\nWords.\n"))
        self.write("02-two/index.md", _lesson("Two", "The second chapter's introduction.\n"))
        self.write(
            "02-two/01-more.md", _lesson("More", "## More\n\nText.\n\n<marquee>Raw</marquee>\n")
        )
        self.write(
            "_translations/es/01-one/01-start.md",
            _lesson("Inicio", f"## Empezar\n\n{INCLUDE}", source_hash="an-old-version"),
        )
        self.preview = self.app(self.root / "cache")
        self.compare()

    # -- the course ----------------------------------------------------------------------

    def lesson_files(self) -> list[Path]:
        return sorted(
            path.relative_to(self.lessons) for path in self.lessons.glob("[0-9]*/[0-9]*.md")
        )

    def chapters(self) -> list[str]:
        return sorted(path.name for path in self.lessons.glob("[0-9]*-*/"))

    def edit_front(self, relpath: Path, key: str, value: str) -> None:
        text = (self.lessons / relpath).read_text()
        head, _, body = text[4:].partition("\n---\n")
        lines = [line for line in head.split("\n") if not line.startswith(f"{key}:")]
        if value:
            lines.append(f"{key}: {value}")
        self.write(relpath, "---\n" + "\n".join(lines) + "\n---\n" + body)

    # -- edits -----------------------------------------------------------------------------

    @rule(data=st.data(), text=TEXT)
    def edit_body(self, data: st.DataObject, text: str) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        self.write(lesson, (self.lessons / lesson).read_text() + f"\n{text.capitalize()}.\n")

    @rule(
        data=st.data(),
        text=TEXT,
        key=st.sampled_from(["title", "summary", "objectives", "minutes"]),
    )
    def edit_front_matter(self, data: st.DataObject, text: str, key: str) -> None:
        """Front matter, ``minutes: <words>`` among it: a problem reported with the lesson."""
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        self.edit_front(lesson, key, f"[{text}]" if key == "objectives" else text)

    @rule(data=st.data(), on=st.booleans())
    def toggle_draft(self, data: st.DataObject, on: bool) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        self.edit_front(lesson, "draft", "true" if on else "")

    @rule(data=st.data(), number=st.integers(1, 4))
    def renumber_lesson(self, data: st.DataObject, number: int) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        new = lesson.with_name(f"{number:02d}-{lesson.name.split('-', 1)[1]}")
        if not (self.lessons / new).exists():
            (self.lessons / lesson).rename(self.lessons / new)

    @rule(data=st.data(), text=TEXT, include=st.booleans())
    def add_lesson(self, data: st.DataObject, text: str, include: bool) -> None:
        chapter = data.draw(st.sampled_from(self.chapters()))
        self.counter += 1
        name = f"{chapter}/{10 + self.counter:02d}-{text.split()[0]}-{self.counter}.md"
        self.write(name, _lesson(text.capitalize(), f"## {text}\n\n{INCLUDE * include}"))

    @precondition(lambda self: len(self.lesson_files()) > 2)
    @rule(data=st.data())
    def remove_lesson(self, data: st.DataObject) -> None:
        (self.lessons / data.draw(st.sampled_from(self.lesson_files()))).unlink()

    @rule(data=st.data(), number=st.integers(1, 5), text=WORDS)
    def rename_chapter(self, data: st.DataObject, number: int, text: str) -> None:
        chapter = data.draw(st.sampled_from(self.chapters()))
        new = f"{number:02d}-{text}"
        if not (self.lessons / new).exists():
            (self.lessons / chapter).rename(self.lessons / new)

    @rule(data=st.data(), text=TEXT, intro=st.booleans())
    def chapter_settings(self, data: st.DataObject, text: str, intro: bool) -> None:
        chapter = data.draw(st.sampled_from(self.chapters()))
        for name in ("chapter.yml", "index.md"):
            (self.lessons / chapter / name).unlink(missing_ok=True)
        if intro:
            self.write(f"{chapter}/index.md", _lesson(text, f"About {text}.\n"))
        else:
            self.write(f"{chapter}/chapter.yml", f"title: {text}\nsummary: {text}.\n")

    @rule(
        text=TEXT,
        spanish=st.booleans(),
        trusted=st.booleans(),
        embeds=st.sampled_from(["", "embeds: [www.youtube.com]\n"]),
    )
    def course_settings(self, text: str, spanish: bool, trusted: bool, embeds: str) -> None:
        languages = "languages:\n  en: English\n  es: Español\n" if spanish else ""
        trusted_html = "trusted_html: true\n" if trusted else ""
        self.write("course.yml", f"title: {text}\n{languages}{trusted_html}{embeds}")

    @rule(text=TEXT)
    def edit_example(self, text: str) -> None:
        """The included example, edited in place or written anew."""
        self.write("01-one/examples/app.py", f"print({text!r})\n")

    @rule()
    def remove_example(self) -> None:
        (self.lessons / "01-one/examples/app.py").unlink(missing_ok=True)

    @rule(data=st.data(), text=TEXT, present=st.booleans())
    def translation(self, data: st.DataObject, text: str, present: bool) -> None:
        lesson = data.draw(st.sampled_from(self.lesson_files()))
        translated = Path("_translations/es") / lesson
        if present:
            self.write(translated, _lesson(text.capitalize(), f"{text}.\n\n{INCLUDE}"))
        else:
            (self.lessons / translated).unlink(missing_ok=True)

    @rule(text=TEXT, term=st.sampled_from(["WSGI", "Route"]))
    def glossary(self, text: str, term: str) -> None:
        self.write("glossary.yml", f"- term: {term}\n  definition: {text}.\n")

    @rule(size=st.integers(0, 20))
    def image(self, size: int) -> None:
        if size:
            self.write("01-one/images/a.png", b"\x89PNG\r\n\x1a\n" + b"\x01" * size)
        else:
            (self.lessons / "01-one/images/a.png").unlink(missing_ok=True)

    @rule(text=TEXT, present=st.booleans())
    def stylesheet_and_home(self, text: str, present: bool) -> None:
        if present:
            self.write("extra.css", f"/* {text} */\n")
            self.write("index.md", f"{text.capitalize()}.\n")
        else:
            (self.lessons / "extra.css").unlink(missing_ok=True)

    # -- the assertion ---------------------------------------------------------------------

    @invariant()
    def compare(self) -> None:
        assert self.preview is not None
        content = self.preview.extensions["courseware"]
        content._checked = float("-inf")  # as if the check interval had passed
        refreshed = content.refresh()
        fresh_app = self.app(None)
        fresh: ContentIndex = fresh_app.extensions["courseware"].index
        assert dump(refreshed) == dump(fresh)
        pages = fresh_app.extensions["courseware"].site_pages()
        assert [page.url for page in content.site_pages()] == [page.url for page in pages]
        # The learner pages after every step, every page of the site after every third
        # (a page takes 5 ms, and there are 72 at the start).
        self.compared += 1
        every = self.compared % 3 == 0
        ours, theirs = self.preview.test_client(), fresh_app.test_client()
        for url in [page.url for page in pages if every or page.learner]:
            with ours.get(url) as mine, theirs.get(url) as expected:
                assert (mine.status_code, mine.data) == (expected.status_code, expected.data), url

    def teardown(self) -> None:
        if self.preview is not None:  # what waits to be written goes before its folder does
            self.preview.extensions["courseware"].cache.write_parsed.flush()
        shutil.rmtree(self.root, ignore_errors=True)


def _run(tmp_path: Path, steps: int) -> None:
    os.environ["COURSEWARE_PREVIEW_TMP"] = str(tmp_path)
    run_random_edits(PreviewedCourse, steps, STEPS_PER_RUN, "COURSEWARE_PREVIEW_RANDOM")


def test_a_reloaded_preview_shows_what_a_fresh_start_would(tmp_path: Path) -> None:
    _run(tmp_path, STEPS)


@pytest.mark.slow
def test_a_reloaded_preview_shows_what_a_fresh_start_would_after_many_edits(
    tmp_path: Path,
) -> None:
    _run(tmp_path, SLOW_STEPS)
