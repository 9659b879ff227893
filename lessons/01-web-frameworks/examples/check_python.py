"""Check that this computer is ready for the course's examples.

Run it from the repository root with::

    python lessons/01-web-frameworks/examples/check_python.py

It prints one line per check and exits with status 0 when the Python version is new enough.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

NEEDED = (3, 11)


# --8<-- [start:checks]
def python_is_new_enough(version_info: tuple[int, ...]) -> bool:
    """True for Python 3.11 or newer: the course's examples use features added in 3.11."""
    return tuple(version_info[:2]) >= NEEDED


def in_virtual_environment() -> bool:
    """Inside a virtual environment, sys.prefix points at it instead of the main Python."""
    return sys.prefix != sys.base_prefix


def flask_version() -> str | None:
    """The installed Flask's version, or None if Flask is not installed for this Python."""
    try:
        return version("flask")
    except PackageNotFoundError:
        return None


# --8<-- [end:checks]


# --8<-- [start:main]
def main(version_info: tuple[int, ...] = tuple(sys.version_info)) -> int:
    found = ".".join(str(part) for part in version_info[:3])
    if not python_is_new_enough(version_info):
        print(f"Python {found}: too old, this course needs Python 3.11 or newer.")
        return 1
    print(f"Python {found}: OK ({sys.executable})")

    if in_virtual_environment():
        print(f"Virtual environment: active ({sys.prefix})")
    else:
        print("Virtual environment: none active. Create and activate one before installing.")

    flask = flask_version()
    if flask is None:
        print("Flask: not installed for this Python yet.")
    else:
        print(f"Flask: {flask} installed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
# --8<-- [end:main]
