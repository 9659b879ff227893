"""Lessons written for Carpentries Workbench or MkDocs Material render as their authors meant,
without conversion: fenced divs, Pandoc spans and image attributes, content tabs, emoji and
icon shortcodes, Material's admonition types, Carpentries and MkDocs front matter."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.course.frontmatter import split_front_matter
from courseware.course.loader import load_index
from courseware.course.rendering import Renderer, RenderInput
from courseware.course.rendering.divs import rewrite_divs
from courseware.course.rendering.sanitise import clean_block
from courseware.importers.carpentries import convert_file
from courseware.importers.common import FileLog

from .conftest import findable

FIXTURES = Path(__file__).parent / "fixtures" / "importers" / "carpentries"


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def render(renderer: Renderer, body: str, body_line: int = 1, title: str = "Lesson"):
    item = RenderInput(
        Path("/nonexistent"),
        "01-a/01-x.md",
        "lessons/01-a/01-x.md",
        "",
        textwrap.dedent(body),
        body_line,
        title=title,
    )
    return renderer.render(item)


def messages(out) -> list[str]:  # noqa: ANN001 - a Rendered
    return [f"{d.line}: {d.message}" for d in out.diagnostics]


def visible_text(html: str) -> str:
    """The page's text outside code, as a learner reads it."""
    html = re.sub(r"<(pre|code)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


CHALLENGE = """\
Intro.

::::::::::::::::::::::::::::::::::::: challenge

## Challenge 1: Can you do it?

What is the output?

:::::::::::::::::::::::: hint

Think of `paste`.

::::::::::::::::::::::::

:::::::::::::::::::::::: solution

## Output

It prints 42.

:::::::::::::::::::::::::::::::::

::::::::::::::::::::::::::::::::::::::::::::::::

After.
"""


# -- fenced divs ----------------------------------------------------------------------------


def test_a_challenge_div_is_an_exercise_titled_by_its_heading_with_hint_and_solution_closed(
    renderer: Renderer,
) -> None:
    out = render(renderer, CHALLENGE)
    assert messages(out) == []
    assert '<section aria-labelledby="exercise-challenge-1-can-you-do-it" class="exercise">' in (
        out.html
    )
    assert "Challenge 1: Can you do it?</h" in out.html
    assert '<details class="hint">\n<summary>Hint 1</summary>' in out.html
    assert '<details class="solution">\n<summary>Solution: Output</summary>' in out.html
    assert "<details open" not in out.html
    assert [exercise.title for exercise in out.exercises] == ["Challenge 1: Can you do it?"]
    assert out.exercises[0].hints == 1 and out.exercises[0].has_solution
    # "On this page" lists the exercise, never "Solution"
    assert [heading.title for heading in out.toc] == ["Exercise: Challenge 1: Can you do it?"]
    assert ":::" not in visible_text(out.html)


@pytest.mark.parametrize(
    "opening",
    ["::: challenge", "::::::: challenge :::::::", "::: {.challenge}", "::: {#first .challenge}"],
)
def test_a_div_opens_with_a_word_or_attributes_and_any_number_of_colons(
    renderer: Renderer, opening: str
) -> None:
    out = render(renderer, f"{opening}\n\n## Add a route\n\nDo it.\n\n:::\n")
    assert messages(out) == []
    assert [exercise.title for exercise in out.exercises] == ["Add a route"]


def test_a_closing_fence_closes_the_innermost_div_whatever_its_colons(renderer: Renderer) -> None:
    body = "::::: callout\n## Outer\n\n:::::::: callout\n## Inner\n\nIn.\n\n:::\n\nOut.\n\n:::\n"
    out = render(renderer, body)
    assert messages(out) == []
    inner = out.html.index("Inner")
    assert out.html.index("In.") > inner and out.html.index("Out.") > out.html.index("In.")
    assert out.html.count('class="admonition note"') == 2
    assert re.search(r"In\.</p>\s*</div>\s*<p>Out\.</p>\s*</div>", out.html)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("callout", '<div class="admonition note" role="note">'),
        ("caution", '<div class="admonition caution" role="note">'),
        ("checklist", '<div class="admonition checklist" role="note">'),
        ("prereq", '<div class="admonition prereq" role="note">'),
        ("discussion", '<div class="admonition discussion" role="note">'),
        ("testimonial", '<div class="admonition testimonial" role="note">'),
        ("keypoints", '<p class="admonition-title">Key points</p>'),
        ("objectives", '<p class="admonition-title">Objectives</p>'),
        ("questions", '<p class="admonition-title">Questions</p>'),
        ("spoiler", '<details class="note">\n<summary>Details</summary>'),
        ("solution", '<details class="note">\n<summary>Solution</summary>'),  # no challenge
    ],
)
def test_each_carpentries_kind_renders_as_a_box_the_engine_knows(
    renderer: Renderer, kind: str, expected: str
) -> None:
    out = render(renderer, f"::: {kind}\n\n- one\n- two\n\n:::\n")
    assert messages(out) == []
    assert expected in out.html
    assert "<li>one</li>" in out.html


def test_a_div_of_an_unknown_kind_is_a_note_with_a_warning(renderer: Renderer) -> None:
    out = render(renderer, "::: sidebar\nText.\n:::\n", body_line=5)
    assert 'class="admonition note"' in out.html
    assert messages(out) == [
        "5: '::: sidebar' is not a kind of div this engine knows, so it shows as a note; use one "
        "of challenge, exercise, solution, hint, instructor, callout, caution, checklist, prereq, "
        "discussion, testimonial, spoiler, keypoints, objectives, questions, group-tab, tab"
    ]


def test_a_div_never_closed_or_a_stray_closing_fence_is_reported_at_its_line(
    renderer: Renderer,
) -> None:
    out = render(renderer, "Text.\n\n:::\n\n::: callout\nNever closed.\n", body_line=10)
    assert messages(out) == [
        "12: this ':::' closes no div: there is no '::: challenge' (or other div) open above "
        "it; remove it, or add the div's opening line",
        "14: this '::: callout' is never closed, so it runs to the end of the lesson; add a "
        "line ':::' where it ends",
    ]
    assert ":::" not in visible_text(out.html)


def test_diagnostics_inside_divs_keep_the_authors_line_numbers(renderer: Renderer) -> None:
    body = "::: challenge\n\n## Title\n\n```pyhton\nx = 1\n```\n\n:::\n\n#### Skipped\n"
    out = render(renderer, body, body_line=7)
    assert messages(out) == [
        "11: 'pyhton' is not a language the highlighter knows, so the code shows "
        "uncoloured: did you mean 'python'?",
        "17: heading levels skip from # to ####; use ## here, so the outline (and "
        "screen readers) follow",
    ]


def test_the_rewrite_keeps_every_line_where_it_was() -> None:
    lines = CHALLENGE.split("\n")
    rewritten, findings = rewrite_divs(lines)
    assert findings == [] and len(rewritten) == len(lines)
    assert rewritten[2] == '!!! exercise "Challenge 1: Can you do it?"'
    assert rewritten[6] == "    What is the output?"
    assert rewritten[8] == '    ??? hint "Hint"'
    assert rewritten[4] == rewritten[16] == ""  # the headings became the titles
    assert rewritten[18] == "        It prints 42."


def test_colons_inside_code_are_code(renderer: Renderer) -> None:
    out = render(renderer, "````markdown\n::: instructor\nShown as code.\n:::\n````\n")
    assert messages(out) == [] and "Shown as code." in out.html
    assert out.instructor_notes == 0


def test_tab_divs_become_content_tabs_one_per_heading(renderer: Renderer) -> None:
    body = "::: group-tab\n\n### Windows\n\nUse dir.\n\n### Mac\n\nUse ls.\n\n:::\n"
    out = render(renderer, body)
    assert messages(out) == []
    assert re.findall(r"<label for=[^>]+>([^<]+)</label>", out.html) == ["Windows", "Mac"]
    assert "<h3" not in out.html


# -- instructor notes -----------------------------------------------------------------------

INSTRUCTOR = """\
Learner text.

::::::::::::::::::::: instructor

## Pacing

Zanzibarian pacing[^pace] advice.

[^pace]: Mention the quokkarium.

:::::::::::::::::::::

More learner text.
"""


def test_a_fenced_instructor_note_is_only_on_the_instructor_page(renderer: Renderer) -> None:
    out = render(renderer, INSTRUCTOR)
    assert messages(out) == []
    assert out.instructor_notes == 1
    assert "Zanzibarian" in out.instructor_html and "Instructor note: Pacing" in out.instructor_html
    assert findable(out, "learner text")
    for secret in ("Zanzibarian", "quokkarium", "Pacing"):
        assert secret not in out.html
        assert not findable(out, secret)
        assert secret not in str(out.sections)
    assert 'class="footnote"' not in out.html  # the note's footnote went with it


def test_fenced_instructor_notes_stay_off_learner_pages_print_and_search(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("01-basics/03-carp.md", f"---\ntitle: Carp\n---\n\n{INSTRUCTOR}")
    client = make_app().test_client()
    learner = client.get("/basics/carp/").get_data(as_text=True)
    printed = client.get("/print/basics/").get_data(as_text=True)
    # the print page lists the chapter's lessons, which the browser gathers from their pages
    assert "More learner text." in learner and "carp/" in printed
    for page in (learner, printed):
        assert "Zanzibarian" not in page and "quokkarium" not in page
    assert "/basics/carp/" in client.get("/search/?q=learner").get_data(as_text=True)
    for word in ("zanzibarian", "quokkarium"):
        assert "/basics/carp/" not in client.get(f"/search/?q={word}").get_data(as_text=True)
    instructor = client.get("/instructor/basics/carp/").get_data(as_text=True)
    assert "Zanzibarian" in instructor


KINDS = ["challenge", "solution", "hint", "callout", "instructor", "spoiler", "tab", "keypoints"]
SECRET = "Xyloquint"


@st.composite
def div_soup(draw: st.DrawFn) -> str:
    """Lines of divs of random kinds and colon counts, closers missing or extra, text between;
    every line inside an instructor div carries the secret word."""
    lines: list[str] = []
    open_kinds: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        actions = ["open", "close", "text", "heading", "blank", "code", "indented", "list"]
        action = draw(st.sampled_from(actions))
        hidden = "instructor" in open_kinds
        word = SECRET if hidden else "plain"
        if action == "open":
            kind = draw(st.sampled_from(KINDS))
            colons = ":" * draw(st.integers(3, 12))
            form = draw(st.sampled_from(["{c} {k}", "{c} {{.{k}}}", "{c}{k}", "{c} {k} {c}"]))
            lines.append(form.format(c=colons, k=kind))
            open_kinds.append(kind)
        elif action == "close":
            lines.append(":" * draw(st.integers(3, 12)))
            if open_kinds:
                open_kinds.pop()
        elif action == "heading":
            lines.append("#" * draw(st.integers(1, 4)) + f" {word} heading")
        elif action == "code":
            lines.extend(["```", f"{word} code :::", "```"])
        elif action == "indented":
            lines.append(" " * draw(st.integers(1, 9)) + f"{word} indented")
        elif action == "list":
            lines.extend([f"- {word} item", f"  {word} more", f"    {word} deeper"])
        elif action == "text":
            lines.append(f"{word} text " + draw(st.sampled_from(["", "*em*", "`x`", "- item"])))
        else:
            lines.append("")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(body=div_soup())
def test_any_nesting_of_divs_renders_and_never_shows_instructor_text(
    renderer: Renderer, body: str
) -> None:
    lines = body.split("\n")
    rewritten, _ = rewrite_divs(lines)
    assert len(rewritten) == len(lines)
    out = renderer.render(
        RenderInput(Path("/nonexistent"), "01-a/01-x.md", "x.md", "", body, 1, title="T")
    )
    assert SECRET not in out.html
    assert not findable(out, SECRET)
    assert not re.search(r"^\s*:::", visible_text(out.html), re.M)


# -- Pandoc spans and image attributes ------------------------------------------------------


def test_a_bracketed_span_is_an_anchor_links_can_point_to(renderer: Renderer) -> None:
    body = (
        'The [absolute path]{#absolute-path .term data-x="1" onclick="alert(1)" lang="en"} is '
        "[defined here](#absolute-path); a link [stays](https://example.org){.ext}.\n"
    )
    out = render(renderer, body)
    assert messages(out) == []
    assert '<span class="term" id="absolute-path" lang="en">absolute path</span>' in out.html
    assert "absolute-path" in out.anchors
    assert "onclick" not in out.html and "data-x" not in out.html
    assert '<a class="ext" href="https://example.org">stays</a>' in out.html
    assert "{" not in visible_text(out.html)


def test_image_attributes_apply_even_over_several_lines(renderer: Renderer) -> None:
    body = '![](fig/tree.svg){alt=\'A tree with "root"\nand two branches\' width="50%"}\n'
    out = render(renderer, body)
    assert 'alt="A tree with &quot;root&quot; and two branches"' in out.html
    assert 'width="50%"' in out.html
    assert "{" not in visible_text(out.html)


# -- MkDocs Material ------------------------------------------------------------------------

TABS = """\
=== "Windows"

    Use `dir`.

    !!! note
        Inside a tab.

=== "Linux"

    Use `ls`.
"""


def test_content_tabs_are_radio_buttons_and_labels_that_work_without_javascript(
    renderer: Renderer,
) -> None:
    out = render(renderer, TABS)
    assert messages(out) == []
    inputs = re.findall(r"<input[^>]*>", out.html)
    assert len(inputs) == 2 and 'checked=""' in inputs[0] and 'type="radio"' in inputs[0]
    ids = re.findall(r'id="([^"]+)"', "".join(inputs))
    assert re.findall(r'<label for="([^"]+)">', out.html) == ids
    assert all(ident.startswith("tab-") for ident in ids)  # unique to the lesson
    assert "Inside a tab." in out.html and "===" not in visible_text(out.html)


def test_tab_ids_differ_between_lessons(renderer: Renderer) -> None:
    first = render(renderer, TABS).html
    other = renderer.render(
        RenderInput(Path("/nonexistent"), "01-a/02-y.md", "y.md", "", TABS, 1, title="Y")
    ).html
    assert re.findall(r'id="(tab-[^"]+)"', first) != re.findall(r'id="(tab-[^"]+)"', other)


def test_a_tab_title_without_quotes_is_reported(renderer: Renderer) -> None:
    out = render(renderer, '=== "Windows\n\n    text\n')
    assert any("tab's title must be in double quotes" in message for message in messages(out))


def test_emoji_are_characters_and_icons_a_named_mark_never_fetched(renderer: Renderer) -> None:
    out = render(renderer, "Hi :wink: :fontawesome-solid-file-pdf: Slides, 12:30:45 `:smile:`.\n")
    assert messages(out) == []
    assert '<span aria-label="wink" class="emoji" role="img">\U0001f609</span>' in out.html
    assert '<span aria-label="file pdf" class="icon" role="img"></span> Slides' in out.html
    assert "12:30:45" in out.html and "<code>:smile:</code>" in out.html
    assert "<img" not in out.html and "http" not in out.html


@pytest.mark.parametrize(
    "marker",
    [
        '??? question "Why?"',
        '??? done "Answer"',
        '??? answer "Answer"',
        '??? success "Answer"',
        '!!! abstract "Summary"',
        '!!! info "Info"',
        '!!! failure "No"',
        '!!! bug "Bug"',
        '!!! example "Example"',
        '!!! quote "Quote"',
        '!!! question "Exercise"',
        '!!! hint "Material calls a tip a hint"',
    ],
)
def test_material_admonition_types_are_known(renderer: Renderer, marker: str) -> None:
    out = render(renderer, f"{marker}\n    Body.\n")
    assert messages(out) == []
    tag = "details" if marker.startswith("???") else "div"
    assert f'<{tag} class="{"admonition " if tag == "div" else ""}{marker.split()[1]}"' in out.html
    assert "<details open" not in out.html


def test_a_hint_inside_an_exercise_is_still_the_exercises_hint(renderer: Renderer) -> None:
    out = render(renderer, '!!! exercise "X"\n    Do.\n\n    !!! hint\n        Look.\n')
    assert any("'!!! hint' is shown open" in message for message in messages(out))


# -- titles and front matter ----------------------------------------------------------------


@pytest.mark.parametrize("heading", ["# Lesson {#lesson}", "# Lesson {: #lesson .big }"])
def test_a_body_heading_repeating_the_title_with_attributes_is_dropped(
    renderer: Renderer, heading: str
) -> None:
    out = render(renderer, f"{heading}\n\nText.\n")
    assert messages(out) == [] and "<h1" not in out.html


def test_carpentries_times_and_an_mkdocs_heading_title_need_no_changes(
    write: Callable, make_app: Callable[..., Flask], lessons_dir: Path
) -> None:
    write("01-basics/03-carp.md", "---\ntitle: Carp\nteaching: 25\nexercises: 10\n---\n\nText.\n")
    write("01-basics/04-mk.md", "# Made with MkDocs {#top}\n\nText.\n")
    index = load_index(lessons_dir)
    lessons = {lesson.slug: lesson for lesson in index.default.lessons}
    assert (lessons["carp"].minutes, lessons["carp"].exercises_minutes) == (25, 10)
    assert lessons["mk"].title == "Made with MkDocs"
    assert [str(d) for d in index.diagnostics if "03-carp" in str(d) or "04-mk" in str(d)] == []
    page = make_app().test_client().get("/basics/mk/").get_data(as_text=True)
    assert page.count("<h1") == 1 and "Made with MkDocs</h1>" in page


def test_the_sanitiser_keeps_a_tabs_checked_button_but_not_an_authors_input() -> None:
    assert clean_block('<input type="radio" checked>') == ""


def test_an_instructor_note_inside_an_exercise_or_its_solution_leaves_the_learner_page(
    renderer: Renderer,
) -> None:
    body = (
        "::: challenge\n## Do it\nText.\n::: instructor\nZanzibarian one\n:::\n"
        "::: solution\nSol.\n\n!!! instructor\n    Zanzibarian two\n:::\n:::\n"
    )
    out = render(renderer, body)
    assert out.instructor_notes == 2 and out.instructor_html.count("Zanzibarian") == 2
    assert "Zanzibarian" not in out.html and "Sol." in out.html


def test_objectives_and_keypoints_divs_become_the_lessons_lists_where_it_has_none(
    write: Callable, lessons_dir: Path
) -> None:
    body = (
        "::::: objectives\n\n- Explain `ls`.\n- Use paths\n  that wrap.\n\n:::::\n\n"
        "Text.\n\n```pyhton\nx\n```\n\n::::: keypoints\n\n- Paths matter.\n\n:::::\n"
    )
    write("01-basics/03-carp.md", f"---\ntitle: Carp\n---\n\n{body}")
    write("01-basics/04-own.md", f"---\ntitle: Own\nkeypoints: [Mine]\n---\n\n{body}")
    shown = "```markdown\n::: keypoints\n- An example.\n:::\n```\n"
    write("01-basics/05-shown.md", f"---\ntitle: Shown\n---\n\n{shown}")
    index = load_index(lessons_dir)
    lessons = {lesson.slug: lesson for lesson in index.default.lessons}
    carp, own = lessons["carp"], lessons["own"]
    assert carp.objectives == ("Explain `ls`.", "Use paths that wrap.")
    assert carp.keypoints == ("Paths matter.",)
    assert "Paths matter." not in carp.html  # shown once, by the page's own key points
    assert own.keypoints == ("Mine",) and "Paths matter." in own.html  # its own list wins
    assert lessons["shown"].keypoints == () and "An example." in lessons["shown"].html
    lines = [d.line for d in index.diagnostics if "03-carp" in str(d)]
    assert lines == [15]  # the line of ```pyhton, unchanged


def test_markup_inside_an_images_attribute_quotes_is_its_text(renderer: Renderer) -> None:
    body = "![Flow](fig/x.svg){alt='Running `build(x = TRUE)`, *then*\nHTML.'}\n"
    out = render(renderer, body)
    assert 'alt="Running `build(x = TRUE)`, then HTML."' in out.html
    assert "{" not in visible_text(out.html) and "<code>" not in out.html


def test_a_block_type_of_the_authors_own_is_a_plain_box_with_a_warning(
    renderer: Renderer,
) -> None:
    out = render(renderer, '!!! terminal-2 "Run it"\n    ls\n\n!!! exersice "X"\n    Do.\n')
    assert 'class="admonition terminal-2"' in out.html
    found = [(d.line, d.is_error) for d in out.diagnostics]
    assert found == [(1, False), (4, True)]  # a typo of a known type stays an error


def test_materials_inline_modifiers_are_not_a_title_without_quotes(renderer: Renderer) -> None:
    out = render(renderer, '!!! info inline end "Aside"\n    Floats.\n')
    assert messages(out) == [] and 'class="admonition info inline end"' in out.html


def test_code_like_brackets_and_braces_are_not_spans(renderer: Renderer) -> None:
    out = render(renderer, "a[0]{1}, x [0]{1} and \\[v]{#w} stay as typed.\n")
    assert "<span" not in out.html and "a[0]{1}, x [0]{1} and [v]{#w}" in out.html


# -- the importer and native reading agree ---------------------------------------------------


@pytest.mark.parametrize("episode", sorted((FIXTURES / "episodes").glob("*.md")), ids=str)
def test_an_episode_read_natively_has_the_exercises_and_notes_the_importer_makes(
    renderer: Renderer, episode: Path
) -> None:
    text = episode.read_text(encoding="utf-8")
    log = FileLog("01-episodes/01-x.md", f"episodes/{episode.name}")
    imported = convert_file(text, "01-episodes/01-x.md", f"episodes/{episode.name}", log, {})
    split = split_front_matter(text, episode.name)
    native = render(renderer, split.body, title=str(split.meta.data.get("title", "")))
    converted = render(renderer, imported.body, title=imported.meta["title"])

    def shape(out) -> tuple:  # noqa: ANN001 - a Rendered
        exercises = [(e.title, e.hints, e.has_solution) for e in out.exercises]
        return exercises, out.instructor_notes

    assert shape(native) == shape(converted)
    # links to other files, and to the Workbench's links.md, are the importer's to resolve
    errors = [d.message for d in native.diagnostics if d.is_error]
    assert [m for m in errors if "does not exist" not in m and "refers to" not in m] == []
    assert "SECRET" not in native.html and "SECRET" in native.instructor_html
