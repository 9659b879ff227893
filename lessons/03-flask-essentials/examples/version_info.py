"""Which versions of Flask and its Pallets companions are installed, and under which licence."""

from __future__ import annotations

import platform
from importlib.metadata import PackageMetadata, metadata

from flask import Flask

# The Pallets projects Flask is built from, by their names on PyPI.
PALLETS_PACKAGES = ("flask", "werkzeug", "jinja2", "click", "itsdangerous", "markupsafe")


# --8<-- [start:metadata]
def licence_of(meta: PackageMetadata) -> str:
    """The licence a package declares: a modern SPDX expression or an older classifier."""
    if expression := meta.get("License-Expression"):
        return expression
    classifiers = meta.get_all("Classifier") or []
    licences = [c.split(" :: ")[-1] for c in classifiers if c.startswith("License ::")]
    return ", ".join(licences) or "not stated"


def package_info(name: str) -> dict[str, str | None]:
    """Name, version, supported Pythons and licence, read from installed package metadata."""
    meta = metadata(name)
    return {
        "name": meta["Name"],
        "version": meta["Version"],
        "requires_python": meta.get("Requires-Python"),
        "licence": licence_of(meta),
    }


# --8<-- [end:metadata]


# --8<-- [start:app]
app = Flask(__name__)


@app.get("/")
def versions() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "packages": [package_info(name) for name in PALLETS_PACKAGES],
    }


if __name__ == "__main__":
    print(f"Python {platform.python_version()}")
    for name in PALLETS_PACKAGES:
        info = package_info(name)
        print(
            f"{info['name']:<13}{info['version']:<9}"
            f"Python {info['requires_python']:<7}{info['licence']}"
        )
# --8<-- [end:app]
