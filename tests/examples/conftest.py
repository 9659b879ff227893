"""Fixtures for testing the course's example apps, which live under ``lessons/``."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def _import(path: Path) -> ModuleType:
    """Import a single-file example or an example package under a unique module name."""
    relative = path.relative_to(LESSONS).with_suffix("")
    name = "course_example_" + "_".join(relative.parts).replace("-", "_")
    if path.is_dir():
        spec = importlib.util.spec_from_file_location(
            name, path / "__init__.py", submodule_search_locations=[str(path)]
        )
    else:
        spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot import {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def load_example() -> Iterator[Callable[[str], ModuleType]]:
    """Import an example by its path relative to ``lessons/``, e.g. ``"03-x/examples/app.py"``.

    Each test gets a fresh import, so module-level state (an in-memory list of notes, say)
    never leaks from one test into the next.
    """
    loaded: list[str] = []

    def load(relative: str) -> ModuleType:
        module = _import(LESSONS / relative)
        loaded.append(module.__name__)
        return module

    yield load
    for name in loaded:
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]
