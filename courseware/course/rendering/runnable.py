"""Which code blocks learners can run in the browser, and the exercise checks that go with them.

A code block that includes a file of an ``examples/`` folder gets a ``data-example`` naming
the example it belongs to: the file itself, or the package (a folder with ``__init__.py``)
around it, so the playground opens the whole example, not just the part shown. A Python block
written in the lesson is runnable when its fence says so: ```` ```python run ````.

A ```` ```check examples/app.py ```` block inside an exercise holds assertions that the
playground runs against the learner's version of that example (``client`` is its test client,
``app`` the app), each ``assert`` reported as passed or failed with its message. Its fence can
name a reference solution, ```` ```check examples/app.py solution=examples/solutions/x ````: a
folder holding the files the learner changes, laid out as they sit beside the example. The
tests run every check on the example as given (it must fail) and with the solution's files put
in its place (it must pass), so a check is tested like any other code.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from .includes import (  # noqa: F401 - CheckInfo and parse_check_info are used from here
    MARKER,
    CheckInfo,
    IncludeError,
    lesson_bases,
    parse_check_info,
    resolve,
)
from .scan import Fence

RUNNABLE_SUFFIXES = (".py", ".html", ".css", ".js", ".txt", ".json")
#: Files an example reads that are not code to show: images, and the settings and revision
#: template of an Alembic migrations folder (``flask db upgrade`` reads ``alembic.ini``).
DATA_SUFFIXES = (".svg", ".ini", ".mako")
FENCE_INFO = re.compile(r"^(?P<lang>[\w+-]+)(?P<rest>.*)$")


def example_unit(lessons_dir: Path, relpath: str) -> str | None:
    """The example a file under lessons/ belongs to: the file, or its top package folder."""
    parts = relpath.split("/")
    if "examples" not in parts[:-1] or not relpath.endswith(RUNNABLE_SUFFIXES):
        return None
    name = parts[-1]
    if name.startswith(("test_", "conftest")):
        return None
    if "solutions" in parts[parts.index("examples") + 1 : -1]:
        return None  # a check's reference solution: only part of an example, not one to run
    root = lessons_dir.resolve()
    folder = (root / relpath).parent
    package = None
    while folder != root and folder.name != "examples":
        if (folder / "__init__.py").is_file():
            package = folder
        folder = folder.parent
    if package is not None:
        return package.relative_to(root).as_posix()
    return relpath if relpath.endswith(".py") else None


def package_markers(lessons_dir: Path, file: Path) -> list[Path]:
    """The ``__init__.py`` files whose presence decides which example ``file`` (a resolved
    path) belongs to (see :func:`example_unit`): adding one makes the folder a package."""
    root = lessons_dir.resolve()
    if not file.is_relative_to(root) or "examples" not in file.relative_to(root).parts[:-1]:
        return []
    markers = []
    folder = file.parent
    while folder != root and folder.name != "examples":
        markers.append(folder / "__init__.py")
        folder = folder.parent
    return markers


def runnable_fence_line(line: str, fence: Fence, unit: str) -> str:
    """The fence's opening line, in attribute form, with ``data-example`` added."""
    marks = line[: len(fence.indent)] + line[len(fence.indent) :].split(fence.info, 1)[0]
    info = fence.info.strip()
    match = FENCE_INFO.match(info)
    if info.startswith("{"):
        inner = info[1:-1].strip() if info.endswith("}") else info[1:]
        return f'{marks}{{{inner} data-example="{unit}"}}'
    lang = match["lang"] if match else "text"
    rest = (match["rest"] if match else "").strip()
    rest = re.sub(r"(?:^|\s)run(?=\s|$)", " ", rest).strip()
    return f'{marks}{{.{lang}{" " + rest if rest else ""} data-example="{unit}"}}'


def wants_run(fence: Fence) -> bool:
    """A Python block the author marked ```` ```python run ````."""
    words = fence.info.split()
    return bool(words) and words[0].lower() in ("python", "py") and "run" in words[1:]


def check_html(code: str, unit: str) -> str:
    """An exercise's checks: hidden text the playground turns into a "Check" button."""
    return (
        f'<div class="exercise-check" data-example="{html.escape(unit)}" hidden>'
        f'<pre><code class="language-python">{html.escape(code)}</code></pre></div>'
    )


def solution_folder(lessons_dir: Path, lesson_relpath: str, solution: str) -> Path:
    """The folder a check's ``solution=`` names, as seen from the lesson; IncludeError if none."""
    root = lessons_dir.resolve()
    for base in lesson_bases(lesson_relpath):  # a translation uses the original's solutions
        folder = (root / base / solution).resolve()
        if not folder.is_relative_to(root):
            raise IncludeError(f"solution '{solution}' is outside the lessons folder")
        if folder.is_dir():
            return folder
    raise IncludeError(
        f"solution folder '{solution}' does not exist; it holds the files the learner "
        "changes, laid out as they sit beside the example"
    )


def solution_files(folder: Path) -> dict[str, str]:
    """A solution folder's text files by relative path, to put over the example's own."""
    return {
        file.relative_to(folder).as_posix(): file.read_text(encoding="utf-8")
        for file in sorted(folder.rglob("*"))
        if file.is_file() and "__pycache__" not in file.parts
    }


def check_unit(lessons_dir: Path, lesson_relpath: str, target: str) -> str:
    """The example a check block names, as a unit; raises IncludeError when there is none."""
    target = target.strip()
    if not target:
        raise IncludeError("a check block names the example it checks: ```check examples/app.py")
    root = lessons_dir.resolve()
    for base in lesson_bases(lesson_relpath):  # a package: its folder with __init__.py
        folder = (root / base / target).resolve()
        if folder.is_relative_to(root) and (folder / "__init__.py").is_file():
            target = f"{target.rstrip('/')}/__init__.py"
            break
    _, resolved = resolve(lessons_dir, lesson_relpath, target)
    unit = example_unit(lessons_dir, resolved)
    if unit is None:
        raise IncludeError(f"'{target}' is not an example that can run (a .py file in examples/)")
    return unit


def unit_files(lessons_dir: Path, unit: str) -> dict[str, str]:
    """The text files of an example, by path relative to the example's folder.

    A package brings all its files. A single-file example brings the templates and static
    files it names (and the templates those extend or include), which Flask finds next to
    the module. The ``--8<--`` marker lines lessons use to show parts are left out.
    """
    root = lessons_dir.resolve()
    base = (root / unit).resolve()
    if not base.is_relative_to(root) or not base.exists():
        return {}
    folder = base.parent
    if base.is_dir():
        candidates = [file for file in sorted(base.rglob("*")) if _wanted(file, folder)]
        candidates += _tests_of(base)
    else:
        candidates = [base, *_referenced(base, folder)]
    files: dict[str, str] = {}
    for file in candidates:
        if not file.resolve().is_relative_to(root):
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        lines = text.split("\n")
        files[file.relative_to(folder).as_posix()] = "\n".join(
            line for line in lines if not MARKER.search(line)
        )
    return files


def _tests_of(package: Path) -> list[Path]:
    """The test files beside a package that import it (and their ``conftest.py``), so that
    an exercise asking for a test can see the learner's."""
    pattern = re.compile(rf"^\s*(?:from|import)\s+{re.escape(package.name)}\b", re.M)
    found = []
    for file in sorted(package.parent.glob("test_*.py")):
        try:
            if pattern.search(file.read_text(encoding="utf-8")):
                found.append(file)
        except (OSError, UnicodeDecodeError):
            continue
    conftest = package.parent / "conftest.py"
    if found and conftest.is_file() and pattern.search(conftest.read_text(encoding="utf-8")):
        found.append(conftest)
    return found


def _wanted(file: Path, folder: Path) -> bool:
    parts = file.relative_to(folder).parts
    return (
        file.is_file()
        and "__pycache__" not in parts
        and "instance" not in parts
        and file.name.endswith(RUNNABLE_SUFFIXES + DATA_SUFFIXES)
    )


def _referenced(module: Path, folder: Path) -> list[Path]:
    """Templates and static files a single-file example names, followed through templates."""
    found: list[Path] = []
    texts = [module.read_text(encoding="utf-8", errors="replace")]
    pool = [
        file
        for sub in ("templates", "static")
        if (folder / sub).is_dir()
        for file in sorted((folder / sub).rglob("*"))
        if _wanted(file, folder)
    ]
    while texts:
        text = texts.pop()
        for file in pool:
            name = file.relative_to(folder / file.relative_to(folder).parts[0]).as_posix()
            if file not in found and (f'"{name}"' in text or f"'{name}'" in text):
                found.append(file)
                if file.suffix == ".html":
                    texts.append(file.read_text(encoding="utf-8", errors="replace"))
    return sorted(found)


def entry_module(unit: str) -> str:
    """What to import to load an example: ``routing`` or the package name ``bookshelf``."""
    name = posixpath.basename(unit)
    return name[:-3] if name.endswith(".py") else name
