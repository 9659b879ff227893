"""Markdown to HTML: code, admonitions, exercises, quizzes, links and includes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from courseware.course.model import PAGE_END, ROOT
from courseware.course.rendering import Renderer, RenderInput


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def render(
    renderer: Renderer, body: str, lessons_dir: Path = Path("/nonexistent"), body_line: int = 1
):
    item = RenderInput(
        lessons_dir,
        "02-mvc/01-x.md",
        "lessons/02-mvc/01-x.md",
        "",
        textwrap.dedent(body),
        body_line,
    )
    return renderer.render(item)


def test_code_is_highlighted_with_title_and_highlighted_lines(renderer: Renderer) -> None:
    out = render(renderer, '```python title="app.py" hl_lines="2"\nimport flask\nx = 1\n```\n')
    assert '<span class="filename">app.py</span>' in out.html
    assert '<span class="kn">import</span>' in out.html
    assert '<span class="hll">' in out.html


def test_admonitions_and_collapsible_blocks(renderer: Renderer) -> None:
    out = render(renderer, '!!! warning "Careful"\n    Hot.\n\n??? note "More"\n    Hidden.\n')
    assert 'class="admonition warning" role="note"' in out.html
    assert '<p class="admonition-title">Careful</p>' in out.html
    assert "<details" in out.html and "<summary>More</summary>" in out.html


def test_headings_get_anchors_permalinks_and_a_table_of_contents(renderer: Renderer) -> None:
    out = render(renderer, "## First part\n\ntext\n\n### Detail\n\nmore\n\n## Second\n")
    assert [h.id for h in out.toc] == ["first-part", "second"]
    assert out.toc[0].children[0].title == "Detail"
    assert '<h2 id="first-part">First part</h2>' in out.html
    assert {"first-part", "detail", "second"} <= out.anchors


def test_exercise_owns_its_hints_and_solution(renderer: Renderer) -> None:
    body = """
        ## Practice

        !!! exercise "Add a route"
            Do it.

            ??? hint "Decorator"
                Use app.route.

            ??? hint
                Really.

            ??? solution
                Done.
        """
    out = render(renderer, body)
    assert '<section aria-labelledby="exercise-add-a-route" class="exercise">' in out.html
    assert "<summary>Hint 1: Decorator</summary>" in out.html
    assert "<summary>Hint 2</summary>" in out.html
    assert '<details class="solution">' in out.html
    (exercise,) = out.exercises
    assert (exercise.title, exercise.hints, exercise.has_solution) == ("Add a route", 2, True)


def test_hints_written_after_an_exercise_belong_to_it(renderer: Renderer) -> None:
    out = render(
        renderer, '!!! exercise "E"\n    Do it.\n\n??? hint\n    H.\n\n??? solution\n    S.\n'
    )
    section = out.html[out.html.index("<section") : out.html.index("</section>")]
    assert "Hint 1" in section and "Solution" in section


def test_instructor_notes_are_kept_out_of_learner_html(renderer: Renderer) -> None:
    out = render(renderer, "Intro.\n\n!!! instructor\n    Secret tip.\n\nOutro.\n")
    assert "Secret tip" not in out.html
    assert "Secret tip" in out.instructor_html
    assert "Outro" in out.html
    assert all("Secret" not in section.text for section in out.sections)


def test_quiz_becomes_an_accessible_form(renderer: Renderer) -> None:
    body = """
        ```quiz
        - question: Pick `one`
          type: single
          options:
            - text: A
              correct: true
              explain: Right.
            - text: B
              correct: false
              explain: Wrong.
        - question: Pick many
          type: multiple
          options:
            - {text: C, correct: true, explain: Yes.}
            - {text: D, correct: true, explain: Also.}
        ```
        """
    out = render(renderer, body)
    assert out.quizzes == 1 and not out.diagnostics
    assert '<fieldset class="quiz-question"' in out.html
    assert "<legend>" in out.html and "<code>one</code>" in out.html
    assert out.html.count('type="radio"') == 2 and out.html.count('type="checkbox"') == 2
    assert '<details class="quiz-answer">' in out.html


def test_quiz_problems_name_the_line_in_the_file(renderer: Renderer) -> None:
    body = """
        Text.

        ```quiz
        - question: Q?
          type: single
          options:
            - text: A
              correct: false
              explain: no
        ```
        """
    out = render(renderer, body, body_line=6)
    (problem,) = [d for d in out.diagnostics if d.is_error]
    assert problem.line == 10  # "- question" is body line 4 (0-based); the body starts on line 6
    assert problem.message == "quiz question 1 has no correct option"


def test_invalid_quiz_yaml_is_reported(renderer: Renderer) -> None:
    out = render(renderer, "```quiz\n- question: [unclosed\n```\n")
    assert any("not valid YAML" in d.message for d in out.diagnostics)
    assert "content-error" in out.html


def test_links_to_markdown_files_become_page_links(renderer: Renderer) -> None:
    out = render(
        renderer, "[a](../03-flask/02-routing.md#rules) [b](02-next.md) [c](https://x.org)\n"
    )
    assert f'href="{ROOT}flask/routing/{PAGE_END}#rules"' in out.html
    assert f'href="{ROOT}mvc/next/{PAGE_END}"' in out.html
    assert 'href="https://x.org"' in out.html
    kinds = [(link.kind, link.resolved) for link in out.links]
    assert ("page", "03-flask/02-routing.md") in kinds and ("external", "") in kinds


def test_images_point_into_the_media_folder(renderer: Renderer) -> None:
    out = render(renderer, "![A cat](img/cat.png)\n")
    assert f'src="{ROOT}media/02-mvc/img/cat.png"' in out.html
    (link,) = out.links
    assert link.is_image and link.alt == "A cat"


def test_includes_show_a_file_or_a_marked_section(renderer: Renderer, tmp_path: Path) -> None:
    example = tmp_path / "02-mvc" / "examples" / "app.py"
    example.parent.mkdir(parents=True)
    example.write_text(
        "import x\n# --8<-- [start:part]\n    def part():\n        return 1\n# --8<-- [end:part]\n"
    )
    body = """
        ```python
        --8<-- "examples/app.py"
        ```

        ```python
        --8<-- "examples/app.py:part"
        ```
        """
    out = render(renderer, body, lessons_dir=tmp_path)
    assert not out.diagnostics
    assert out.html.count("import") == 1  # the whole file once, the section without it
    assert "--8&lt;--" not in out.html and "[start" not in out.html
    assert '<code><span class="k">def</span>' in out.html  # the section is dedented


def test_missing_include_is_an_error_on_its_line(renderer: Renderer, tmp_path: Path) -> None:
    out = render(
        renderer,
        'Intro\n\n```python\n--8<-- "examples/nope.py"\n```\n',
        lessons_dir=tmp_path,
        body_line=3,
    )
    (problem,) = out.diagnostics
    assert problem.line == 6
    assert "does not exist" in problem.message


def test_include_cannot_escape_the_lessons_folder(renderer: Renderer, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    out = render(renderer, '```\n--8<-- "../../secret.txt"\n```\n', lessons_dir=lessons)
    assert "outside the lessons folder" in out.diagnostics[0].message
    assert "secret" not in out.html.replace("secret.txt", "")


def test_a_hint_titled_like_its_label_is_not_repeated(renderer: Renderer) -> None:
    body = '!!! exercise "E"\n    Do it.\n\n    ??? hint "Hint 1"\n        H.\n'
    out = render(renderer, body)
    assert "<summary>Hint 1</summary>" in out.html
    assert "Hint 1: Hint 1" not in out.html


def test_search_text_reads_a_table_as_rows_naming_their_columns(renderer: Renderer) -> None:
    out = render(
        renderer, "## Settings\n\n| Key | Default |\n| --- | --- |\n| `A_B` | *True* |\n| C | 3 |\n"
    )
    assert out.sections[0].text == "Key, Default. A_B — Default: True. C — Default: 3."
