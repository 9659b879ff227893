"""Quirks of real, public lessons that broke ``import``, ``check`` or the rendering.

Each was met importing a published Carpentries or MkDocs lesson; the fixtures under
``tests/fixtures/importers/*-quirks/`` reproduce them in a few synthetic lines.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from courseware.cli import main
from courseware.course.rendering import Renderer, RenderInput
from courseware.importers import import_lesson

FIXTURES = Path(__file__).parent / "fixtures" / "importers"


def import_and_check(kind: str, name: str, tmp_path: Path) -> tuple[Path, str]:
    """Import a fixture lesson; (the course folder, the checker's report)."""
    course = tmp_path / "course"
    import_lesson(kind, FIXTURES / name, course)
    result = CliRunner().invoke(main, ["--lessons", str(course), "check"])
    return course, result.output + (result.stderr if result.stderr_bytes else "")


def render(body: str) -> str:
    item = RenderInput(
        Path("/nonexistent"), "01-x/01-x.md", "lessons/01-x/01-x.md", "", textwrap.dedent(body), 1
    )
    return Renderer().render(item).html


@pytest.fixture(scope="module")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return import_and_check("carpentries", "workbench-quirks", tmp_path_factory.mktemp("wb"))


@pytest.fixture(scope="module")
def mkdocs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return import_and_check("mkdocs", "mkdocs-quirks", tmp_path_factory.mktemp("mk"))


# -- Workbench -------------------------------------------------------------------------------


def test_workbench_quirks_import_without_errors(workbench: tuple[Path, str]) -> None:
    _, report = workbench
    assert re.search(r"(?m)^0 error\(s\)", report), report


def test_a_closing_fence_a_space_off_its_opening_is_aligned(workbench: tuple[Path, str]) -> None:
    """Pandoc closes a fence indented up to three spaces off; Python-Markdown does not."""
    course, _ = workbench
    text = (course / "01-episodes" / "01-pairs.md").read_text()
    opening, closing = re.findall(r"(?m)^( *)```", text)
    assert opening == closing and "```\n\n## After the loop" in text


def test_level_1_sections_of_a_learner_page_go_one_level_down(
    workbench: tuple[Path, str],
) -> None:
    course, _ = workbench
    text = (course / "02-learner-resources" / "01-setup.md").read_text()
    assert "## Software" in text and "## Files" in text and "### A second drawer" in text
    assert not re.search(r"(?m)^# ", text)


def test_link_definitions_inside_an_instructor_note_are_rewritten(
    workbench: tuple[Path, str],
) -> None:
    """The instructors' page is indented into a block: its definitions must still be fixed."""
    course, _ = workbench
    text = (course / "03-instructor-resources" / "01-instructor-notes.md").read_text()
    assert "    [socks-data]: ../01-episodes/data/socks.csv" in text


def test_the_repository_url_of_jekyll_liquid_is_filled_in(workbench: tuple[Path, str]) -> None:
    course, _ = workbench
    text = (course / "01-episodes" / "01-pairs.md").read_text()
    assert "[Tell us](https://github.com/example/sorting-socks/issues/new)" in text


def test_an_svg_with_html_labels_is_an_image_not_an_active_file(
    write: Callable, lessons_dir: Path
) -> None:
    """Mermaid and draw.io put labels in ``<foreignObject>``: no script, so not refused."""
    from courseware.course.loader import load_index

    svg = (FIXTURES / "workbench-quirks" / "episodes" / "fig" / "diagram.svg").read_text()
    write("01-basics/diagram.svg", svg)
    write(
        "01-basics/form.svg",
        svg.replace("<span", "<form><span").replace("</span>", "</span></form>"),
    )
    write(
        "01-basics/09-svg.md",
        "---\ntitle: SVG\n---\n\n![Labels](diagram.svg)\n\n![A form](form.svg)\n",
    )
    found = [str(d) for d in load_index(lessons_dir).diagnostics]
    assert not any("diagram.svg" in m for m in found), found
    assert any("'form.svg' is an SVG with scripts" in m for m in found), found


# -- MkDocs ----------------------------------------------------------------------------------


def test_mkdocs_quirks_import_without_errors(mkdocs: tuple[Path, str]) -> None:
    _, report = mkdocs
    assert re.search(r"(?m)^0 error\(s\)", report), report


def test_an_empty_level_1_heading_is_dropped(mkdocs: tuple[Path, str]) -> None:
    course, _ = mkdocs
    text = (course / "01-introduction" / "01-home.md").read_text()
    assert not re.search(r"(?m)^#+[ \t]*$", text)


def test_a_paragraph_indented_one_space_after_a_tip_is_a_paragraph(
    mkdocs: tuple[Path, str],
) -> None:
    course, _ = mkdocs
    text = (course / "01-introduction" / "01-home.md").read_text()
    assert "\nPairs can also be given as a list." in text


def test_api_cross_references_become_their_text(mkdocs: tuple[Path, str]) -> None:
    course, _ = mkdocs
    text = (course / "01-introduction" / "02-reference.md").read_text()
    assert "read by `Drawer` and by socktools.pair." in text
    assert "][socktools.Drawer]" not in text and "[socktools.pair][]" not in text


def test_a_mkdocstrings_directive_becomes_a_line_saying_so(mkdocs: tuple[Path, str]) -> None:
    course, _ = mkdocs
    text = (course / "01-introduction" / "02-reference.md").read_text()
    assert ":::" not in text and "show_source" not in text
    assert "`socktools.drawer`" in text and "The end." in text


# -- rendering -------------------------------------------------------------------------------


def test_a_link_whose_text_is_in_brackets_is_not_a_glossary_link() -> None:
    html = render("See [[1]](a.md) and [[2]][b], and [[WSGI]].\n\n[b]: c.md\n")
    assert '<a href="a.md">[1]</a>' in html and '<a href="c.md">[2]</a>' in html
    assert html.count("glossary-link") == 1


def test_a_fence_with_options_and_no_language_is_not_an_error(
    write: Callable, lessons_dir: Path
) -> None:
    from courseware.course.loader import load_index

    write(
        "01-basics/09-fence.md",
        '---\ntitle: Fence\n---\n\n``` hl_lines="2 3"\na\nb\nc\n```\n\n'
        '``` title="notes.txt"\nplain\n```\n',
    )
    found = [str(d) for d in load_index(lessons_dir).diagnostics if "09-fence" in str(d)]
    assert found == [], found
    assert '<span class="hll">b' in render('``` hl_lines="2"\na\nb\n```\n')


def test_link_definitions_appended_to_every_page_by_snippets_are_added_when_used(
    mkdocs: tuple[Path, str],
) -> None:
    """pymdownx.snippets' ``auto_append`` files hold the links every page may use."""
    course, _ = mkdocs
    text = (course / "01-introduction" / "02-reference.md").read_text()
    assert "[sock standard]: https://example.org/socks" in text
    assert "[unused]" not in text


def test_a_tab_inside_a_definition_is_not_reported_as_code(mkdocs: tuple[Path, str]) -> None:
    """A definition's content is indented four spaces, like a list item's."""
    _, report = mkdocs
    assert "indented 4 spaces more" not in report


def test_a_reference_link_inside_an_html_comment_is_not_reported(
    write: Callable, lessons_dir: Path
) -> None:
    from courseware.course.loader import load_index

    write(
        "01-basics/09-comment.md",
        "---\ntitle: Comment\n---\n\n<!-- md:option [`x`][api.x] -->\n\n<!--\n[y][gone]\n-->\n\n"
        "Shown: [`z`][nowhere].\n",
    )
    found = [str(d) for d in load_index(lessons_dir).diagnostics if "09-comment" in str(d)]
    assert len(found) == 1 and "the link '[`z`][nowhere]'" in found[0], found


# -- Jekyll (carpentries/styles) lessons -----------------------------------------------------


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return import_and_check("carpentries", "jekyll", tmp_path_factory.mktemp("jk"))


def test_a_jekyll_lesson_imports_without_errors(jekyll: tuple[Path, str]) -> None:
    course, report = jekyll
    assert "0 error(s), 0 warning(s)" in report, report
    assert sorted(path.relative_to(course).as_posix() for path in course.rglob("*.md")) == [
        "01-episodes/01-origins.md",
        "01-episodes/02-knitting.md",
        "01-episodes/index.md",
        "02-learner-resources/01-setup.md",
        "02-learner-resources/03-about.md",  # figures.md is made by Jekyll: not imported
        "02-learner-resources/04-licence.md",
        "03-instructor-resources/01-instructor-notes.md",
        "README.md",
        "_import/IMPORT.md",
        "_import/LICENSE.md",
    ]
    assert (course / "01-episodes" / "fig" / "loom.svg").is_file()
    assert (course / "_import" / "_config.yml").is_file()  # the original's settings, kept
    assert (course / "01-episodes" / "data" / "socks.csv").is_file()


def test_kramdown_block_quotes_become_exercises_and_boxes(jekyll: tuple[Path, str]) -> None:
    course, _ = jekyll
    text = (course / "01-episodes" / "01-origins.md").read_text()
    assert '!!! note "Dyes"\n    Early dyes came from plants.' in text
    assert '!!! exercise "Count the threads"' in text
    assert "    ??? solution\n        ~~~python\n        print(2 * 40)\n        ~~~" in text
    assert "{:" not in text and "\n>" not in text


def test_code_block_classes_become_languages(jekyll: tuple[Path, str]) -> None:
    course, _ = jekyll
    text = (course / "01-episodes" / "01-origins.md").read_text()
    assert "~~~python\nweave(thread)\n~~~" in text
    assert "~~~output\na sock\n~~~" in text
    assert "1. \n\n    ```bash\n    knit --row 1\n    ```" in text


def test_front_matter_lists_and_liquid_are_read(jekyll: tuple[Path, str]) -> None:
    course, _ = jekyll
    text = (course / "01-episodes" / "01-origins.md").read_text()
    assert "summary: Where do socks come from?" in text
    assert "- Name two early sock materials." in text
    assert "The first socks in the Top Drawer were woven." in text
    assert "{{" not in text and "{%" not in text


def test_jekyll_links_point_at_the_imported_files(jekyll: tuple[Path, str]) -> None:
    course, _ = jekyll
    text = (course / "01-episodes" / "01-origins.md").read_text()
    assert "![A loom](fig/loom.svg)" in text
    assert "[knitting](02-knitting.md) and\n[again](02-knitting.md)" in text
    assert "[the list](data/socks.csv)" in text
    setup = (course / "02-learner-resources" / "01-setup.md").read_text()
    assert "[the sock list](../01-episodes/data/socks.csv)" in setup
    home = (course / "01-episodes" / "index.md").read_text()
    assert "[setup](../02-learner-resources/01-setup.md)" in home


def test_kramdown_tables_with_rules_between_rows_become_tables(
    jekyll: tuple[Path, str],
) -> None:
    course, _ = jekyll
    text = (course / "01-episodes" / "01-origins.md").read_text()
    assert "| Era  | Fibre  |\n|------|--------|\n| old  | wool   |\n| new  | cotton |" in text


def test_the_guide_is_an_instructor_page_and_the_reference_a_glossary(
    jekyll: tuple[Path, str],
) -> None:
    course, _ = jekyll
    notes = (course / "03-instructor-resources" / "01-instructor-notes.md").read_text()
    assert "!!! instructor\n    Bring a real sock." in notes
    assert "term: heel" in (course / "glossary.yml").read_text()
    licence = (course / "02-learner-resources" / "04-licence.md").read_text()
    assert "[wool]: https://example.org/wool" in licence


def test_an_e_mail_autolink_is_a_mailto_link() -> None:
    """Python-Markdown hides the address in entities; the link checker read it as a file."""
    html = render("Write to <ann@example.org>.\n")
    assert '<a href="mailto:ann@example.org">' in html


def test_raw_html_images_become_markdown_images(jekyll: tuple[Path, str]) -> None:
    """The engine fixes a Markdown image's path for the page's address, not a raw one's."""
    course, _ = jekyll
    text = (course / "01-episodes" / "02-knitting.md").read_text()
    assert "\n![A small loom](fig/loom.svg)\n" in text  # a link to an SVG is refused
    assert '<img src="shown-as-code.png">' in text  # code is left alone


def test_a_body_box_does_not_replace_the_front_matter_objectives(
    jekyll: tuple[Path, str],
) -> None:
    course, _ = jekyll
    text = (course / "01-episodes" / "02-knitting.md").read_text()
    assert "objectives:\n- Describe a row." in text
    assert '!!! note ".objectives"\n    How the objectives box looks.' in text


# -- Workbench: one file -----------------------------------------------------------------------


def convert(text: str) -> str:
    from courseware.importers.carpentries import convert_file
    from courseware.importers.common import FileLog

    log = FileLog("01-episodes/01-x.md", "episodes/x.md")
    return convert_file(textwrap.dedent(text), "01-episodes/01-x.md", "episodes/x.md", log, {}).body


def test_a_comment_in_a_challenge_s_code_is_not_a_second_exercise() -> None:
    """R and shell comments (``## ...``) inside a challenge's code split it in two."""
    body = convert(
        """
        :::::: challenge

        ## Find the rows

        ```r
        x <- 1
        ## keep the first
        y <- x
        ```

        ::::::
        """
    )
    assert body.count("!!! exercise") == 1
    assert "    ## keep the first\n    y <- x\n    ```" in body


def test_an_escaped_quote_in_an_image_s_alt_text_is_kept() -> None:
    body = convert("![](fig/a.png){alt='Git\\'s model' width=\"400px\"}\n")
    assert body.strip() == '![Git\'s model](fig/a.png){ width="400px" }'


# -- images inside raw HTML, generated references ---------------------------------------------


def test_a_centred_html_logo_becomes_a_markdown_image_link(mkdocs: tuple[Path, str]) -> None:
    """``<p align="center"><a><img></a></p>``: Markdown left inside the HTML showed as text."""
    course, _ = mkdocs
    text = (course / "01-introduction" / "01-home.md").read_text()
    assert "\n[![Sock Tools](../img/logo.svg)](https://example.org/socks)\n\n<em>Pairs" in text
    assert "<p" not in text and "</a>" not in text


def test_mkdocstrings_in_a_block_or_a_heading_and_code_cross_references(
    mkdocs: tuple[Path, str],
) -> None:
    course, _ = mkdocs
    text = (course / "01-introduction" / "02-reference.md").read_text()
    assert "## `socktools.toe`" in text
    assert "    *The reference of `socktools.heel` was generated" in text
    assert "members" not in text and "    Read on." in text
    assert "See also `socktools.Heel`." in text
    assert "Layouts live in the layouts\nfolder." in text  # a reference over two lines


def test_an_included_html_layout_and_markdown_columns_become_markdown(
    jekyll: tuple[Path, str],
) -> None:
    course, _ = jekyll
    about = (course / "02-learner-resources" / "03-about.md").read_text()
    assert "[![Guild logo](../01-episodes/fig/loom.svg)](https://example.org/guild)" in about
    assert "\nThe guild keeps the sock patterns.\n" in about and "<div" not in about
    knitting = (course / "01-episodes" / "02-knitting.md").read_text()
    assert '!!! note "Left"\n    Knit.' in knitting and "<div" not in knitting


# -- rendering: div ids and raw HTML inside blocks --------------------------------------------


def test_a_div_s_id_is_kept_on_its_block_so_links_reach_it() -> None:
    html = render(
        """\
        ::: {#pairs .callout}

        ## Pairs

        Socks come in pairs.

        :::

        ::: {.caution #careful}
        Mind the heel.
        :::

        :::::: {.challenge #count}

        ## Count

        How many?

        ::: {.solution #count-answer}
        Two.
        :::

        ::::::

        See [pairs](#pairs).
        """
    )
    assert '<div class="admonition note" id="pairs" role="note">' in html
    assert '<p class="admonition-title">Pairs</p>' in html
    assert 'id="careful"' in html and '<p class="admonition-title">Caution</p>' in html
    assert 'class="exercise" id="count"' in html
    assert '<details class="solution" id="count-answer">' in html
    assert "{#" not in html


def test_a_div_id_link_is_not_reported_as_missing(write: Callable, lessons_dir: Path) -> None:
    from courseware.course.loader import load_index

    write(
        "01-basics/09-div-id.md",
        "---\ntitle: Div id\n---\n\n::: {#pairs .callout}\n## Pairs\n\nText.\n:::\n\n"
        "See [pairs](#pairs).\n",
    )
    found = [str(d) for d in load_index(lessons_dir).diagnostics if "09-div-id" in str(d)]
    assert found == [], found


def test_raw_html_indented_in_a_block_is_html_not_text() -> None:
    html = render(
        """\
        !!! note "Raw"
            A table:

            <table>
              <tr><td>cell</td></tr>
            </table>

            <details>
            <summary>More</summary>

            Hidden.
            </details>

            After it.

        - Item

            <div class="box">inside</div>

            <script>alert(1)</script>
        """
    )
    assert "&lt;table" not in html and "<td>cell</td>" in html
    assert "<summary>More</summary>" in html and "&lt;/details&gt;" not in html
    assert "<p>After it.</p>" in html
    assert '<div class="box">inside</div>' in html
    assert "<script>" not in html  # the policy still applies


def test_a_footnote_whose_reference_sits_in_raw_html_has_no_dangling_back_link(
    write: Callable, lessons_dir: Path
) -> None:
    """The back link pointed at nothing, and the checker reported it without a line."""
    from courseware.course.loader import load_index

    body = (
        "<figure>\n<figcaption>Sock census.[^1]</figcaption>\n</figure>\n\n[^1]: Counted 2024.\n"
        "\nA real one.[^2]\n\n[^2]: Real.\n"
    )
    html = render(body)
    assert 'href="#fnref:1"' not in html and 'href="#fnref:2"' in html
    write("01-basics/09-notes.md", "---\ntitle: Notes\n---\n\n" + body)
    found = [str(d) for d in load_index(lessons_dir).diagnostics if "09-notes" in str(d)]
    assert found == [], found


def test_a_solution_div_kept_in_a_block_quote_becomes_a_solution_box() -> None:
    """Lessons migrated from the Jekyll template keep some solutions as ``> ::: solution``."""
    body = convert(
        """
        1. Which command starts a repository?

          ```
          a. git init
          b. git start
          ```

          > :::::: solution
          >
          > ## Solution
          >
          > `git init`.
          >
          > ::::::

        2. Next question.
        """
    )
    assert '??? note "Solution"\n    `git init`.' in body
    assert ">" not in body.replace("->", "")


def test_a_numbered_list_broken_by_a_code_block_keeps_its_numbers() -> None:
    html = render("1. One\n\n```\ncode\n```\n\n2. Two\n3. Three\n")
    assert '<ol start="2">' in html


def test_a_fence_shown_inside_a_code_example_does_not_close_it(mkdocs: tuple[Path, str]) -> None:
    """A closing fence four columns further in belongs to the example (as superfences reads
    it): the importer must not convert the tab inside, nor the checker pair it."""
    course, report = mkdocs
    text = (course / "01-introduction" / "02-reference.md").read_text()
    assert '    === "Left"\n\n        ``` markdown\n        * a left sock\n        ```\n```' in text
    assert "never closes" not in report


def test_a_page_with_nothing_but_its_title_says_so(mkdocs: tuple[Path, str]) -> None:
    course, report = mkdocs
    text = (course / "01-introduction" / "03-news.md").read_text()
    assert "title: News" in text and "no text of its own" in text
    assert "no content" not in report


def test_a_fastapi_style_code_include_becomes_an_included_code_block(
    mkdocs: tuple[Path, str],
) -> None:
    """``{* docs_src/x.py hl[2] *}`` (Typer's, FastAPI's docs): the example was lost."""
    course, _ = mkdocs
    text = (course / "01-introduction" / "02-reference.md").read_text()
    assert '```python hl_lines="2"\n--8<-- "../_snippets/docs_src/pairing.py"\n```' in text
    assert (course / "_snippets" / "docs_src" / "pairing.py").is_file()
    assert "{*" not in text
    html = render('```python hl_lines="2"\ndef pair(left, right):\n    return 1\n```\n')
    assert '<span class="hll">' in html


def test_pymdownx_generic_blocks_become_boxes_and_tabs(mkdocs: tuple[Path, str]) -> None:
    """``/// tip | Title`` ... ``///`` (FastAPI's and Typer's docs) showed as typed."""
    course, _ = mkdocs
    text = (course / "01-introduction" / "02-reference.md").read_text()
    assert '!!! tip "Fold them"\n    Fold socks in pairs.' in text
    assert '???+ note "Wool"\n\n    Warm.' in text and '??? note "Cotton"\n\n    Cool.' in text
    assert '??? warning "More"\n    Hidden text.' in text
    assert "///" not in text


def test_markdown_in_a_page_title_becomes_plain_text(mkdocs: tuple[Path, str]) -> None:
    """The engine shows a title as typed: backticks and stars showed in the navigation."""
    course, report = mkdocs
    text = (course / "01-introduction" / "02-reference.md").read_text()
    assert "title: The socktools reference\n" in text
    assert "shown exactly as typed" not in report
