"""Turn someone else's lesson into a course folder: ``python build.py import KIND SOURCE``.

Two kinds of source are understood: a Carpentries lesson (:mod:`.carpentries`; a Workbench
one, or an older Jekyll one, which :mod:`.jekyll` first rewrites as a Workbench lesson) and an
MkDocs site (:mod:`.mkdocs`). Both write chapters, lessons, ``course.yml``, copied
images and files, and ``_import/IMPORT.md``, which lists every change made, file by file.
This package imports nothing from the rest of the engine but :mod:`courseware.errors`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BuildError
from .common import CourseWriter, ImportResult

KINDS = ("carpentries", "mkdocs")


def import_lesson(kind: str, source: Path, output: Path, *, force: bool = False) -> ImportResult:
    """Read the lesson in ``source`` and write it as a course into ``output``."""
    if not source.is_dir():
        raise BuildError(f"{source} is not a folder")
    writer = CourseWriter(output, source, force)
    if kind == "carpentries":
        from .carpentries import import_carpentries

        return import_carpentries(source, writer)
    if kind == "mkdocs":
        from .mkdocs import import_mkdocs

        return import_mkdocs(source, writer)
    raise BuildError(f"unknown kind of lesson '{kind}'; choose one of: {', '.join(KINDS)}")


__all__ = ["KINDS", "ImportResult", "import_lesson"]
