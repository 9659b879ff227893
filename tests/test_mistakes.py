"""No instructor mistake reaches a learner silently: a corpus of real mistakes, each checked
through ``python build.py --lessons DIR check`` for its file, line, message and exit status.

Each case in ``tests/mistakes/`` is laid over the clean course in ``tests/mistakes/_course/``
(see the README there). A case that gives only warnings is one the build would publish, so its
pages are rendered too: none may show a raw block marker to learners.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from courseware import create_app
from courseware.cli import main

CORPUS = Path(__file__).parent / "mistakes"
LESSON = "lessons/01-basics/02-mistake.md"
#: What a learner must never see: the author's block syntax, printed as text.
RAW_MARKERS = ("!!!", "???", "```", ":::", "{.", "[[")


@dataclass(frozen=True)
class Case:
    name: str  #: a file (``NAME.md``) or folder under tests/mistakes/
    file: str = LESSON  #: where the problem is reported; "" when the case is valid
    line: int = 0
    message: str = ""  #: a fragment of the message
    status: int = 1  #: exit status of ``check``
    absent: str = ""  #: a fragment no diagnostic may contain (a wrong or misplaced report)
    pending: str = ""  #: why the case fails until another part of the pipeline changes


def warning_case(name: str, line: int, message: str, file: str = LESSON) -> Case:
    return Case(name, file, line, message, status=0)


def valid_case(name: str) -> Case:
    return Case(name, "", status=0)


CASES = [
    # -- blocks: exercises, hints, solutions, notes ------------------------------------
    Case(
        "hint-marker-indented-2-spaces.md",
        line=8,
        message="content whose indentation makes it fall out of its block: indent it by 4 "
        "spaces to keep it in the exercise",
        absent="not part of an exercise",
    ),
    Case(
        "hint-text-indented-2-spaces.md",
        line=9,
        message="content whose indentation makes it fall out of its block: indent it by 4 "
        "spaces to keep it in the hint",
    ),
    Case("solution-outside-exercise.md", line=7, message="'??? solution' is not part of an"),
    Case("hint-outside-exercise.md", line=7, message="'??? hint' is not part of an exercise"),
    Case("check-outside-exercise.md", line=7, message="'check' block is not part of an"),
    Case("fence-option-unquoted.md", line=7, message="options 'title=app.py' are not understood"),
    Case(
        "check-solution-missing.md",
        line=10,
        message="solution folder 'examples/solutions/home' does not exist",
    ),
    Case(
        "unknown-block-type.md",
        line=5,
        message="unknown block type 'exersice': did you mean 'exercise'?",
        absent="not part of an exercise",
    ),
    Case("unquoted-block-title.md", line=5, message="title of a block goes in double quotes"),
    Case("single-quoted-block-title.md", line=5, message="straight double quotes"),
    Case("empty-hint.md", line=8, message="'??? hint' is empty"),
    Case("unindented-line-leaks-solution.md", line=10, message="shows outside the solution"),
    warning_case("unindented-line-after-note.md", 7, "shows outside the note: indent it by 4"),
    Case("instructor-note-as-details.md", line=5, message="write '!!! instructor'"),
    Case("solution-shown-open.md", line=8, message="write '??? solution'"),
    warning_case("solution-before-hint.md", 11, "this hint comes after the solution (line 8)"),
    warning_case("exercise-without-title.md", 5, "this exercise has no title"),
    Case("block-marker-indented-as-code.md", line=8, message="learners see it as code"),
    Case("pandoc-div-not-closed.md", line=5, message="this '::: callout' is never closed"),
    Case("pandoc-div-closes-nothing.md", line=8, message="this ':::' closes no div"),
    # -- code --------------------------------------------------------------------------
    Case("unclosed-code-fence.md", line=7, message="this code block is never closed"),
    Case("closing-fence-indented-differently.md", line=10, message="indent both alike"),
    warning_case("unknown-code-language.md", 7, "'pyhton' is not a language"),
    Case("include-missing-file.md", line=8, message="'examples/nope.py' does not exist"),
    Case("include-missing-section.md", line=8, message="has no section 'nope'"),
    valid_case("included-file-with-windows-line-endings"),
    # -- headings ----------------------------------------------------------------------
    Case("level-1-heading.md", line=5, message="a level-1 heading"),
    Case("setext-level-1-heading.md", line=5, message="a level-1 heading"),
    warning_case("heading-levels-skip.md", 9, "heading levels skip from ## to ####"),
    Case("indented-heading.md", line=7, message="shows as text with its '#'"),
    # -- quizzes -----------------------------------------------------------------------
    Case("quiz-two-correct-in-single.md", line=6, message="'single' but has 2 correct options"),
    Case("quiz-no-correct-option.md", line=6, message="has no correct option"),
    warning_case("quiz-option-without-explain.md", 8, "option 1 has no 'explain'"),
    warning_case("quiz-unknown-key.md", 10, "'explanation' in a quiz option: did you mean"),
    Case("quiz-duplicate-key.md", line=8, message="'type' is given twice (first on line 7)"),
    warning_case("heading-inside-quiz.md", 6, "a heading inside a quiz is a YAML comment"),
    # -- links, images and the glossary ------------------------------------------------
    Case("image-without-alt.md", line=7, message="has no alt text"),
    Case("missing-image.md", line=7, message="the image 'images/cat.png' does not exist"),
    Case("root-absolute-missing-image.md", line=7, message="'/01-basics/images/cat.png' does"),
    valid_case("root-absolute-link.md"),
    Case("link-to-missing-lesson.md", line=5, message="points to a lesson that does not exist"),
    Case("link-to-missing-anchor.md", line=5, message="has no heading or anchor '#nowhere'"),
    Case("glossary-term-missing.md", line=5, message="'Waitress' is not in the glossary"),
    valid_case("glossary-link-in-summary.md"),
    Case("glossary-link-in-title.md", line=2, message="write 'Gunicorn' alone"),
    warning_case("backticks-in-title.md", 2, "'title' is shown exactly as typed"),
    Case(
        "chapter-summary-with-glossary-link",
        "lessons/01-basics/chapter.yml",
        2,
        "'summary' is shown exactly as typed",
    ),
    Case("lone-attribute-list.md", line=7, message="stands alone after a blank line"),
    Case("table-without-dashes.md", line=5, message="no line of dashes under its first row"),
    Case("footnote-without-note.md", line=5, message="the footnote '[^1]' has no note"),
    Case("undefined-reference-link.md", line=5, message="'[flask-docs]', which is not defined"),
    Case("unclosed-html-comment.md", line=5, message="HTML comment is never closed"),
    Case(
        "glossary-definition-unknown-term",
        "lessons/glossary.yml",
        2,
        "links to 'Waitress', which is not in the glossary",
    ),
    warning_case(
        "glossary-unknown-key",
        3,
        "'lnik' in a glossary entry: did you mean 'link'?",
        file="lessons/glossary.yml",
    ),
    Case("glossary-duplicate-key", "lessons/glossary.yml", 3, "'definition' is given twice"),
    Case(
        "glossary-link-to-missing-lesson-translated",
        "lessons/glossary.yml",
        1,
        "the link of 'Gunicorn' points to a lesson that does not exist",
        absent="_translations/es/glossary.yml",
    ),
    # -- front matter, course.yml, chapter.yml -----------------------------------------
    warning_case("unknown-key-lesson.md", 3, "unknown key 'sumary' in the front matter: did you"),
    Case(
        "duplicate-key-front-matter.md",
        line=4,
        message="'title' is given twice",
    ),
    Case("front-matter-not-closed.md", line=1, message="front matter opened here is never"),
    Case("title-empty.md", line=2, message="'title' is empty"),
    Case("minutes-negative.md", line=3, message="'minutes' must be a whole number"),
    Case("empty-lesson-body.md", line=4, message="the lesson has no content"),
    Case("not-utf8.md", line=2, message="the file is not UTF-8 text"),
    valid_case("byte-order-mark.md"),
    valid_case("windows-line-endings.md"),
    Case("duplicate-lesson-number", "lessons/01-basics/01-start.md", 0, "the same number as"),
    Case("reserved-chapter-name", "lessons/03-search", 0, "is used by the site itself"),
    Case("lesson-outside-chapter", "lessons/stray.md", 0, "lesson file outside a chapter"),
    Case(
        "course-yml-titel",
        "lessons/course.yml",
        1,
        "'titel:' on this line should be 'title:'",
        absent="front matter",
    ),
    warning_case(
        "course-yml-unknown-key",
        2,
        "unknown key 'descripton' in course.yml: did you mean 'description'?",
        file="lessons/course.yml",
    ),
    Case(
        "course-yml-duplicate-key",
        "lessons/course.yml",
        3,
        "'author' is given twice",
    ),
    warning_case(
        "chapter-yml-unknown-key",
        2,
        "unknown key 'sumary' in chapter.yml: did you mean 'summary'?",
        file="lessons/01-basics/chapter.yml",
    ),
    Case(
        "chapter-yml-bad-yaml-line-2",
        "lessons/01-basics/chapter.yml",
        2,
        "line 2 is not a 'key: value' line",
    ),
    Case(
        "chapter-yml-duplicate-key",
        "lessons/01-basics/chapter.yml",
        2,
        "given twice",
    ),
    # -- YAML in plain words -----------------------------------------------------------
    Case("yaml-tab-indentation.md", line=4, message="line 4 uses a tab for indentation; YAML"),
    Case("yaml-backtick.md", line=3, message="put the text in double quotes"),
    Case("yaml-colon-in-value.md", line=3, message="': ' inside a value starts a new key; put"),
    Case("yaml-leading-star.md", line=2, message="'*' cannot start a YAML value; put the text"),
    Case("yaml-leading-ampersand.md", line=2, message="'&' cannot start a YAML value"),
    Case("yaml-leading-bang.md", line=2, message="'!' cannot start a YAML value"),
    Case("yaml-leading-at.md", line=2, message="'@' cannot start a YAML value"),
    Case("yaml-leading-percent.md", line=2, message="'%' cannot start a YAML value"),
    Case("yaml-unclosed-quote.md", line=2, message="the quote opened on line 2 is never closed"),
    Case("yaml-text-after-quote.md", line=3, message="the text goes on after its closing '"),
    Case("yaml-backslash-in-double-quotes.md", line=3, message="write \\\\ for a backslash"),
]


def _params() -> list:
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(reason=case.pending, strict=True)] if case.pending else [],
        )
        for case in CASES
    ]


def lay_out(case: str, tmp_path: Path) -> Path:
    """The clean course with the case laid over it, in ``tmp_path/lessons``."""
    root = tmp_path / "lessons"
    shutil.copytree(CORPUS / "_course", root)
    source = CORPUS / case
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True)
    else:
        shutil.copyfile(source, root / "01-basics" / "02-mistake.md")
    return root


def run_check(lessons_dir: Path) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["--lessons", str(lessons_dir), "check", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def learner_text(page: str) -> str:
    """What a learner reads in the page's main part: tags removed, entities decoded."""
    main = re.search(r"<main\b.*?</main>", page, re.S)
    text = re.sub(r"<[^>]+>", " ", main[0] if main else page)
    return html.unescape(text)


def test_every_case_in_the_corpus_is_listed() -> None:
    found = {p.name for p in CORPUS.iterdir() if not p.name.startswith((".", "_"))}
    assert found - {"README.md"} == {case.name for case in CASES}


def test_the_clean_course_is_clean(tmp_path: Path) -> None:
    root = tmp_path / "lessons"
    shutil.copytree(CORPUS / "_course", root)
    assert run_check(root) == (0, [])


@pytest.mark.parametrize("case", _params())
def test_mistake_is_reported_at_its_file_and_line(case: Case, tmp_path: Path) -> None:
    status, diagnostics = run_check(lay_out(case.name, tmp_path))
    if case.file:
        assert any(
            d["file"] == case.file and d["line"] == case.line and case.message in d["message"]
            for d in diagnostics
        ), diagnostics
    else:
        assert diagnostics == []
    if case.absent:
        assert not any(
            case.absent in d["message"] or case.absent in d["file"] for d in diagnostics
        ), diagnostics
    assert status == case.status, diagnostics
    if case.file and case.status == 0:
        strict = CliRunner().invoke(
            main, ["--lessons", str(tmp_path / "lessons"), "check", "--strict"]
        )
        assert strict.exit_code == 1


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.status == 0 and not c.pending], ids=lambda case: case.name
)
def test_what_is_only_a_warning_shows_no_raw_markup(case: Case, tmp_path: Path) -> None:
    root = lay_out(case.name, tmp_path)
    app = create_app(
        {
            "TESTING": True,
            "COURSEWARE_LESSONS_DIR": root,
            "COURSEWARE_CACHE_DIR": None,
            "COURSEWARE_WORKERS": 1,
        }
    )
    client = app.test_client()
    pages = ["/", "/basics/", "/basics/start/", "/basics/mistake/", "/glossary/", "/keypoints/"]
    for path in pages:
        response = client.get(path)
        if response.status_code == 404 and path == "/basics/mistake/":
            continue
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        text = learner_text(page)
        shown = [marker for marker in RAW_MARKERS if marker in text]
        assert shown == [], (path, shown)
        assert "\ufeff" not in page and "\r" not in page, path
