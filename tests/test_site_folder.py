"""The site folder is the build's own: it never deletes what it did not write, refuses a
folder of someone else's files, keeps a CNAME, runs one build at a time, and says in one
line why it cannot write."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from courseware.build.freeze import build_site
from courseware.build.output import RECORD, locked
from courseware.errors import BuildError


def _build(lessons_dir: Path, output: Path) -> None:
    build_site(
        output,
        project_root=lessons_dir.parent / "project",
        lessons_dir=lessons_dir,
        config={"COURSEWARE_CACHE_DIR": None, "COURSEWARE_WORKERS": 1},
    )


def test_a_folder_of_other_files_is_refused_and_left_alone(
    lessons_dir: Path, tmp_path: Path
) -> None:
    output = tmp_path / "photos"
    output.mkdir()
    (output / "holiday.jpg").write_bytes(b"precious")
    with pytest.raises(BuildError, match="holds files that were not built here"):
        _build(lessons_dir, output)
    assert sorted(p.name for p in output.iterdir()) == ["holiday.jpg"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_symlinked_site_folder_pointing_at_other_files_is_refused(
    lessons_dir: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "letter.txt").write_text("keep me")
    link = tmp_path / "site"
    link.symlink_to(elsewhere)
    with pytest.raises(BuildError, match="not built here"):
        _build(lessons_dir, link)
    assert (elsewhere / "letter.txt").read_text() == "keep me"


def test_files_the_build_did_not_write_are_kept_across_rebuilds(
    lessons_dir: Path, tmp_path: Path, write: object
) -> None:
    output = tmp_path / "site"
    _build(lessons_dir, output)
    (output / "CNAME").write_text("course.example.org\n")
    (output / "extra" / "notes.txt").parent.mkdir()
    (output / "extra" / "notes.txt").write_text("mine")
    (lessons_dir / "01-basics/02-second.md").unlink()  # a page the build made goes away
    _build(lessons_dir, output)
    _build(lessons_dir, output)
    assert (output / "CNAME").read_text() == "course.example.org\n"
    assert (output / "extra/notes.txt").read_text() == "mine"
    assert not (output / "basics/second").exists()
    assert (output / RECORD).is_file()


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    output = tmp_path / "site"
    said: list[str] = []
    order: list[str] = []
    with locked(output):
        waiting = threading.Thread(
            target=lambda: (locked(output, said.append).__enter__(), order.append("second"))
        )
        waiting.start()
        time.sleep(0.3)
        order.append("first done")
    waiting.join(timeout=5)
    assert order == ["first done", "second"]
    assert said and "waiting" in said[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_one_line_and_the_site_is_untouched(
    lessons_dir: Path, tmp_path: Path
) -> None:
    parent = tmp_path / "out"
    output = parent / "site"
    _build(lessons_dir, output)
    before = sorted(p.name for p in output.iterdir())
    parent.chmod(0o555)
    try:
        with pytest.raises(BuildError, match="cannot write the site beside .*: permission denied"):
            _build(lessons_dir, output)
    finally:
        parent.chmod(0o755)
    assert sorted(p.name for p in output.iterdir()) == before


def test_a_full_disk_is_one_line_without_a_traceback(lessons_dir: Path, tmp_path: Path) -> None:
    """The command line, with every write failing as on a full disk."""
    script = f"""
import builtins, errno, io, sys
from courseware.cli import main
real = io.open
def full(file, mode="r", *args, **kwargs):
    if ("w" in mode or "a" in mode) and str(file).startswith({str(tmp_path / "out")!r}):
        raise OSError(errno.ENOSPC, "No space left on device")
    return real(file, mode, *args, **kwargs)
io.open = builtins.open = full
sys.argv = ["build.py", "--lessons", {str(lessons_dir)!r}, "-o", {str(tmp_path / "out/site")!r}]
main()
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "the disk is full" in result.stderr
    assert not (tmp_path / "out" / "site").exists()


def _rebuild(lessons_dir: Path, output: Path) -> None:
    """A build that keeps its manifest, so a rebuild renames only changed pages into place."""
    build_site(
        output,
        project_root=lessons_dir.parent / "project",
        lessons_dir=lessons_dir,
        config={"COURSEWARE_CACHE_DIR": lessons_dir.parent / "cache", "COURSEWARE_WORKERS": 1},
    )


def test_a_record_naming_files_outside_the_site_deletes_nothing_there(
    lessons_dir: Path, tmp_path: Path
) -> None:
    # The site folder may be a checkout of a gh-pages branch that others commit to.
    output = tmp_path / "out" / "site"
    _rebuild(lessons_dir, output)
    beside, absolute = tmp_path / "beside.txt", tmp_path / "absolute.txt"
    beside.write_text("mine")
    absolute.write_text("mine")
    record = json.loads((output / RECORD).read_text())
    record["files"] += ["../../beside.txt", str(absolute), "basics/../../../beside.txt"]
    (output / RECORD).write_text(json.dumps(record))
    _rebuild(lessons_dir, output)
    assert beside.read_text() == "mine" and absolute.read_text() == "mine"
    assert (output / "basics/hello/index.html").is_file()


def test_a_rebuild_does_not_write_through_a_symlinked_folder_in_the_site(
    lessons_dir: Path, tmp_path: Path, write: object
) -> None:
    output = tmp_path / "out" / "site"
    _rebuild(lessons_dir, output)
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("mine")
    shutil.rmtree(output / "basics" / "hello")
    (output / "basics" / "hello").symlink_to(elsewhere)
    lesson = lessons_dir / "01-basics/01-hello.md"
    lesson.write_text(lesson.read_text().replace("Hello, *world*", "Hi, *world*"))
    with pytest.raises(BuildError, match="basics/hello.* symbolic link"):
        _rebuild(lessons_dir, output)
    assert (elsewhere / "index.html").read_text() == "mine"
    assert (output / "basics" / "hello").is_symlink()


@pytest.mark.parametrize("inside", ["site", "03-site", "01-basics/site"])
def test_a_site_folder_inside_the_lessons_is_refused(
    lessons_dir: Path, tmp_path: Path, inside: str
) -> None:
    # Its pages would be read as lessons by the next build, which then fails.
    with pytest.raises(BuildError, match="inside the lessons folder"):
        _build(lessons_dir, lessons_dir / inside)
    assert not (lessons_dir / inside).exists()


def test_leftovers_of_another_folder_whose_name_the_output_matches_as_a_pattern_stay(
    lessons_dir: Path, tmp_path: Path
) -> None:
    # The staging leftovers were found with glob(), so "s*" matched ".site.tmp-1", which
    # another folder's build may be writing, and "site[1]" never found its own.
    other = tmp_path / ".site.tmp-1"
    other.mkdir()
    (other / "page.html").write_text("another build's")
    _build(lessons_dir, tmp_path / "s*")
    assert (other / "page.html").read_text() == "another build's"
    own = tmp_path / ".site[1].tmp-1"
    own.mkdir()
    _build(lessons_dir, tmp_path / "site[1]")
    assert not own.exists()
