"""What a learner clicks: quizzes, hints, progress, search, theme, keyboard, accessibility."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from courseware.course.search import SearchIndex

from .support import Site, find_lesson

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def test_quiz_explains_a_wrong_answer_then_scores_a_right_one(site: Site, page: Page) -> None:
    lesson = find_lesson(site.index, quiz=True)
    page.goto(site.url(lesson.path))
    quiz = page.locator("form.quiz").first
    question = quiz.locator(".quiz-question").first
    wrong = question.locator("input:not([data-correct])").first
    wrong.check()
    quiz.get_by_role("button", name="Check answers").click()
    option = question.locator(".quiz-option.is-wrong")
    expect(option).to_have_count(1)
    expect(option.locator(".quiz-explain")).to_be_visible()
    expect(question.locator(".quiz-feedback")).to_contain_text("Not quite")

    quiz.get_by_role("button", name="Try again").click()
    expect(question.locator(".quiz-option.is-wrong")).to_have_count(0)
    for box in quiz.locator("input[data-correct]").all():
        box.check()
    quiz.get_by_role("button", name="Check answers").click()
    total = quiz.locator(".quiz-question").count()
    expect(quiz.locator(".quiz-score")).to_have_text(f"Score: {total} / {total}")
    expect(question.locator(".quiz-feedback")).to_have_text("Question 1: Correct!")


def test_hints_open_one_at_a_time_then_the_solution(site: Site, page: Page) -> None:
    lesson = find_lesson(site.index, hints=2)
    page.goto(site.url(lesson.path))
    exercise = (
        page.locator("section.exercise")
        .filter(has=page.locator("details.hint + details.hint"))
        .first
    )
    hints = exercise.locator("details.hint")
    expect(hints.nth(0)).to_be_visible()
    expect(hints.nth(1)).to_be_hidden()
    hints.nth(0).locator("summary").click()
    expect(hints.nth(0).locator("p").first).to_be_visible()
    expect(hints.nth(1)).to_be_visible()
    solution = exercise.locator("details.solution")
    solution.locator("summary").click()
    expect(solution).to_have_attribute("open", "")


def test_progress_persists_exports_resets_and_imports(
    site: Site, page: Page, tmp_path: Path
) -> None:
    lesson = site.index.default.lessons[1]
    page.goto(site.url(lesson.path))
    toggle = page.locator(".complete-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator(".complete-toggle")).to_have_attribute("aria-pressed", "true")
    tick = page.locator('#sidebar a[aria-current="page"]')
    expect(tick).to_have_class(re.compile(r"\bis-done\b"))

    page.goto(site.url())
    expect(page.locator(".progress-summary")).to_contain_text("You have completed 1 /")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text())["lessons"][lesson.key]["done"] is True

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(page.locator(".progress-summary")).to_contain_text("You have completed 0 /")
    expect(page.locator(f'.lesson-item[data-key="{lesson.key}"]')).not_to_have_class(
        re.compile("is-done")
    )

    page.locator(".progress-import").set_input_files(str(exported))
    expect(page.locator(".progress-message")).to_contain_text("Progress imported")
    expect(page.locator(f'.lesson-item[data-key="{lesson.key}"]')).to_have_class(
        re.compile("is-done")
    )
    expect(page.locator(".continue-link")).to_be_visible()


def test_importing_a_foreign_file_changes_nothing(site: Site, page: Page, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": "world"}')
    page.goto(site.url())
    page.locator(".progress-import").set_input_files(str(bad))
    expect(page.locator(".progress-message")).to_contain_text("not a progress file")


def test_passing_every_quiz_completes_the_lesson(site: Site, page: Page) -> None:
    lesson = find_lesson(site.index, quiz=True, checks=False)
    page.goto(site.url(lesson.path))
    for quiz in page.locator("form.quiz").all():
        for box in quiz.locator("input[data-correct]").all():
            box.check()
        quiz.get_by_role("button", name="Check answers").click()
    expect(page.locator(".complete-toggle")).to_have_attribute("aria-pressed", "true")


def _distinctive_word(site: Site) -> tuple[str, str]:
    """A word from a lesson's body that search ranks first for that lesson."""
    search = SearchIndex.build(site.index.default)
    for lesson in site.index.default.lessons[3:]:
        for section in lesson.rendered.sections[1:]:
            for word in re.findall(r"[A-Za-z]{9,}", section.text):
                results = search.query(word)
                if len(results) == 1 and results[0].path == lesson.path:
                    return word, lesson.path
    raise LookupError("no distinctive word found")


def test_search_finds_a_word_from_a_lesson_body_and_opens_it(site: Site, page: Page) -> None:
    word, path = _distinctive_word(site)
    page.goto(site.url())
    page.keyboard.press("/")
    box = page.locator("#search-input")
    expect(box).to_be_focused()
    box.type(word.lower())
    option = page.locator("#search-input + kbd + .search-popup [role=option]").first
    expect(option).to_be_visible()
    expect(option.locator("mark").first).to_be_visible()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(site.url(path))))


def test_search_page_shows_results_for_the_query_in_the_address(site: Site, page: Page) -> None:
    word, path = _distinctive_word(site)
    page.goto(site.url(f"search/?q={word}"))
    link = page.locator(".search-result-link").first
    expect(link).to_be_visible()
    assert site.url(path) in link.evaluate("a => a.href")


def test_dark_theme_is_remembered(site: Site, page: Page) -> None:
    page.goto(site.url())
    toggle = page.locator(".theme-toggle")
    while page.evaluate("document.documentElement.dataset.theme") != "dark":
        toggle.click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(15, 20, 25)"


def test_keyboard_moves_to_next_and_previous_lessons_but_not_while_typing(
    site: Site, page: Page
) -> None:
    first, second = site.index.default.lessons[:2]
    page.goto(site.url(first.path))
    page.keyboard.press("n")
    page.wait_for_url(site.url(second.path))
    page.locator("#search-input").focus()
    page.keyboard.type("n")
    assert page.url == site.url(second.path)
    page.locator("#search-input").press("Escape")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("p")
    page.wait_for_url(site.url(first.path))


def test_copy_button_copies_code_and_says_so(site: Site, page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    lesson = find_lesson(site.index, quiz=True)
    page.goto(site.url(lesson.path))
    button = page.locator(".highlight .copy-button").first
    button.click()
    expect(button).to_have_text("Copied")
    expect(page.locator("[role=status]").last).to_have_text("Code copied to clipboard")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_accessibility_violations(site: Site, page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    axe = (files("axe_playwright_python") / "axe.min.js").read_text()
    lesson = find_lesson(site.index, quiz=True, hints=1)
    chapter = site.index.default.chapter_of(lesson)
    for path in ("", chapter.path, lesson.path):
        page.goto(site.url(path))
        page.evaluate(axe)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
            "rules: {'target-size': {enabled: true}}})",
            AXE_TAGS,
        )
        problems = [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
        ]
        assert problems == [], f"{scheme} {path or 'home'}"


def test_without_javascript_lessons_and_answers_are_readable(browser, site: Site) -> None:  # noqa: ANN001
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    lesson = find_lesson(site.index, quiz=True, hints=1)
    page.goto(site.url(lesson.path))
    expect(page.locator(".quiz-question legend").first).to_be_visible()
    expect(page.locator(".quiz-actions").first).to_be_hidden()
    answers = page.locator("details.quiz-answer").first
    answers.locator("summary").click()
    expect(answers.locator(".is-correct").first).to_be_visible()
    expect(page.locator("details.solution").first).to_be_visible()
    context.close()


def test_search_without_javascript_on_the_live_server(browser, live_site: Site) -> None:  # noqa: ANN001
    word, path = _distinctive_word(live_site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site.url())
    page.locator("#search-input").fill(word)
    page.locator("#search-input").press("Enter")
    expect(page.locator(".search-result-link").first).to_have_attribute("href", re.compile(path))
    context.close()


@pytest.mark.parametrize(
    "payload", ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>"]
)
def test_reflected_input_never_runs(site: Site, page: Page, payload: str) -> None:
    from urllib.parse import quote

    page.goto(site.url(f"search/?q={quote(payload)}"))
    page.wait_for_timeout(300)
    page.goto(site.url(f"no-such-page/{quote(payload)}/"))
    assert page.evaluate("window.__xss") is None


ENGLISH_LABELS = [
    "Skip to content",
    "Course home",
    "On this page",
    "Check answers",
    "Check question",
    "Try again",
    "Mark lesson as complete",
    "Previous",
    "Next",
    "Key points",
    "Objectives",
    "Choose one answer.",
    "Summaries",
    "Exercises handout",
    "Instructor view",
    "Hint 1",
    "Solution",
    "Answer",
    "Reading:",
    "Teaching:",
    "Copy",
    "Search the course",
]


def test_a_spanish_page_has_no_english_interface_left(site: Site, page: Page) -> None:
    spanish = site.index.editions["es"]
    lesson = next(x for x in spanish.lessons if x.status == "translated" and x.rendered.quizzes)
    page.goto(site.url(lesson.path))
    expect(page.locator(".copy-button").first).to_have_text("Copiar")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    visible = page.locator("body").inner_text()
    labels = page.evaluate(
        "[...document.querySelectorAll('[aria-label], [placeholder], [title]')].map(e => "
        "['aria-label', 'placeholder', 'title'].map(a => e.getAttribute(a) || '').join(' '))"
    )
    left = [
        label for label in ENGLISH_LABELS if label in visible or any(label in x for x in labels)
    ]
    assert left == []
    page.locator("form.quiz input:not([data-correct])").first.check()
    page.locator("form.quiz button[type=submit]").first.click()
    expect(page.locator(".quiz-feedback.is-wrong").first).to_contain_text("No del todo")


def test_the_language_switcher_leads_to_the_same_lesson(site: Site, page: Page) -> None:
    lesson = next(x for x in site.index.editions["es"].lessons if x.status == "translated")
    page.goto(site.url(lesson.original))
    page.locator(".language-menu summary").click()
    page.locator(".languages a[hreflang=es]").click()
    page.wait_for_url(site.url(lesson.path))
    page.locator(".language-menu summary").click()
    page.locator(".languages a[hreflang=en]").click()
    page.wait_for_url(site.url(lesson.original))


def test_the_language_menu_closes_on_escape_and_on_a_click_elsewhere(
    site: Site, page: Page
) -> None:
    """languages.js, linked by the pages of a course in more than one language."""
    page.goto(site.url(find_lesson(site.index).path))
    menu = page.locator(".language-menu")
    summary = menu.locator("summary")
    summary.click()
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()
    summary.click()
    expect(menu).to_have_attribute("open", "")
    page.locator("main h1").click()
    expect(menu).not_to_have_attribute("open", "")


def test_with_a_playground_a_lesson_waits_for_its_checks_too(site: Site, page: Page) -> None:
    """Quizzes alone do not complete a lesson whose exercises learners can check."""
    lesson = find_lesson(site.index, quiz=True, checks=True)
    page.goto(site.url(lesson.path))
    if page.locator("html[data-playground]").count() == 0:
        pytest.skip("no playground runtime in this build: its checks cannot run")
    for quiz in page.locator("form.quiz").all():
        for box in quiz.locator("input[data-correct]").all():
            box.check()
        quiz.get_by_role("button", name="Check answers").click()
    expect(page.locator(".quiz-question.is-right").first).to_be_visible()
    expect(page.locator(".complete-toggle")).to_have_attribute("aria-pressed", "false")
    ids = page.eval_on_selector_all(".exercise-check", "boxes => boxes.map(b => b.dataset.check)")
    assert len(ids) == len(set(ids)) >= 1  # each check counted on its own
