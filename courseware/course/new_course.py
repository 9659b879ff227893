"""``courseware new-course DIR``: a minimal course repository that checks, builds and publishes."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import BuildError

#: The files of a new course, as the package ships them (dot names without their dot).
SKELETON = Path(__file__).resolve().parent.parent / "skeleton"
#: Names the package cannot ship as they are, and what they become in the course.
RENAMED = {"gitignore": ".gitignore", "github": ".github"}


def new_course(folder: Path) -> list[Path]:
    """Write the skeleton course into ``folder`` (new or empty); returns the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError(f"{folder} is not an empty folder; choose a new one")
    written = []
    for source in sorted(SKELETON.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        parts = source.relative_to(SKELETON).parts
        target = folder.joinpath(*(RENAMED.get(part, part) for part in parts))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    return written
