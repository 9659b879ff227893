"""What every benchmark script shares: running commands with a time limit, sizes, tables.

Commands run in their own process group with stdout and stderr in files (no pipe can fill
up), and are killed, group and all, when they overrun their time limit.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: The checkout: build.py, courseware/, templates/ live here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUILD_PY = PROJECT_ROOT / "build.py"
#: Where corpora are kept between runs, so every script can reuse the same one.
DEFAULT_CORPUS_ROOT = Path(tempfile.gettempdir()) / "courseware-bench"
BUILT = re.compile(
    r"Built .*: (?P<files>\d+) files \((?P<changed>\d+) changed[^)]*\) in (?P<s>[\d.]+) s"
)
SNAPSHOT_HELP = "build with a copy of the code taken at the start, immune to edits meanwhile"
PACKAGES = ("Flask", "Frozen-Flask", "Markdown", "pymdown-extensions", "Pygments", "mkdocs")


CODE = ("courseware", "templates", "static")


def code_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A hash of the code under test (build.py, courseware/, templates/, static/)."""
    digest = hashlib.sha256()
    files = [root / "build.py"]
    for folder in CODE:
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    for file in files:
        if "__pycache__" in file.parts:
            continue
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()[:12]


def snapshot_code(dest: Path) -> Path:
    """Copy the code under test into ``dest``, so edits to the checkout cannot reach the run."""
    for folder in CODE:
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(PROJECT_ROOT / folder, dest / folder, ignore=ignore, dirs_exist_ok=True)
    shutil.copy2(BUILD_PY, dest / "build.py")
    # A checkout is recognised by its pyproject.toml: without it the engine would look for the
    # templates and static files where a wheel installs them (courseware/_data/).
    shutil.copy2(PROJECT_ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def code_note(before: str, root: Path = PROJECT_ROOT) -> str:
    """A line for the report: which code was measured, and a warning if it changed meanwhile."""
    after = code_fingerprint(root)
    where = "a snapshot of the checkout" if root != PROJECT_ROOT else str(root)
    if after == before:
        return f"Code measured: {where}, fingerprint {before} (build.py and {', '.join(CODE)})."
    return (
        f"**Warning: the code changed during the run** (fingerprint {before} before, {after} "
        "after), so some builds ran different code and the render cache may have been "
        "invalidated; run again on a checkout nobody is editing."
    )


def log(message: str) -> None:
    """Progress for the person waiting: stderr, so stdout stays a clean report."""
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Run:
    """A finished command."""

    seconds: float  #: wall time
    stdout: str
    stderr: str
    max_rss_kib: int  #: the largest resident set of the process or any child it waited for


class CommandFailed(RuntimeError):
    """A command exited with an error or overran its time limit."""


def kill_group(pid: int) -> None:
    """Kill the process group this script started as ``pid`` (``start_new_session=True``)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run(
    command: Sequence[str | Path],
    *,
    timeout: float,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Run:
    """Run ``command`` to completion and time it; raise :class:`CommandFailed` on failure."""
    argv = [str(part) for part in command]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True
        )
        killed = threading.Event()

        def overran() -> None:
            killed.set()
            kill_group(process.pid)

        timer = threading.Timer(timeout, overran)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if killed.is_set():
        raise CommandFailed(f"{argv[:3]}... did not finish in {timeout:.0f} s and was killed")
    if process.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-15:])
        raise CommandFailed(f"{' '.join(argv)} exited with {process.returncode}:\n{tail}")
    return Run(seconds, stdout, stderr, usage.ru_maxrss)


def ours_build(lessons: Path, output: Path, root: Path = PROJECT_ROOT) -> list[str | Path]:
    """The command that builds our static site with the code in ``root``."""
    return [sys.executable, root / "build.py", "--lessons", lessons, "--output", output]


def mkdocs_build(config: Path, output: Path) -> list[str | Path]:
    """The command that builds the MkDocs site of the same corpus."""
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", output]


def ours_env(cache_dir: Path) -> dict[str, str]:
    """The environment for a build whose render cache lives in ``cache_dir``.

    Python writes and reuses bytecode (``__pycache__``) as it does by default, even where the
    calling shell turned that off (``PYTHONDONTWRITEBYTECODE``): MkDocs' code was compiled when
    it was installed, so compiling ours on every run would not compare like with like.
    """
    env = {**os.environ, "FLASK_COURSEWARE_CACHE_DIR": str(cache_dir)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def built_line(stdout: str) -> tuple[int, int, float] | None:
    """``(files, changed, seconds)`` from our build's last line, if it printed one."""
    match = BUILT.search(stdout)
    return (int(match["files"]), int(match["changed"]), float(match["s"])) if match else None


@dataclass(frozen=True)
class TreeSize:
    bytes: int
    files: int
    html_bytes: int
    html_files: int


def tree_size(folder: Path) -> TreeSize:
    """Total and HTML-only bytes and file counts under ``folder``."""
    total = files = html_total = html_files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            total += size
            files += 1
            if path.suffix == ".html":
                html_total += size
                html_files += 1
    return TreeSize(total, files, html_total, html_files)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def human(size: int) -> str:
    """``"812 B"``, ``"76.3 KiB"``, ``"25.6 MiB"``."""
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.1f} KiB" if size < 2**20 else mib(size)


def fail(exc: Exception) -> SystemExit:
    """Turn a failed command or server into a one-paragraph error and exit status 1."""
    return SystemExit(f"{Path(sys.argv[0]).name}: {exc}")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; numbers right-aligned."""

    def cell(value: object) -> str:
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    text_rows = [[cell(value) for value in row] for row in rows]
    align = [
        "---:" if rows and isinstance(rows[0][n], int | float) else "---"
        for n in range(len(headers))
    ]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in text_rows]
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def machine_notes() -> str:
    """The facts a reader needs to compare these figures with their own."""
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return "\n".join(
        [
            f"- CPU: {_cpu_model()}, {os.cpu_count()} logical CPUs; RAM {_memory()}",
            f"- OS: {platform.platform()}; load average before the run: {load}",
            f"- Python {platform.python_version()} ({sys.executable})",
            f"- {'; '.join(versions)}",
        ]
    )


@contextmanager
def workdir(keep: Path | None, prefix: str) -> Iterator[Path]:
    """A scratch folder, removed afterwards unless the caller named one to keep."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        return
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def page_path(relpath: str) -> str:
    """``03-routing/07-testing-forms.md`` → ``routing/testing-forms/``, as our site publishes it."""
    chapter, lesson = relpath.split("/")
    return f"{chapter.split('-', 1)[1]}/{lesson[:-3].split('-', 1)[1]}/"
