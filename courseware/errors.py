"""Problems found in a course, reported the way a compiler reports them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, with the line it is on (1-based; 0 when it concerns the file)."""

    path: str  #: path as the instructor knows it, e.g. ``lessons/02-mvc/01-what-is-mvc.md``
    line: int
    message: str
    severity: Severity = Severity.ERROR
    #: 1-based column of the mistake on its line, when known (0: unknown); shown by
    #: ``check --format json`` and in GitHub annotations, not in the one-line form
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return f"{where}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class CoursewareError(Exception):
    """Base class of the errors this package raises on purpose."""


class ContentError(CoursewareError):
    """A file under ``lessons/`` cannot be read; carries the file and line to fix."""

    def __init__(self, path: str | Path, line: int, message: str, column: int = 0) -> None:
        self.diagnostic = Diagnostic(str(path), line, message, column=column)
        super().__init__(str(self.diagnostic))

    @property
    def path(self) -> str:
        return self.diagnostic.path

    @property
    def line(self) -> int:
        return self.diagnostic.line


class BuildError(CoursewareError):
    """The static build cannot go on; the message says why and what to do."""


class CheckFailed(BuildError):
    """The checker found errors, so nothing was built."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = sum(d.is_error for d in diagnostics)
        super().__init__(f"{errors} error(s) in the lessons; nothing was built.")
