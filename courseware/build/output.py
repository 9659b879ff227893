"""The site folder: written only by the build that owns it, replaced whole or not at all.

A build writes into a staging folder beside the output and swaps the two when everything
succeeded, so a failed build leaves the previous site as it was and a web server reading it
never sees it half-written. The folder holds a small record of the files the build wrote
(``.courseware-site.json``): a later build removes only those of them it no longer makes,
and keeps every other file (a ``CNAME`` for a custom domain, a file someone put there).
A folder with files and no such record was not made by us, and is refused.

When a build changes only a few pages (an edit, then a rebuild), assembling and swapping a
whole new folder costs more than the pages: :class:`Patch` freezes the changed pages into a
small staging folder instead and, once all of them are made, moves each into place with an
atomic rename, keeping a hard link to each file it replaces until all are in: a failure while
moving puts the previous files back. A reader sees each file old or new, never half-written.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import glob
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from unicodedata import normalize

from ..errors import BuildError

#: The record of what the build wrote; its presence means "this folder is ours".
RECORD = ".courseware-site.json"
#: Files or folders whose presence means "this is a project, not a build output".
PROJECT_MARKERS = (".git", "pyproject.toml", "lessons", "course.yml")


def check_output(output: Path, project_root: Path, lessons_dir: Path | None = None) -> Path:
    """Refuse output folders the build does not own (see the module's docstring), and any
    inside ``lessons_dir`` (the next build would read the site as lessons)."""
    output = Path(os.path.abspath(output))
    resolved = output.resolve()
    project = project_root.resolve()
    if resolved == project or project.is_relative_to(resolved):
        raise BuildError(f"refusing to build into {output}: it is the project folder or holds it")
    lessons = lessons_dir.resolve() if lessons_dir is not None else None
    if lessons is not None and resolved.is_relative_to(lessons):
        raise BuildError(
            f"refusing to build into {output}: it is inside the lessons folder {lessons_dir}, "
            "whose every folder is read as part of the course; choose a folder outside it"
        )
    if resolved.parent == resolved:
        raise BuildError("refusing to build into the root of the file system")
    if resolved.exists() and not resolved.is_dir():
        raise BuildError(f"refusing to build into {output}: it is a file, not a folder")
    if resolved.is_dir():
        for marker in PROJECT_MARKERS:
            if (resolved / marker).exists():
                raise BuildError(
                    f"refusing to build into {output}: it contains '{marker}', so it is not a "
                    "site folder; choose an empty or new folder"
                )
        if not (resolved / RECORD).is_file():
            names = sorted(entry.name for entry in resolved.iterdir())
            if names:
                shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
                raise BuildError(
                    f"refusing to build into {output}: it holds files that were not built "
                    f"here ({shown}); choose an empty or new folder, or empty this one"
                )
    return resolved


def written_before(output: Path) -> set[str]:
    """The files the previous build wrote into ``output`` (by path inside it).

    The record is a file in the site folder, which others may write to (a gh-pages branch):
    a name that leads out of the folder (``../x``, ``/home/x``) is not a file we wrote.
    """
    try:
        data = json.loads((output / RECORD).read_text(encoding="utf-8"))
        names = {normalize("NFC", name) for name in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {name for name in names if _plain(name)}


def _plain(name: str) -> bool:
    """Whether ``name`` is a path inside a folder, the way :func:`files_in` writes them."""
    path = PurePosixPath(name)
    return (
        bool(name)
        and not path.is_absolute()
        and "\\" not in name
        and path.as_posix() == name
        and ".." not in path.parts
    )


def outside(output: Path, relpath: str) -> Path | None:
    """The symbolic link that takes ``output/relpath`` out of ``output``, if one does."""
    root = output.resolve()
    folder = output
    for part in PurePosixPath(relpath).parent.parts:
        folder = folder / part
        if folder.is_symlink() and not folder.resolve().is_relative_to(root):
            return folder
    return None


def files_in(folder: Path) -> Iterator[str]:
    """Every file under ``folder``, by path relative to it, with ``/`` separators."""
    for parent, _, names in os.walk(folder):
        relative = Path(parent).relative_to(folder).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in names:
            yield normalize("NFC", prefix + name)


class Staging:
    """The new site, assembled beside the output and swapped in at the end."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.folder = output.parent / f".{output.name}.tmp-{os.getpid()}"
        self._made: set[Path] = set()

    def __enter__(self) -> Staging:
        pattern = f".{glob.escape(self.output.name)}.tmp-*"  # "site*" is a name, not a pattern
        for leftover in self.output.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)  # an interrupted earlier build
        with _os_errors(self.output.parent):
            self.folder.mkdir(parents=True)
        return self

    def __exit__(self, *exc_info: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def keep(self, relpath: str) -> None:
        """Carry a file of the current site into the new one, as a hard link (no copy)."""
        source, target = self.output / relpath, self.folder / relpath
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    def write(self, relpath: str, data: bytes) -> None:
        """Write a file of the build's own; the current one is kept if it is the same."""
        try:
            if (self.output / relpath).read_bytes() == data:
                self.keep(relpath)
                return
        except OSError:
            pass
        (self.folder / relpath).write_bytes(data)

    def record(self, files: set[str]) -> None:
        body = {"generator": "courseware", "files": sorted(files)}
        self.write(RECORD, json.dumps(body, indent=0).encode())

    def swap(self) -> None:
        """Put the new site where the output is; the old one is then removed."""
        output = self.output
        if not output.exists():
            self.folder.rename(output)
            return
        if not _exchange(self.folder, output):
            retired = output.parent / f".{output.name}.old-{os.getpid()}"
            output.rename(retired)
            try:
                self.folder.rename(output)
            except OSError:
                retired.rename(output)
                raise
            retired.rename(self.folder)
        shutil.rmtree(self.folder, ignore_errors=True)  # it holds the old site now


class Patch(Staging):
    """Only the changed files, made beside the output and renamed into place one by one."""

    def __init__(self, output: Path, ours_before: set[str]) -> None:
        super().__init__(output)
        self.ours_before = ours_before
        self.wanted: set[str] = set()

    def keep(self, relpath: str) -> None:
        """The file is already where it belongs."""

    def write(self, relpath: str, data: bytes) -> None:
        try:
            if (self.output / relpath).read_bytes() == data:
                return
        except OSError:
            pass
        target = self.folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def record(self, files: set[str]) -> None:
        self.wanted = set(files)
        super().record(files)

    def swap(self) -> None:
        """Move each new file into place (the record last), then remove the files of ours
        that this build no longer makes."""
        made = sorted(files_in(self.folder), key=lambda name: name == RECORD)
        for relpath in made:
            link = outside(self.output, relpath)
            if link is not None:
                raise BuildError(
                    f"refusing to write {self.output / relpath}: {link} is a symbolic link to "
                    "a folder outside the site; remove it and build again"
                )
        kept = self.folder.with_name(self.folder.name + "-old")  # the files being replaced
        placed: list[str] = []
        try:
            for relpath in made:
                target = self.output / relpath
                if target.is_file():
                    (kept / relpath).parent.mkdir(parents=True, exist_ok=True)
                    os.link(target, kept / relpath)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.folder / relpath, target)
                placed.append(relpath)
        except OSError:
            for relpath in placed:  # put the previous site back as it was
                old = kept / relpath
                if old.is_file():
                    os.replace(old, self.output / relpath)
                else:
                    (self.output / relpath).unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(kept, ignore_errors=True)
        for relpath in sorted(self.ours_before - self.wanted - {RECORD}):
            if outside(self.output, relpath) is not None:
                continue  # not in the site: someone else's file
            try:
                (self.output / relpath).unlink()
            except FileNotFoundError:
                continue
            parent = (self.output / relpath).parent
            while parent != self.output and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent


def clashes(new_files: Iterable[str], existing: set[str]) -> bool:
    """Whether a new file would need a folder where a file is, or a file where a folder is."""
    folders = {name.rsplit("/", 1)[0] for name in existing if "/" in name}
    folders |= {
        folder.rsplit("/", depth)[0]
        for folder in list(folders)
        for depth in range(1, folder.count("/") + 1)
    }
    for name in new_files:
        if name in folders:
            return True
        parts = name.split("/")
        if any("/".join(parts[:end]) in existing for end in range(1, len(parts))):
            return True
    return False


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``), so a web
    server reading the site never sees it missing. False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    return renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange) == 0


@contextmanager
def locked(output: Path, say: object = None) -> Iterator[None]:
    """One build at a time beside the output folder; a second one waits and says so.

    The lock is on the folder that holds the output, so nothing is left behind.
    """
    with _os_errors(output.parent):
        output.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(output.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if callable(say):
                say(f"Another build is writing beside {output}; waiting for it to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


@contextmanager
def _os_errors(folder: Path) -> Iterator[None]:
    """A file-system failure as one line that names the folder and the cause."""
    try:
        yield
    except OSError as exc:
        raise BuildError(write_error(folder, exc)) from None


def write_error(folder: Path, exc: OSError) -> str:
    causes = {
        errno.ENOSPC: "the disk is full",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EDQUOT: "the disk quota is exceeded",
    }
    cause = causes.get(exc.errno or 0, exc.strerror or str(exc))
    return f"cannot write the site beside {folder}: {cause}; the previous site was left as it was"
