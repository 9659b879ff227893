"""Stamps of the files under ``lessons/``: how the preview tells that something changed.

A file's stamp is what ``stat`` says of it without reading it: its type, size, modification
and change times, and inode. Saving a file changes its stamp (an editor that writes a new file
and renames it over the old one changes the inode); so does a copy that keeps the old date,
through the change time, which no program can set. A folder's stamp changes whenever a file
is added to it, removed from it or renamed in it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

#: ``(type and mode, size, modification time, change time, inode)``, times in nanoseconds.
Stamp = tuple[int, int, int, int, int]


def stamp(path: Path | str) -> Stamp | None:
    """The stamp of ``path`` (following links), or ``None`` when there is nothing there."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):  # ValueError: a name with a NUL character
        return None
    return _stamp(found)


def _stamp(found: os.stat_result) -> Stamp:
    return (found.st_mode, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


@dataclass(frozen=True)
class Snapshot:
    """Every file under a lessons folder and every folder, each with its stamp, taken before
    any of them is read."""

    files: dict[str, Stamp] = field(default_factory=dict)
    folders: dict[str, Stamp] = field(default_factory=dict)
    fingerprint: str = ""  #: changes whenever any stamp does, or a file comes or goes

    def same_shape(self, other: Snapshot | None) -> bool:
        """Whether no file or folder was added, removed or renamed from ``other`` to this one
        (a folder's stamp changes with its entries, even when they change back)."""
        return (
            other is not None
            and self.folders == other.folders
            and self.files.keys() == other.files.keys()
        )


def snapshot(lessons_dir: Path) -> Snapshot:
    """Stamp every file and folder under ``lessons_dir`` (folders that are links are stamped,
    not entered)."""
    files: dict[str, Stamp] = {}
    folders: dict[str, Stamp] = {}
    stack = [str(lessons_dir)]
    while stack:
        folder = stack.pop()
        found = stamp(folder)
        if found is None:
            continue
        folders[folder] = found
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                        continue
                    try:
                        files[entry.path] = _stamp(entry.stat())
                    except OSError:  # gone meanwhile, or a broken link
                        continue
        except OSError:
            continue
    digest = hashlib.sha1(usedforsecurity=False)
    for kind, stamps in (("d", folders), ("f", files)):
        for path in sorted(stamps):
            line = f"{kind}\0{path}\0{stamps[path]}\n"
            digest.update(line.encode("utf-8", "surrogateescape"))
    return Snapshot(files, folders, digest.hexdigest())


def fingerprint(lessons_dir: Path) -> str:
    """A hash of every file's and folder's name and stamp under ``lessons_dir``."""
    return snapshot(lessons_dir).fingerprint
