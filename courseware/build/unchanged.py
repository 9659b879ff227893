"""Answer "nothing changed" before loading anything: the no-change rebuild.

A build records, beside its manifest, a digest of everything it could have read — every file
under ``lessons/``, the engine's code, templates and static files, the course folder's own,
the settings, the environment's ``FLASK_*`` variables, the instance config, library and Python
versions — taken *before* it read them, and the size and date of every file it wrote. When the
next build finds the same digest and its files untouched, the site is already what a full
build would make, and the build stops there: no Flask app, no index, no pages.

Only the standard library is imported here, so the answer costs a file walk, not the start-up
of the whole engine. Any doubt (a setting given in code, a missing record) means a full build.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..config import course_root, engine_dir

#: The engine's code.
PACKAGE = Path(__file__).resolve().parent.parent
#: Libraries whose version can change pages (the rendering ones included).
LIBRARIES = (
    "flask", "werkzeug", "jinja2", "markupsafe", "babel", "frozen-flask", "markdown",
    "pymdown-extensions", "pygments", "nh3", "pyyaml",
)  # fmt: skip
#: Files this large are compared by size and date rather than by content.
LARGE = 1 << 20
SKIPPED_FOLDERS = frozenset({"__pycache__", ".git", ".cache"})


class Inputs:
    """What a build from the command line reads, and where it records that it was done."""

    def __init__(
        self,
        output: Path,
        lessons_dir: Path | None,
        base_url: str | None,
        site_url: str | None,
        offline: bool,
        strict: bool,
    ) -> None:
        self.course = course_root()
        self.output = output.resolve()
        self.lessons_dir = (lessons_dir or self.course / "lessons").resolve()
        self.settings = {
            "output": str(self.output),
            "lessons": str(self.lessons_dir),
            "base_url": base_url,
            "site_url": site_url,
            "offline": offline,
            "strict": strict,
        }
        key = hashlib.sha256(str(self.output).encode()).hexdigest()[:16]
        #: in the default cache folder, beside the build's manifest
        self.stamp = self.course / ".cache" / "render" / "builds" / f"{key}.unchanged.json"

    @functools.cached_property
    def digest(self) -> str:
        """Taken once, before the build reads anything (the command line asks first).

        The files' hashes are remembered for the next build, and for this one's later looks
        at the same files (the engine's digest, files pages read)."""
        global _memo
        _memo = DigestMemo(self.stamp.parent / "digests.json")
        try:
            return inputs_digest(self.course, self.lessons_dir, self.settings)
        finally:
            _memo.save()


def file_digest(file: Path) -> str:
    """A file's content hash, or its size and date when it is large; "missing" when unreadable."""
    try:
        stat = file.stat()
        if stat.st_size > LARGE:
            return f"{stat.st_size}:{stat.st_mtime_ns}"
        if _memo is not None:
            return _memo.digest(file, stat)
        return hashlib.blake2b(file.read_bytes(), digest_size=12).hexdigest()
    except OSError:
        return "missing"


#: A file written less than this long before it is read may be written again without its
#: dates changing (file systems keep them to a tick, FAT's is two seconds): not remembered.
RACY_NS = 3_000_000_000


class DigestMemo:
    """Files' content hashes, remembered between builds with what ``stat`` said of each file.

    Every build hashes every file it could read (1,000 lessons are 15 MB); a file whose size,
    modification and change times and inode are those it had when it was hashed has the same
    content, so its hash is taken from here. The change time cannot be set back by a tool, and
    a file is remembered only once its dates are older than :data:`RACY_NS`, so a write in the
    same tick of the clock as the hashing is never missed.
    """

    def __init__(self, file: Path) -> None:
        self.file = file
        self.changed = False
        self.seen: set[str] = set()  #: what this build looked at: the rest is forgotten
        try:
            found = json.loads(file.read_text(encoding="utf-8"))
            self.known: dict[str, list[Any]] = found if isinstance(found, dict) else {}
        except (OSError, ValueError):
            self.known = {}

    def digest(self, path: Path, stat: os.stat_result) -> str:
        facts = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        name = str(path)
        self.seen.add(name)
        found = self.known.get(name)
        if isinstance(found, list) and found[:4] == facts and len(found) == 5:
            return str(found[4])
        digest = hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest()
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < time.time_ns() - RACY_NS:
            self.known[name] = [*facts, digest]
            self.changed = True
        return digest

    def save(self) -> None:
        """Keep what this build looked at (files deleted since, or read by another build of
        the course with other lessons, are not kept for ever)."""
        if self.seen != self.known.keys():
            self.known = {name: facts for name, facts in self.known.items() if name in self.seen}
            self.changed = True
        if not self.changed:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(f".tmp-{os.getpid()}")
            temporary.write_text(json.dumps(self.known, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, self.file)
            self.changed = False
        except OSError:
            pass  # the next build hashes the files again


#: The memo of this process's command-line build, once :attr:`Inputs.digest` has been taken.
_memo: DigestMemo | None = None


def hash_tree(hasher: Any, label: str, root: Path, *, runtime: bool = False) -> None:
    """Every file under ``root`` by path and :func:`file_digest`, in a stable order.

    ``runtime``: a static folder, whose playground runtime is named by its manifest alone.
    """
    # Top-down, folders pruned and sorted in place as the walk goes (sorting the whole walk
    # first would visit the skipped folders: a build's own __pycache__ then changed the digest).
    for parent, children, names in os.walk(root):
        children[:] = sorted(name for name in children if name not in SKIPPED_FOLDERS)
        here = Path(parent)
        if runtime and here == root / "playground":
            names = [name for name in names if name == "manifest.json"]  # the runtime's id
            children[:] = []
        for name in sorted(names):
            file = here / name
            relpath = file.relative_to(root).as_posix().encode("utf-8", "surrogateescape")
            hasher.update(b"\0" + label.encode() + b"/" + relpath + b"\0")
            hasher.update(file_digest(file).encode())


def inputs_digest(course: Path, lessons_dir: Path, settings: dict[str, Any]) -> str:
    """Everything a build of the course could read, as one digest."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(repr(sorted(settings.items())).encode())
    hasher.update(sys.version.encode())
    for library in LIBRARIES:
        try:
            hasher.update(f"{library}={version(library)}".encode())
        except PackageNotFoundError:
            hasher.update(f"{library}=none".encode())
    flask_variables = sorted((k, v) for k, v in os.environ.items() if k.startswith("FLASK_"))
    hasher.update(repr(flask_variables).encode())
    hash_tree(hasher, "lessons", lessons_dir)
    hash_tree(hasher, "courseware", PACKAGE)
    hash_tree(hasher, "templates", engine_dir("templates"))
    hash_tree(hasher, "static", engine_dir("static"), runtime=True)
    for name in ("templates", "static"):
        own = course / name
        if own.is_dir() and own.resolve() != engine_dir(name).resolve():
            hash_tree(hasher, f"course-{name}", own, runtime=name == "static")
    return hasher.hexdigest()


def output_state(output: Path, files: list[str]) -> str | None:
    """The size and date of each file the build wrote; None when one is missing."""
    hasher = hashlib.blake2b(digest_size=20)
    for name in files:
        try:
            stat = (output / name).stat()
        except OSError:
            return None
        hasher.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return hasher.hexdigest()


def _instance_digest(path: str) -> str:
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=20).hexdigest()
    except OSError:
        return "absent"


def save(
    stamp: Path,
    inputs: str,
    output: Path,
    files: list[str],
    instance_config: str,
    result: dict[str, Any],
) -> None:
    """Record a finished build (``inputs`` was taken before it read anything)."""
    state = output_state(output, files)
    if state is None:
        return
    body = {
        "inputs": inputs,
        "instance_config": [instance_config, _instance_digest(instance_config)],
        "files": files,
        "output": state,
        "result": result,
    }
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        temporary = stamp.with_suffix(f".tmp-{os.getpid()}")
        temporary.write_text(json.dumps(body, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, stamp)
    except OSError:
        pass  # the next build is only slower


def forget(stamp: Path) -> None:
    """A build is under way: until it finishes, nothing may be answered from the record."""
    try:
        stamp.unlink()
    except OSError:
        pass


def up_to_date(stamp: Path, inputs: str, output: Path) -> dict[str, Any] | None:
    """The last build's result when nothing it could read has changed and its files are
    untouched; else None (build)."""
    try:
        body = json.loads(stamp.read_text(encoding="utf-8"))
        if body["inputs"] != inputs:
            return None
        instance, digest = body["instance_config"]
        if _instance_digest(instance) != digest:
            return None
        if output_state(output, list(body["files"])) != body["output"]:
            return None
        return dict(body["result"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
