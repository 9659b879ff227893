"""``python build.py import``: Carpentries and MkDocs lessons become courses the engine accepts.

Each syntax is converted on a small sample, then the two fixture lessons under
``tests/fixtures/importers/`` (written for these tests, not copied from real lessons) are
imported, checked and built with the project's own command, as an author would.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from courseware.cli import main
from courseware.errors import BuildError
from courseware.importers import import_lesson
from courseware.importers.carpentries import convert_file, extract_glossary, normalise_lists
from courseware.importers.common import (
    FileLog,
    anchors_of,
    convert_shortcodes,
    map_prose,
    pandoc_id,
)
from courseware.importers.mkdocs import (
    HtmlConverter,
    convert_admonitions,
    convert_exercises,
    convert_tabs,
    take_title,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "importers"


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def carpentries(text: str, *, rmd: bool = False, links: dict[str, str] | None = None):
    log = FileLog("01-episodes/01-x.md", "episodes/x.md")
    page = convert_file(md(text), "01-episodes/01-x.md", "episodes/x.md", log, links or {}, rmd=rmd)
    return page, log


# -- Carpentries: fenced divs ------------------------------------------------------------------


def test_challenge_with_hint_and_solution_becomes_an_exercise_with_nested_blocks() -> None:
    page, _ = carpentries(
        """
        ::::::::::::::::::::::::::::::::::::: challenge

        ## Count the cups

        Run:

        ```bash
        wc -l cups.txt
        ```

        - first
          - nested

        :::::::::::::::: hint

        ## Which tool?

        `wc` counts.

        ::::::::::::::::

        ::::::::::::::::::::: solution

        ## Solution

        ```output
        3 cups.txt
        ```

        :::::::::::::::::::::

        :::::::::::::::::::::::::::::::::::::
        """
    )
    assert (
        page.body.strip()
        == md(
            """
        !!! exercise "Count the cups"
            Run:

            ```bash
            wc -l cups.txt
            ```

            - first
                - nested

            ??? hint "Which tool?"
                `wc` counts.

            ??? solution
                ```output
                3 cups.txt
                ```
        """
        ).strip()
    )


def test_colons_of_any_length_class_syntax_and_innermost_closing() -> None:
    page, _ = carpentries(
        """
        ::: {.challenge}
        ## First
        Text one.
        :::::::::::::::::: {.solution}
        Answer one.
        :::
        ::::::::::::::::::::::::::::::::::

        After.
        """
    )
    assert (
        page.body.strip()
        == md(
            """
        !!! exercise "First"
            Text one.

            ??? solution
                Answer one.

        After.
        """
        ).strip()
    )


def test_a_challenge_with_two_headings_becomes_two_exercises() -> None:
    page, log = carpentries(
        """
        :::::: challenge
        ## Part one
        :::: solution
        One.
        ::::
        ## Part two
        :::: solution
        Two.
        ::::
        ::::::
        """
    )
    assert '!!! exercise "Part one"' in page.body
    assert '!!! exercise "Part two"' in page.body
    assert page.body.count("??? solution") == 2


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("callout", '!!! note "Heads up"'),
        ("caution", '!!! warning "Heads up"'),
        ("discussion", '!!! note "Heads up"'),
        ("checklist", '!!! tip "Heads up"'),
        ("prereq", '!!! note "Heads up"'),
        ("testimonial", '!!! note "Heads up"'),
        ("instructor", '!!! instructor "Heads up"'),
        ("spoiler", '??? note "Heads up"'),
    ],
)
def test_other_divs_become_admonitions(kind: str, expected: str) -> None:
    page, _ = carpentries(f"::::: {kind}\n## Heads up\n\nBody text.\n:::::\n")
    assert page.body.strip() == f"{expected}\n    Body text."


def test_divs_without_a_heading_get_the_workbench_default_title() -> None:
    page, _ = carpentries("::: caution\nHot.\n:::\n\n::: spoiler\nHidden.\n:::\n")
    assert '!!! warning "Caution"' in page.body
    assert '??? note "Show details"' in page.body


def test_a_solution_outside_a_challenge_becomes_a_closed_note() -> None:
    page, _ = carpentries("Some text.\n\n::: solution\nThe answer.\n:::\n")
    assert '??? note "Solution"' in page.body
    assert "??? solution" not in page.body


def test_questions_objectives_and_keypoints_go_to_the_front_matter() -> None:
    page, _ = carpentries(
        """
        ---
        title: Cups
        teaching: 15
        exercises: 5
        ---

        ::: questions
        - What is a cup?
        - Why two handles?
        :::

        ::: objectives
        - Hold a cup
          by its handle.
        :::

        Body.

        ::: keypoints
        - Cups hold tea.
        :::
        """
    )
    assert page.meta["title"] == "Cups"
    assert page.meta["summary"] == "What is a cup? Why two handles?"
    assert page.meta["x-questions"] == ["What is a cup?", "Why two handles?"]
    assert page.meta["objectives"] == ["Hold a cup by its handle."]
    assert page.meta["keypoints"] == ["Cups hold tea."]
    assert page.meta["minutes"] == 15
    assert page.meta["exercises_minutes"] == 5
    assert page.body.strip() == "Body."


# -- Carpentries: inline Pandoc syntax ---------------------------------------------------------


def test_image_attributes_become_alt_text_and_lone_captions_a_line() -> None:
    page, _ = carpentries(
        """
        ![](fig/a.png){alt='A red cup' width="50%"}

        ![The caption](fig/b.png){alt="Two cups"}

        Inline ![icon](fig/c.png) stays.
        """
    )
    assert '![A red cup](fig/a.png){ width="50%" }' in page.body
    assert "![Two cups](fig/b.png)\n\n*The caption*" in page.body
    assert "Inline ![icon](fig/c.png) stays." in page.body
    assert "{alt" not in page.body


def test_spans_become_their_text_and_their_ids_are_remembered() -> None:
    page, _ = carpentries("A [word]{#word .term} here.\n")
    assert page.body.strip() == "A word here."
    assert "word" in page.aliases


def test_code_is_never_converted() -> None:
    page, _ = carpentries(
        """
        Write `![x](y){alt='z'}` and `::: callout` like this:

        ```markdown
        ::: challenge
        [a]{#b}
        :::
        ```
        """
    )
    assert "`![x](y){alt='z'}`" in page.body
    assert "```markdown\n::: challenge\n[a]{#b}\n:::\n```" in page.body


def test_pandoc_lists_are_reindented_for_python_markdown() -> None:
    source = md(
        """
        1. First
           - nested under first
             continued
        2. Second

           A paragraph of the second item.

        Not in the list.
        """
    )
    assert normalise_lists(source) == md(
        """
        1. First
            - nested under first
                continued
        2. Second

            A paragraph of the second item.

        Not in the list.
        """
    )


def test_r_markdown_chunks_become_code_blocks() -> None:
    page, log = carpentries(
        """
        ```{r, include=FALSE}
        hidden <- 1
        ```

        ```{r}
        x <- 1
        ```

        ```{r, fig.cap="A plot of x"}
        knitr::include_graphics("fig/x.png")
        ```

        The value is `r x`.
        """,
        rmd=True,
    )
    assert "hidden" not in page.body
    assert "```r\nx <- 1\n```" in page.body
    assert "![A plot of x](fig/x.png)" in page.body
    assert "{r" not in page.body
    assert any("include=FALSE" in message for message in log.dropped)
    assert any("inline R" in message for message in log.review)


def test_link_definitions_from_links_md_are_added_when_used() -> None:
    links = {"tea": "[tea]: https://example.org/tea", "milk": "[milk]: https://example.org/m"}
    page, _ = carpentries("See [tea][tea].\n", links=links)
    assert page.body.strip().endswith("[tea]: https://example.org/tea")
    assert "milk" not in page.body


def test_reference_definition_lists_become_glossary_entries() -> None:
    text = md(
        """
        ## Glossary

        [cup]{#cup}
        :   A small bowl
        with a handle; see [saucer](#saucer).

        [saucer]{#saucer}
        :   What a [cup](#cup) stands on.
        """
    )
    rest, glossary, ids = extract_glossary(text, FileLog("", ""))
    assert glossary == [
        {"term": "cup", "definition": "A small bowl with a handle; see [saucer](#term-saucer)."},
        {"term": "saucer", "definition": "What a [cup](#term-cup) stands on."},
    ]
    assert ids == {"cup": "cup", "saucer": "saucer"}
    assert "Glossary" not in rest


def test_pandoc_heading_ids_follow_pandoc_rules() -> None:
    assert pandoc_id("1. `ls` Reading Comprehension!") == "ls-reading-comprehension"
    assert pandoc_id("Dots.and_underscores") == "dots.and_underscores"


def test_grouped_episodes_become_chapters(tmp_path: Path) -> None:
    source = tmp_path / "lesson"
    (source / "episodes").mkdir(parents=True)
    (source / "config.yaml").write_text(
        "title: Grouped\nepisodes:\n- Getting started:\n  - a.md\n- Going further:\n  - b.md\n"
    )
    for name in ("a", "b"):
        (source / "episodes" / f"{name}.md").write_text(
            f"---\ntitle: {name}\n---\n\nText {name}.\n"
        )
    result = import_lesson("carpentries", source, tmp_path / "out")
    assert (tmp_path / "out/01-getting-started/01-a.md").is_file()
    assert (tmp_path / "out/02-going-further/01-b.md").is_file()
    assert "title: Going further" in (tmp_path / "out/02-going-further/chapter.yml").read_text()
    assert result.chapters == 2


def test_fenced_code_gets_blank_lines_around_it() -> None:
    page, _ = carpentries("Run:\n```bash\nls\n```\nThen more.\n")
    assert page.body == "Run:\n\n```bash\nls\n```\n\nThen more.\n"


# -- MkDocs ------------------------------------------------------------------------------------


def test_body_title_becomes_the_front_matter_title() -> None:
    title, body = take_title("\n# Making tea\n\nText.\n", FileLog("", ""))
    assert title == "Making tea"
    assert body.strip() == "Text."


def test_content_tabs_become_closed_blocks_with_the_first_open() -> None:
    source = md(
        """
        === "Linux"

            apt install tea

        === "macOS"

            brew install tea

        Between.

        === "Only"
            Alone.
        """
    )
    assert convert_tabs(source, FileLog("", "")) == md(
        """
        ???+ note "Linux"

            apt install tea

        ??? note "macOS"

            brew install tea

        Between.

        ???+ note "Only"
            Alone.
        """
    )


def test_admonition_types_are_mapped_and_keep_their_title() -> None:
    source = md(
        """
        !!! info
            Plain.

        ??? question "Why?"
            Because.

        ???+ success
            Done.

        !!! warning "Hot"
            Careful.
        """
    )
    out = convert_admonitions(source, FileLog("", ""))
    assert '!!! note "Info"' in out
    assert '??? note "Why?"' in out
    assert '???+ tip "Success"' in out
    assert '!!! warning "Hot"' in out


def test_bold_exercise_and_collapsed_answer_become_an_exercise() -> None:
    source = md(
        """
        **Exercise:** Boil water.

        !!! tip
            Use a lid.

        ??? success "Answer"
            It boils.

        Next paragraph.
        """
    )
    out = convert_exercises(source, FileLog("", ""))
    assert (
        out.strip()
        == md(
            """
        !!! exercise
            Boil water.

            !!! tip
                Use a lid.

            ??? solution "Answer"
                It boils.

        Next paragraph.
        """
        ).strip()
    )


def test_emoji_become_unicode_and_icons_go() -> None:
    log = FileLog("", "")
    sets = ["material", "fontawesome", "custom"]
    out = map_prose(
        "Hi :wink: and :material-check: done, `:smile:` stays. "
        "[:custom-orcid:](https://x) 12:30:45 :fontawesome-solid-brain: "
        ":fontawesome-brands-python:",
        lambda text: convert_shortcodes(text, log, sets),
    )
    assert out == "Hi 😉 and done, `:smile:` stays. [orcid](https://x) 12:30:45 🧠"


def test_raw_html_images_figures_links_and_iframes_become_markdown(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "pot.png").write_bytes(b"x")
    converter = HtmlConverter("guide/page.md", "guide/page", tmp_path, FileLog("", ""))
    out = converter(
        md(
            """
            <figure>
              <img src="../../img/pot.png" width="300"/>
              <figcaption>A pot</figcaption>
            </figure>

            Get <a href="../files/menu.csv">the menu</a> or <a href="https://example.org">this</a>.

            <iframe src="https://www.youtube.com/embed/xyz" title="Brewing"></iframe>
            """
        )
    )
    assert '![A pot](../img/pot.png){ width="300" }\n\n*A pot*' in out
    assert "[the menu](../files/menu.csv)" in out
    assert '<a href="https://example.org">this</a>' in out
    assert "[Video on YouTube: Brewing](https://www.youtube.com/watch?v=xyz)" in out


# -- whole fixture lessons ---------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def broken_links(site: Path) -> list[tuple[str, str]]:
    """Internal links and images of the built site that lead nowhere, anchors included."""
    pages = {}
    for file in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(file.read_text(encoding="utf-8"))
        pages[file.resolve()] = parser
    base = "/"
    found = re.search(r'href="(/[^"]*?)static/css/site\.css', (site / "404.html").read_text())
    if found:
        base = found[1]
    broken = []
    for file, parser in pages.items():
        for link in parser.links:
            split = urlsplit(link)
            if split.scheme or split.netloc:
                continue
            path = unquote(split.path)
            if not path:
                if split.fragment and split.fragment not in parser.ids:
                    broken.append((str(file), link))
                continue
            if path.startswith("/"):
                target = (site / path[len(base) :]).resolve()
            else:
                target = (file.parent / path).resolve()
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((str(file), link))
            elif split.fragment and target in pages and split.fragment not in pages[target].ids:
                broken.append((str(file), link))
    return broken


def run_build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module", params=["carpentries", "mkdocs"])
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """(kind, course folder, built site) for each fixture lesson."""
    kind = request.param
    folder = tmp_path_factory.mktemp(kind)
    course = folder / "lessons"
    result = run_build("import", kind, str(FIXTURES / kind), "-o", str(course))
    assert result.returncode == 0, result.stderr
    checked = run_build("--lessons", str(course), "check")
    assert checked.returncode == 0, checked.stderr
    assert "0 error(s), 0 warning(s)" in checked.stderr, checked.stderr
    site = folder / "site"
    built = run_build("--lessons", str(course), "-o", str(site))
    assert built.returncode == 0, built.stderr
    return kind, course, site


def learner_pages(site: Path) -> list[Path]:
    return [
        page for page in site.rglob("*.html") if page.relative_to(site).parts[0] != "instructor"
    ]


def visible_text(page: Path) -> str:
    """A page without its code blocks and inline code, where leftover syntax would show."""
    text = page.read_text(encoding="utf-8")
    return re.sub(r"<pre\b.*?</pre>|<code\b.*?</code>|<script\b.*?</script>", "", text, flags=re.S)


def test_imported_course_builds_without_broken_links(imported) -> None:
    _, _, site = imported
    assert broken_links(site) == []


def test_no_foreign_syntax_reaches_learner_pages(imported) -> None:
    _, _, site = imported
    leftovers = []
    for page in learner_pages(site):
        text = visible_text(page)
        for pattern in (r"^\s*:::", r"===", r"!!! ", r"\?\?\? ", r":[a-z][a-z0-9_+-]*:(?!//)"):
            for match in re.finditer(pattern, text, re.M):
                leftovers.append((str(page.relative_to(site)), match[0]))
    assert leftovers == []


def test_solutions_are_closed_details(imported) -> None:
    kind, _, site = imported
    page = {
        "carpentries": "episodes/first-teapot/index.html",
        "mkdocs": "basics/water/index.html",
    }[kind]
    html = (site / page).read_text(encoding="utf-8")
    solutions = re.findall(r"<details class=\"solution\"( open)?>", html)
    assert solutions and all(not opened for opened in solutions)
    assert '<section aria-labelledby="exercise-' in html


def test_instructor_text_never_reaches_learners_or_search(imported) -> None:
    kind, course, site = imported
    if kind != "carpentries":
        pytest.skip("the MkDocs fixture has no instructor notes")
    secrets = ("INSTRUCTOR-SECRET-ALPHA", "INSTRUCTOR-SECRET-BETA", "zyxqteapot", "zyxqkettle")
    for page in learner_pages(site):
        text = page.read_text(encoding="utf-8")
        for secret in secrets:
            assert secret not in text, page
    for index in (site / "search").rglob("*.json"):
        text = json.dumps(json.loads(index.read_text(encoding="utf-8")))
        for secret in (*secrets, "instructor-secret", "zyxq"):
            assert secret.lower() not in text.lower(), index
    instructor = (site / "instructor/episodes/first-teapot/index.html").read_text()
    assert "INSTRUCTOR-SECRET-ALPHA" in instructor
    notes = site / "instructor/instructor-resources/instructor-notes/index.html"
    assert "INSTRUCTOR-SECRET-BETA" in notes.read_text()


def test_the_change_log_lists_every_file(imported) -> None:
    _, course, _ = imported
    log = (course / "_import" / "IMPORT.md").read_text(encoding="utf-8")
    for lesson in course.glob("[0-9]*/*.md"):
        assert f"`{lesson.relative_to(course).as_posix()}`" in log
    assert "## Not imported" in log
    assert (course / "README.md").is_file()


def test_carpentries_fixture_layout_and_course(imported) -> None:
    kind, course, site = imported
    if kind != "carpentries":
        pytest.skip("Carpentries only")
    assert sorted(p.relative_to(course).as_posix() for p in course.glob("[0-9]*/*")) == [
        "01-episodes/01-first-teapot.md",
        "01-episodes/02-many-teapots.md",
        "01-episodes/fig",
        "01-episodes/files",
        "01-episodes/index.md",
        "02-learner-resources/01-setup.md",
        "02-learner-resources/02-reference.md",
        "02-learner-resources/03-licence.md",
        "02-learner-resources/04-citation.md",
        "02-learner-resources/chapter.yml",
        "03-instructor-resources/01-instructor-notes.md",
        "03-instructor-resources/chapter.yml",
    ]
    config = (course / "course.yml").read_text()
    assert "title: Counting Teapots" in config
    assert "licence: CC-BY 4.0" in config
    assert "repository: https://github.com/example/counting-teapots" in config
    assert "- term: shell" in (course / "glossary.yml").read_text()
    first = (course / "01-episodes/01-first-teapot.md").read_text()
    assert "[[shell]]" in first
    assert "[counting many](02-many-teapots.md#counting-many-teapots)" in first
    second = (course / "01-episodes/02-many-teapots.md").read_text()
    assert "[the first teapot](01-first-teapot.md#looking)" in second
    assert (site / "media/01-episodes/fig/teapot.svg").is_file()
    log = (course / "_import" / "IMPORT.md").read_text()
    assert "`profiles/learner-profiles.md`: a placeholder page" in log


def test_mkdocs_fixture_layout_and_course(imported) -> None:
    kind, course, site = imported
    if kind != "mkdocs":
        pytest.skip("MkDocs only")
    assert sorted(p.relative_to(course).as_posix() for p in course.glob("[0-9]*/*.md")) == [
        "01-introduction/01-home.md",
        "02-basics/01-water.md",
        "02-basics/02-leaves.md",
        "02-basics/index.md",
        "03-extras/01-cups.md",
        "04-other-pages/01-notes.md",
    ]
    water = (course / "02-basics/01-water.md").read_text()
    assert water.startswith("---\ntitle: Water\n")
    assert "summary: How hot, how much." in water
    assert "# Water" not in water
    assert "<kbd>Ctrl</kbd>+<kbd>C</kbd>" in water
    leaves = (course / "02-basics/02-leaves.md").read_text()
    assert '--8<-- "../_snippets/snippets/steep.py:timer"' in leaves
    html = (site / "basics/leaves/index.html").read_text()
    assert "steep for" in html
    assert "--8&lt;--" not in html
    home = (site / "introduction/home/index.html").read_text()
    assert "😉" in home
    assert "brews tea 🍵 step by step" in home  # :material-tea: has an emoji of its name
    assert (site / "media/img/pot.svg").is_file()
    config = (course / "course.yml").read_text()
    assert "licence: MIT" in config
    assert "author: The Tea Testers" in config
    log = (course / "_import" / "IMPORT.md").read_text()
    assert "`docs/unused.md`: not in nav" in log
    assert "«Tea on the web»" in log


# -- the command -------------------------------------------------------------------------------


def test_import_refuses_a_folder_that_is_not_empty_unless_forced(tmp_path: Path) -> None:
    output = tmp_path / "lessons"
    output.mkdir()
    (output / "old.txt").write_text("keep me")
    runner = CliRunner()
    source = str(FIXTURES / "mkdocs")
    refused = runner.invoke(main, ["import", "mkdocs", source, "-o", str(output)])
    assert refused.exit_code != 0
    assert "not empty" in refused.output
    assert (output / "old.txt").is_file()
    forced = runner.invoke(main, ["import", "mkdocs", source, "-o", str(output), "--force"])
    assert forced.exit_code == 0, forced.output
    assert not (output / "old.txt").exists()
    assert (output / "course.yml").is_file()


def test_import_refuses_sources_of_the_wrong_kind(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="no config.yaml"):
        import_lesson("carpentries", FIXTURES / "mkdocs", tmp_path / "a")
    with pytest.raises(BuildError, match="no mkdocs.yml"):
        import_lesson("mkdocs", FIXTURES / "carpentries", tmp_path / "b")


def test_anchors_match_the_engine(imported) -> None:
    """The importer predicts the ids the engine gives headings and exercises."""
    kind, course, site = imported
    if kind != "carpentries":
        pytest.skip("Carpentries only")
    body = (course / "01-episodes/01-first-teapot.md").read_text().split("---\n", 2)[2]
    predicted = anchors_of(body)
    built = _Page()
    built.feed((site / "episodes/first-teapot/index.html").read_text())
    assert {"looking", "exercise-find-the-teapot", "exercise-second-look"} <= predicted
    assert {"looking", "exercise-find-the-teapot", "exercise-second-look"} <= built.ids
