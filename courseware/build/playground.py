"""``python build.py playground``: fetch Pyodide, Flask's wheels and the code editor for the
browser playground.

Everything comes from the package registries (npm for Pyodide and CodeMirror, PyPI for the
wheels) into ``static/playground/``, which git ignores; the static build then publishes it with
the site, so learners run examples with nothing fetched from any other host. Without this
folder the course works the same, without Run buttons.

Pure-Python wheels are used as published, pinned to the versions this project runs with.
Two are adapted: MarkupSafe has no pure wheel on PyPI, so one is made from its source (it
falls back to Python when its C speedups are missing); Bootstrap-Flask loses its bundled
static files, which the playground does not serve.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..config import course_root
from ..errors import BuildError
from .editor import bundle as bundle_editor

PYODIDE = "314.0.7"
#: The files of the npm package that a browser needs.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: Flask's stack, loaded on the first Run.
CORE = ("flask", "werkzeug", "jinja2", "itsdangerous", "click", "blinker", "markupsafe")
#: The extensions the course teaches, loaded when an example imports one.
EXTENSIONS = (
    "flask-wtf",
    "wtforms",
    "flask-login",
    "flask-sqlalchemy",
    "sqlalchemy",
    "typing-extensions",
    "bootstrap-flask",
    # Flask-Migrate for the production chapter's migrations; Alembic runs them, with Mako for
    # its revision templates (SQLite itself is built into Pyodide's Python).
    "flask-migrate",
    "alembic",
    "mako",
    # pytest, for exercises whose answer is a test: their checks run the learner's tests
    "pytest",
    "pluggy",
    "iniconfig",
    "packaging",
    "pygments",
)
#: Used when this environment does not have a package installed.
FALLBACK_VERSIONS = {
    "flask": "3.1.3",
    "werkzeug": "3.1.9",
    "jinja2": "3.1.6",
    "itsdangerous": "2.2.0",
    "click": "8.2.1",
    "blinker": "1.9.0",
    "markupsafe": "3.0.3",
    "flask-wtf": "1.3.0",
    "wtforms": "3.3.2",
    "flask-login": "0.6.3",
    "flask-sqlalchemy": "3.1.1",
    "sqlalchemy": "2.0.44",
    "typing-extensions": "4.15.0",
    "bootstrap-flask": "2.6.0",
    "flask-migrate": "4.1.0",
    "alembic": "1.20.1",
    "mako": "1.4.3",
}
OUTPUT = course_root() / "static" / "playground"


def _pinned(name: str) -> str:
    try:
        return f"{name}=={version(name)}"
    except PackageNotFoundError:
        return f"{name}=={FALLBACK_VERSIONS[name]}"


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise BuildError(f"{' '.join(command[:3])} failed:\n{result.stderr.strip()[-2000:]}")


def _record(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_pure_wheel(folder: Path, dist: str, version_: str, files: dict[str, bytes]) -> Path:
    """A ``py3-none-any`` wheel of ``files``; fixed dates, so the bytes are reproducible."""
    info = f"{dist}-{version_}.dist-info"
    contents = dict(files)
    contents[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version_}\n".encode()
    )
    contents[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: courseware\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    lines = [_record(name, data) for name, data in sorted(contents.items())] + [f"{info}/RECORD,,"]
    contents[f"{info}/RECORD"] = ("\n".join(lines) + "\n").encode()
    path = folder / f"{dist}-{version_}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name in sorted(contents):
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, contents[name])
    return path


def _markupsafe_wheel(sdist: Path, folder: Path) -> Path:
    files = {}
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            if "/src/markupsafe/" in member.name and member.isfile():
                name = member.name.split("/src/", 1)[1]
                if name.endswith((".py", "py.typed")):
                    files[name] = archive.extractfile(member).read()  # type: ignore[union-attr]
    if "markupsafe/__init__.py" not in files:
        raise BuildError(f"{sdist.name} does not hold MarkupSafe's Python sources")
    _, version_ = sdist.name.removesuffix(".tar.gz").rsplit("-", 1)
    return write_pure_wheel(folder, "markupsafe", version_, files)


def _without_static(wheel: Path, folder: Path) -> Path:
    with zipfile.ZipFile(wheel) as source:
        files = {
            name: source.read(name)
            for name in source.namelist()
            if "/static/" not in name and ".dist-info/" not in name
        }
    dist, version_ = wheel.name.split("-")[:2]
    return write_pure_wheel(folder, dist, version_, files)


def assemble(output: Path = OUTPUT, pyodide: str = PYODIDE) -> dict:
    """Download and lay out the playground's runtime; returns its manifest."""
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm is needed to fetch Pyodide from the npm registry; install Node.js")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        _run([npm, "pack", f"pyodide@{pyodide}", "--silent"], scratch)
        package = next(scratch.glob("pyodide-*.tgz"))
        runtime = scratch / "runtime"
        runtime.mkdir()
        with tarfile.open(package) as archive:
            for name in PYODIDE_FILES:
                member = archive.getmember(f"package/{name}")
                (runtime / name).write_bytes(archive.extractfile(member).read())  # type: ignore[union-attr]
        downloads = scratch / "downloads"
        downloads.mkdir()
        pure = [_pinned(name) for name in CORE + EXTENSIONS if name != "markupsafe"]
        pip = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--dest",
            str(downloads),
        ]
        _run(
            [
                *pip,
                "--only-binary=:all:",
                "--platform",
                "any",
                "--python-version",
                "3.14",
                "--implementation",
                "py",
                "--abi",
                "none",
                *pure,
            ],
            scratch,
        )
        _run([*pip, "--no-binary=:all:", _pinned("markupsafe")], scratch)
        wheels = scratch / "wheels"
        wheels.mkdir()
        for file in sorted(downloads.iterdir()):
            if file.name.startswith("markupsafe-") and file.name.endswith(".tar.gz"):
                _markupsafe_wheel(file, wheels)
            elif file.name.startswith("bootstrap_flask-"):
                _without_static(file, wheels)
            elif file.suffix == ".whl":
                shutil.copy2(file, wheels / file.name)
        editor = bundle_editor(npm, scratch, scratch / "editor-out")
        manifest = _manifest(pyodide, runtime, wheels, editor)
        staging = output.with_name(output.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        shutil.copytree(runtime, staging / "pyodide")
        shutil.copytree(wheels, staging / "wheels")
        shutil.copytree(editor.parent, staging / "editor")
        (staging / "manifest.json").write_text(
            json.dumps(manifest, indent=1, sort_keys=True) + "\n"
        )
        shutil.rmtree(output, ignore_errors=True)
        staging.rename(output)
    return manifest


def _manifest(pyodide: str, runtime: Path, wheels: Path, editor: Path) -> dict:
    def names(kind: tuple[str, ...]) -> list[str]:
        wanted = {name.replace("-", "_") for name in kind}
        return sorted(
            file.name
            for file in wheels.iterdir()
            if file.name.split("-")[0].lower().replace("-", "_") in wanted
        )

    def modules(names_: list[str]) -> list[str]:
        return sorted({module for name in names_ for module in top_level(wheels / name)})

    sizes = {f"pyodide/{file.name}": file.stat().st_size for file in sorted(runtime.iterdir())}
    sizes.update({f"wheels/{file.name}": file.stat().st_size for file in sorted(wheels.iterdir())})
    sizes[f"editor/{editor.name}"] = editor.stat().st_size
    return {
        "pyodide": pyodide,
        #: the code editor (CodeMirror), one fingerprinted ES module; the playground falls
        #: back to a plain text area without it
        "editor": f"editor/{editor.name}",
        "core": names(CORE),
        "extensions": names(EXTENSIONS),
        #: what an example imports that makes the worker load the extension wheels
        "extension_modules": modules(names(EXTENSIONS)),
        "bytes": sizes,
    }


def top_level(wheel: Path) -> set[str]:
    """The names a wheel's code is imported by: its top-level packages and modules."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    found = set()
    for name in names:
        first, _, rest = name.partition("/")
        if first.endswith((".dist-info", ".data")):
            continue
        if rest == "__init__.py" or (not rest and first.endswith(".py")):
            found.add(first.removesuffix(".py"))
    return found


def describe(manifest: dict) -> str:
    total = sum(manifest["bytes"].values())
    return (
        f"Pyodide {manifest['pyodide']} with {len(manifest['core'])} core and "
        f"{len(manifest['extensions'])} extension wheels, {total / 1e6:.1f} MB in {OUTPUT}"
    )


def installed() -> bool:
    return (OUTPUT / "manifest.json").is_file()
