"""Give the test beside this file the solution's app instead of the example's.

Not part of the answer: in your own copy, the test goes into ``test_testable_app.py`` and the
fixtures of ``examples/conftest.py`` already build your changed app.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from flask import Flask

_spec = importlib.util.spec_from_file_location(
    "count_notes_solution", Path(__file__).with_name("testable_app.py")
)
assert _spec is not None and _spec.loader is not None
solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solution)


@pytest.fixture
def app() -> Flask:
    """The solution's app, in testing mode, fresh for every test."""
    app = solution.create_app()
    app.config.update(TESTING=True)
    return app
