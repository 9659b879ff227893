"""The playground's code editor: CodeMirror 6 from the npm registry, bundled by esbuild.

``package.json`` pins the packages and ``package-lock.json`` every package they bring, so
``npm ci`` installs the same bytes each time; ``editor.js`` is the entry that esbuild bundles,
with everything it imports, into one minified ES module. Its name carries a digest of its
bytes, so browsers may cache it for good. Nothing is installed into the project: npm works in
a scratch folder.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from ...errors import BuildError

HERE = Path(__file__).parent
#: esbuild's command, inside the scratch folder's ``node_modules``.
ESBUILD = Path(".bin") / "esbuild"


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise BuildError(
            f"{' '.join(command[:2])} failed while bundling the playground's editor:\n"
            f"{result.stderr.strip()[-2000:]}"
        )


def bundle(npm: str, scratch: Path, output: Path) -> Path:
    """Install the pinned packages in ``scratch`` and write ``output/editor-<digest>.mjs``."""
    work = scratch / "editor"
    work.mkdir()
    for name in ("package.json", "package-lock.json", "editor.js"):
        shutil.copy2(HERE / name, work / name)
    # --ignore-scripts: no package runs code at install; esbuild's binary comes from its
    # platform package, which the lock file pins like the rest.
    _run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"], work)
    bundled = work / "editor.mjs"
    _run(
        [
            str(work / "node_modules" / ESBUILD),
            "editor.js",
            "--bundle",
            "--format=esm",
            "--minify",
            "--target=es2020",
            f"--outfile={bundled.name}",
        ],
        work,
    )
    data = bundled.read_bytes()
    output.mkdir(parents=True, exist_ok=True)
    target = output / f"editor-{hashlib.sha256(data).hexdigest()[:12]}.mjs"
    target.write_bytes(data)
    return target
