"""What the Markdown extensions learn about the lesson being rendered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import Diagnostic, Severity
from ..model import Exercise, Link, Section


@dataclass
class RenderState:
    """Mutable scratch space for one conversion; turned into a frozen ``Rendered`` at the end."""

    lessons_dir: Path
    relpath: str  #: the lesson file under lessons/
    source: str  #: the file as shown in messages
    lang_prefix: str  #: "" or "es/": where this language's pages live
    body_line: int  #: file line of the body's first line
    inline: Callable[[str], str]
    #: translates the words blocks add (labels of quizzes, exercises...) into the lesson's language
    tr: Callable[[str], str] = str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    exercises: list[Exercise] = field(default_factory=list)
    glossary_refs: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    words: int = 0
    quizzes: int = 0
    #: examples (files or packages under lessons/) that code blocks show and learners can run
    examples: list[str] = field(default_factory=list)
    #: each quiz's fence line and what a translation must keep (see translations.quiz_shape)
    quiz_shapes: list[tuple[int, str]] = field(default_factory=list)
    instructor_notes: int = 0
    #: the course's ``trusted_html: true``: raw HTML is used as written (see sanitise.py)
    trusted_html: bool = False
    #: the course's ``check_code_runs: true``: report code blocks that nothing runs
    check_code_runs: bool = False
    embeds: tuple[str, ...] = ()  #: hosts lessons may embed with ``<iframe>``
    images: tuple[str, ...] = ()  #: hosts lessons may show images from
    body: str = ""  #: the lesson text, to find the line of what a processor reports

    def line_of(self, text: str) -> int:
        """The file line of the first line of the body that contains ``text``."""
        for index, line in enumerate(self.body.split("\n")):
            if text in line:
                return self.body_line + index
        return self.body_line

    def problem(self, line: int, message: str, *, warning: bool = False, column: int = 0) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.diagnostics.append(Diagnostic(self.source, line, message, severity, column))

    def error(self, body_index: int, message: str, column: int = 0) -> None:
        """Report a problem on a line given as a 0-based index into the body."""
        self.problem(self.body_line + body_index, message, column=column)


class StateOwner:
    """Holds the state of the conversion under way; the extensions are built once and share it."""

    state: RenderState


class UsesState:
    """For the Markdown processors: the state of the conversion under way, through the
    renderer that owns them (they are built once; the state is new for every lesson)."""

    owner: StateOwner

    @property
    def state(self) -> RenderState:
        return self.owner.state
