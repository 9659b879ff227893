"""Files of the caches (rendered lessons, parsed sources, search blocks): each one only ever a
shortcut, so one that cannot be read or written costs time, never a failed build."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path


def read_pickle(file: Path) -> object | None:
    """What a cache file holds, or ``None`` when it cannot be had for any reason.

    A cache entry is only ever a shortcut: one written by another version (a class that moved,
    ModuleNotFoundError), cut short (EOFError), damaged (ValueError, UnpicklingError) or too big
    for memory now (MemoryError) means rendering again, never a failed start.
    """
    try:
        with file.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # MemoryError and every unpickling error included: see above
        return None


def write_pickle(file: Path, value: object) -> None:
    write_bytes(file, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def write_bytes(file: Path, data: bytes) -> None:
    """Write ``data`` to ``file`` whole or not at all; a cache that cannot be written only
    costs time, so a failure is ignored (and its half-written temporary file removed)."""
    handle = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=file.parent, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, file)
    except OSError:
        if handle is not None:
            Path(handle.name).unlink(missing_ok=True)
