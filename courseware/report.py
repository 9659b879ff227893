"""Diagnostics for machines: JSON for editors and scripts, annotations for GitHub Actions.

The one-line ``file:line: message`` form is :meth:`Diagnostic.__str__`; these are the same
diagnostics for tools that place them on the right line of the right file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .errors import Diagnostic


def as_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    """``{file, line, column?, severity, message}``; ``line`` 0 means the whole file."""
    found: dict[str, Any] = {"file": diagnostic.path, "line": diagnostic.line}
    if diagnostic.column:
        found["column"] = diagnostic.column
    found["severity"] = str(diagnostic.severity)
    found["message"] = diagnostic.message
    return found


def as_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON list of :func:`as_dict` objects, one per diagnostic, in order."""
    return json.dumps([as_dict(d) for d in diagnostics], ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value (``escapeProperty``): ``:`` and ``,`` too."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(diagnostic: Diagnostic) -> str:
    """``::error file=…,line=…,col=…::message``: GitHub shows it on the file's line."""
    command = "error" if diagnostic.is_error else "warning"
    properties = [f"file={_escape_property(diagnostic.path)}"]
    if diagnostic.line:
        properties.append(f"line={diagnostic.line}")
        if diagnostic.column:
            properties.append(f"col={diagnostic.column}")
    return f"::{command} {','.join(properties)}::{_escape_data(diagnostic.message)}"
