"""One pass over a lesson's lines that knows their true line numbers.

Quizzes are turned into HTML and include lines are expanded here, before Markdown sees the
text, because both report problems by line and both change how many lines there are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markdown.preprocessors import Preprocessor

from .code_runs import is_run, norun_reason, unrun_message, watched, without_norun
from .divs import has_divs, rewrite_divs
from .includes import INCLUDE, IncludeError, read_include, resolve
from .literal import check_literal
from .quiz import parse_quiz_tree, quiz_html, quiz_shape
from .quiz_keys import quiz_key_problems
from .runnable import (
    check_html,
    check_unit,
    example_unit,
    parse_check_info,
    runnable_fence_line,
    solution_folder,
    wants_run,
)
from .scan import Fence, code_lines, iter_fences
from .state import UsesState
from .structure import check_structure

if TYPE_CHECKING:
    from .state import StateOwner


class DivPreprocessor(UsesState, Preprocessor):
    """Rewrite Pandoc fenced divs (``::: challenge``) as the engine's blocks, line for line."""

    def __init__(self, md, owner: StateOwner) -> None:  # noqa: ANN001 - Markdown's type
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        if not has_divs(lines):
            return lines
        state = self.state
        lines, findings = rewrite_divs(lines, state.tr)
        for finding in findings:
            state.problem(
                state.body_line + finding.index,
                finding.message,
                warning=finding.warning,
                column=finding.column,
            )
        return lines


class SourcePreprocessor(UsesState, Preprocessor):
    """Expand ``--8<--`` includes and render ```` ```quiz ```` fences."""

    def __init__(self, md, owner: StateOwner) -> None:  # noqa: ANN001 - Markdown's type
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        self._report_mistakes(lines)
        if not any(("```" in line or "~~~" in line or "--8<--" in line) for line in lines):
            return lines
        fences = {fence.start: fence for fence in iter_fences(lines)}
        out: list[str] = []
        index = 0
        current: Fence | None = None  # the code block being copied
        opening = 0  # where its opening line is in ``out``
        unit: str | None = None  # the example it shows, if it can run
        included = False  # whether it includes a file
        while index < len(lines):
            fence = fences.get(index)
            if fence is not None and fence.lang in ("quiz", "check"):
                out.append(
                    self._quiz(lines, fence) if fence.lang == "quiz" else self._check(lines, fence)
                )
                index = fence.end + 1
                continue
            line = lines[index]
            if fence is not None:
                current, opening, included = fence, len(out), False
                unit = "inline" if wants_run(fence) else None
                out.append(without_norun(line) if "norun" in line else line)
            elif current is not None and index >= current.end:
                out.append(line)
                self._account_for(lines, current, included)
                if unit:
                    out[opening] = runnable_fence_line(out[opening], current, unit)
                current = None
            else:
                match = INCLUDE.match(line) if "--8<--" in line else None
                if match:
                    text, relpath = self._include(index, match)
                    out.extend(text)
                    included = included or current is not None
                    found = example_unit(self.state.lessons_dir, relpath) if relpath else None
                    if current is not None and unit is None and found:
                        unit = found
                        self.state.examples.append(found)
                else:
                    out.append(line)
            index += 1
        return out

    def _account_for(self, lines: list[str], fence: Fence, included: bool) -> None:
        """With ``check_code_runs``, report a code block that nothing runs (see code_runs)."""
        state = self.state
        if not state.check_code_runs:
            return
        code = lines[fence.start + 1 : fence.end]
        lang = fence.lang
        if not watched(lang, code) or norun_reason(lines[fence.start]) is not None:
            return
        if not is_run(lang, code, included=included, run=wants_run(fence)):
            state.problem(state.body_line + fence.start, unrun_message(lang), warning=True)

    def _report_mistakes(self, lines: list[str]) -> None:
        """Report what Markdown would render wrong without a word (see structure, literal)."""
        state = self.state
        findings = check_structure(lines, state.body_line) + check_literal(lines, code_lines(lines))
        for finding in findings:
            state.problem(
                state.body_line + finding.index,
                finding.message,
                warning=finding.warning,
                column=finding.column,
            )

    def _include(self, index: int, match) -> tuple[list[str], str | None]:  # noqa: ANN001 - re.Match
        state = self.state
        try:
            _, relpath = resolve(state.lessons_dir, state.relpath, match["file"])
            text = read_include(state.lessons_dir, state.relpath, match["file"], match["section"])
        except IncludeError as exc:
            state.error(index, str(exc))
            return [match.string], None
        indent = match["indent"]
        return [indent + line if line else "" for line in text.split("\n")], relpath

    def _check(self, lines: list[str], fence: Fence) -> str:
        """An exercise's checks (```` ```check examples/app.py ````), for the playground."""
        state = self.state
        width = len(fence.indent)
        code = "\n".join(line[width:] for line in lines[fence.start + 1 : fence.end])
        try:
            info = parse_check_info(fence.info)
            unit = check_unit(state.lessons_dir, state.relpath, info.target)
            if info.solution is not None:
                solution_folder(state.lessons_dir, state.relpath, info.solution)
        except IncludeError as exc:
            state.error(fence.start, str(exc))
            return fence.indent
        if info.solution is None:
            state.problem(
                state.body_line + fence.start,
                "this check names no reference solution, so nothing tests it; add "
                "solution=FOLDER with the files a right answer changes",
                warning=True,
            )
        state.examples.append(unit)
        try:
            compile(code, "check", "exec")
        except SyntaxError as exc:
            state.error(
                fence.start + (exc.lineno or 0), f"the check is not valid Python: {exc.msg}"
            )
        return fence.indent + self.md.htmlStash.store(check_html(code, unit))

    def _quiz(self, lines: list[str], fence) -> str:  # noqa: ANN001 - scan.Fence
        state = self.state
        if fence.end >= len(lines):
            state.error(fence.start, "this quiz block is never closed: add a closing ``` line")
        width = len(fence.indent)
        body = "\n".join(
            line[width:] if not width or line[:width].isspace() else line.lstrip()
            for line in lines[fence.start + 1 : fence.end]
        )
        first_line = state.body_line + fence.start + 1
        questions, problems, tree = parse_quiz_tree(body, first_line)
        for problem in problems:
            state.problem(problem.line, problem.message, warning=problem.warning)
        for key in quiz_key_problems(body, first_line, tree):
            state.problem(
                first_line + key.line, key.message, warning=key.warning, column=key.column
            )
        state.quizzes += 1
        state.quiz_shapes.append((first_line - 1, quiz_shape(questions)))
        if not questions or any(not problem.warning for problem in problems):
            message = state.tr("This quiz has errors; run the checker to see them.")
            html = f'<p class="content-error">{message}</p>'
        else:
            html = quiz_html(questions, state.quizzes, state.inline, state.tr, state.relpath)
        return fence.indent + self.md.htmlStash.store(html)
