"""A rebuild with nothing changed answers at once, and only when nothing changed.

``python build.py`` from a course folder, through the command line, as an instructor runs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import courseware.build.freeze as freeze
from courseware.build import unchanged
from courseware.cli import main

NOTHING = "nothing changed since the last build"


@pytest.fixture
def course(lessons_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The test course as a course folder, the current directory (as ``course_root`` wants)."""
    root = lessons_dir.parent
    monkeypatch.chdir(root)
    for name in [name for name in __import__("os").environ if name.startswith("FLASK_")]:
        monkeypatch.delenv(name)
    yield root


def build(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["--output", "site", *args], env=env)


def refuse_full_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a full build ran")

    monkeypatch.setattr(freeze, "build_site", refuse)


def test_a_second_build_with_nothing_changed_loads_nothing(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build()
    assert first.exit_code == 0 and NOTHING not in first.output
    refuse_full_builds(monkeypatch)
    second = build()
    assert second.exit_code == 0, second.output
    assert NOTHING in second.output


def test_its_warnings_are_the_full_builds(course: Path, write) -> None:  # noqa: ANN001
    write("01-basics/03-warned.md", "---\ntitle: Warned\n---\n\n```pyhton\nx = 1\n```\n")
    first, second = build(), build()
    warnings = [line for line in first.output.splitlines() if "warning:" in line]
    assert warnings and NOTHING in second.output
    assert [line for line in second.output.splitlines() if "warning:" in line] == warnings


def test_an_edit_a_touch_and_a_deleted_page(course: Path, write) -> None:  # noqa: ANN001
    build()
    lesson = course / "lessons/01-basics/01-hello.md"
    lesson.touch()  # a date without a change: still nothing to do
    assert NOTHING in build().output
    write("01-basics/01-hello.md", lesson.read_text() + "\nA new sentence.\n")
    edited = build()
    assert NOTHING not in edited.output
    assert "A new sentence." in (course / "site/basics/hello/index.html").read_text()
    (course / "site/basics/second/index.html").unlink()
    restored = build()
    assert NOTHING not in restored.output
    assert (course / "site/basics/second/index.html").is_file()


@pytest.mark.parametrize(
    "change",
    [
        ["--base-url", "/course/"],
        ["--offline"],
        ["--site-url", "https://example.org/course/"],
    ],
)
def test_other_settings_build_again(course: Path, change: list[str]) -> None:
    build()
    assert NOTHING not in build(*change).output
    assert NOTHING in build(*change).output


def test_an_environment_setting_builds_again(course: Path) -> None:
    build()
    assert NOTHING not in build(env={"FLASK_COURSEWARE_WORKERS": "1"}).output


def test_strict_is_not_answered_by_a_lenient_build(course: Path, write) -> None:  # noqa: ANN001
    write("01-basics/03-warned.md", "---\ntitle: Warned\n---\n\n```pyhton\nx = 1\n```\n")
    assert build().exit_code == 0
    strict = build("--strict")
    assert strict.exit_code == 1 and "nothing was built" in strict.output


def test_a_build_that_fails_half_way_through_writing_is_not_taken_for_done(
    course: Path,
    write,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    """A build that dies while renaming its files into place puts the replaced ones back, as
    its message says; with the edit reverted, the next build's site holds none of it."""
    from courseware.build import output

    build()
    lesson = course / "lessons/01-basics/01-hello.md"
    good = lesson.read_text()
    write("01-basics/01-hello.md", good + "\nA sentence that is taken back.\n")

    real_replace = os.replace

    def full_at_the_record(source: object, target: object) -> None:
        if str(target).endswith(output.RECORD):  # every page is in place; the record is last
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", full_at_the_record)
    before = {path: path.read_bytes() for path in (course / "site").rglob("*") if path.is_file()}
    failed = build()
    assert failed.exit_code == 1 and "the previous site was left as it was" in failed.output
    after = {path: path.read_bytes() for path in (course / "site").rglob("*") if path.is_file()}
    assert after == before  # the pages moved in before the failure were put back
    monkeypatch.setattr(output.os, "replace", real_replace)
    write("01-basics/01-hello.md", good)
    assert build().exit_code == 0
    pages = [path.read_text() for path in (course / "site").rglob("*.html")]
    assert not any("taken back" in page for page in pages)


def test_a_template_of_the_course_builds_again(course: Path) -> None:
    build()
    (course / "templates").mkdir()
    (course / "templates/extra.html").write_text("<p>more</p>")
    assert NOTHING not in build().output


def test_bytecode_and_repository_folders_are_not_inputs(tmp_path: Path) -> None:
    """Python writes __pycache__ beside the engine's code as it runs: that must not make the
    next build look changed (it did, because the walk was sorted before being pruned, and the
    first build after a fresh clone was always a full one, twice)."""
    import hashlib

    from courseware.build.unchanged import hash_tree

    def digest(root: Path) -> str:
        hasher = hashlib.blake2b()
        hash_tree(hasher, "code", root)
        return hasher.hexdigest()

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "module.py").write_text("x = 1\n")
    before = digest(tmp_path)
    for folder in ("pkg/__pycache__", ".git", "pkg/.cache"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "file").write_bytes(b"written by a run")
    assert digest(tmp_path) == before
    (tmp_path / "pkg" / "module.py").write_text("x = 2\n")
    assert digest(tmp_path) != before


def test_a_remembered_hash_is_used_only_while_the_file_is_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text("# One\n")
    old = os.stat(lesson).st_mtime_ns - 10_000_000_000
    os.utime(lesson, ns=(old, old))
    memo = unchanged.DigestMemo(tmp_path / "digests.json")
    first = memo.digest(lesson, lesson.stat())
    assert not memo.changed  # its modification date is old, its change time is now: not yet
    monkeypatch.setattr(unchanged, "RACY_NS", -(10**18))  # as if it had been hashed long after
    first = memo.digest(lesson, lesson.stat())
    memo.save()
    again = unchanged.DigestMemo(tmp_path / "digests.json")
    read: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    assert again.digest(lesson, lesson.stat()) == first and read == []  # remembered

    # The same size, the modification date put back: the change time still tells.
    lesson.write_text("# Two\n")
    os.utime(lesson, ns=(old, old))
    assert again.digest(lesson, lesson.stat()) != first and read == [lesson]


def test_a_file_written_just_before_it_is_hashed_is_not_remembered(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text("# One\n")
    memo = unchanged.DigestMemo(tmp_path / "digests.json")
    memo.digest(lesson, lesson.stat())
    assert not memo.changed and memo.known == {}


def test_files_no_longer_looked_at_are_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unchanged, "RACY_NS", -(10**18))
    kept, gone = tmp_path / "kept.md", tmp_path / "gone.md"
    for file in (kept, gone):
        file.write_text("Text.\n")
    memo = unchanged.DigestMemo(tmp_path / "digests.json")
    for file in (kept, gone):
        memo.digest(file, file.stat())
    memo.save()
    gone.unlink()
    again = unchanged.DigestMemo(tmp_path / "digests.json")
    again.digest(kept, kept.stat())
    again.save()
    assert set(unchanged.DigestMemo(tmp_path / "digests.json").known) == {str(kept)}
