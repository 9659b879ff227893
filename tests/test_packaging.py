"""The engine as a package: a wheel installed outside the repository starts, checks and builds a
course of its own, whose templates override the engine's file by file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from courseware.config import PROJECT_ROOT
from courseware.course.new_course import new_course
from courseware.errors import BuildError


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result.stdout + result.stderr


def test_new_course_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError, match="not an empty folder"):
        new_course(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_course_writes_dot_files_and_a_pages_workflow(tmp_path: Path) -> None:
    new_course(tmp_path / "course")
    course = tmp_path / "course"
    assert (course / ".gitignore").is_file()
    assert "pip install courseware" in (course / ".github/workflows/pages.yml").read_text()
    assert (course / "lessons/course.yml").is_file()
    assert "courseware serve" in (course / "README.md").read_text()


@pytest.mark.slow
def test_installed_wheel_builds_a_new_course_with_a_template_override(tmp_path: Path) -> None:
    # A copy of the checkout, so that neither pip's build folders nor a root build.py interfere.
    source = tmp_path / "source"
    shutil.copytree(
        PROJECT_ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", ".cache", "site", "__pycache__", "playground", "*.egg-info", "tests"
        ),
    )
    wheels = tmp_path / "wheels"
    run(
        [sys.executable, "-m", "pip", "wheel", str(source), "-w", str(wheels), "--no-deps", "-q"],
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("courseware-*.whl")
    # A fresh environment that borrows the current one's packages (its dependencies, offline)
    # through a .pth file; that file adds folders without running their .pth files, so the
    # editable install of this checkout stays out, and only the wheel is installed.
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    site = run([str(python), "-c", "import site; print(site.getsitepackages()[0])"], tmp_path)
    borrowed = "\n".join(p for p in sys.path if p.endswith("-packages"))
    (Path(site.strip()) / "borrowed.pth").write_text(borrowed + "\n", encoding="utf-8")
    run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        cwd=tmp_path,
        env=env,
    )
    courseware = venv / "bin" / "courseware"
    where = run([str(python), "-c", "import courseware; print(courseware.__file__)"], tmp_path)
    assert where.strip().startswith(site.strip()), where

    run([str(courseware), "new-course", "my-course"], cwd=tmp_path, env=env)
    course = tmp_path / "my-course"
    run([str(courseware), "check"], cwd=course, env=env)
    run([str(courseware)], cwd=course, env=env)
    home = (course / "site" / "index.html").read_text(encoding="utf-8")
    assert "My course" in home
    assert (course / "site" / "first-steps" / "welcome" / "index.html").is_file()
    assert (course / "site" / "static" / "css" / "pages.css").is_file()

    (course / "templates").mkdir()
    (course / "templates" / "_footer.html").write_text(
        '<footer class="site-footer"><p>Our own footer</p></footer>\n', encoding="utf-8"
    )
    (course / "static" / "css").mkdir(parents=True)
    (course / "static" / "css" / "extra.css").write_text("p{color:red}\n", encoding="utf-8")
    run([str(courseware)], cwd=course, env=env)
    home = (course / "site" / "index.html").read_text(encoding="utf-8")
    assert "Our own footer" in home
    assert (course / "site" / "static" / "css" / "extra.css").is_file()
