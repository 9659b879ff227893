"""Assessment that teaches: options in an order that reveals nothing, questions checked one at
a time, mistakes that come back for review on later days, progress carried by a link."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from importlib.resources import files

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from .support import Site, find_lesson

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
#: noon, so that "tomorrow" never depends on the time zone the browser runs in
MONDAY = datetime(2030, 3, 4, 12, 0, tzinfo=UTC)


def progress(page: Page) -> dict:
    return json.loads(
        page.evaluate(
            "localStorage.getItem('courseware:v1:' + document.documentElement.dataset.course)"
        )
        or "{}"
    )


def open_quiz(page: Page, url: str) -> Locator:
    """Open a lesson and wait for quiz.js to take over its quizzes (and shuffle them)."""
    page.goto(url)
    page.wait_for_function(
        "[...document.querySelectorAll('form.quiz')].every(form => form.dataset.ready)"
    )
    return page.locator("form.quiz").first


def orders(page: Page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "form.quiz .quiz-question",
        "questions => questions.map(q => [...q.querySelectorAll('.quiz-option label')]"
        ".map(label => label.textContent))",
    )


def single(quiz: Locator) -> Locator:
    return quiz.locator('.quiz-question[data-type="single"]').first


def axe(page: Page) -> list[str]:
    page.evaluate((files("axe_playwright_python") / "axe.min.js").read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "rules: {'target-size': {enabled: true}}})",
        AXE_TAGS,
    )
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def new_page(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    return context, context.new_page()


def test_each_learner_has_an_order_of_options_that_stays_across_reloads(
    site: Site, browser: Browser
) -> None:
    lesson = find_lesson(site.index, quiz=True)
    seen = []
    for _ in range(2):
        context, page = new_page(browser)
        open_quiz(page, site.url(lesson.path))
        first = orders(page)
        open_quiz(page, site.url(lesson.path))
        assert orders(page) == first, "the same learner sees the same order after a reload"
        assert page.eval_on_selector_all(
            "form.quiz .quiz-question",
            """questions => questions.every(q => {
                const inputs = [...q.querySelectorAll('.quiz-option input')];
                const answers = [...q.querySelectorAll('.quiz-answer li')];
                return answers.every((li, n) =>
                    li.classList.contains('is-correct') === inputs[n].hasAttribute('data-correct')
                    && li.querySelector('.quiz-letter').textContent === 'ABCDEFGH'[n]);
            })""",
        ), "the answer disclosure follows the learner's order"
        seen.append((progress(page)["seed"], first))
        context.close()
    (seed_a, order_a), (seed_b, order_b) = seen
    assert seed_a != seed_b
    assert order_a != order_b, "two learners see the options in different orders"
    assert [sorted(q) for q in order_a] == [sorted(q) for q in order_b]


def test_without_javascript_the_answer_is_not_always_first_and_the_review_explains_itself(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    positions = []
    for lesson in site.index.default.lessons:
        if lesson.rendered and lesson.rendered.quizzes:
            page.goto(site.url(lesson.path))
            positions += page.eval_on_selector_all(
                '.quiz-question[data-type="single"]',
                "qs => qs.map(q => [...q.querySelectorAll('input')]"
                ".findIndex(i => i.hasAttribute('data-correct')))",
            )
        if len(positions) >= 30:
            break
    page.goto(site.url("review/"))
    expect(page.locator(".review-nojs")).to_be_visible()
    context.close()
    assert 0.1 < positions.count(0) / len(positions) < 0.6, positions


def test_a_question_can_be_checked_alone_and_enter_checks_only_that_one(
    site: Site, page: Page
) -> None:
    lesson = find_lesson(site.index, quiz=True)
    quiz = open_quiz(page, site.url(lesson.path))
    first, second = quiz.locator(".quiz-question").nth(0), quiz.locator(".quiz-question").nth(1)
    second.locator("input:not([data-correct])").first.check()
    second.get_by_role("button", name="Check question 2").click()
    expect(second.locator(".quiz-feedback")).to_contain_text("Question 2: Not quite")
    expect(first.locator(".quiz-feedback")).to_have_text("")
    expect(quiz.locator(".quiz-score")).to_have_text(re.compile("^Question 2: Not quite"))

    url = page.url
    option = first.locator("input[data-correct]").first
    option.check()
    option.press("Enter")
    expect(first.locator(".quiz-feedback")).to_contain_text("Question 1:")
    assert page.url == url, "Enter must not submit the form"
    expect(quiz.locator(".quiz-score")).not_to_contain_text("Score")


def test_unanswered_questions_are_pointed_out_not_scored_wrong(site: Site, page: Page) -> None:
    lesson = find_lesson(site.index, quiz=True)
    quiz = open_quiz(page, site.url(lesson.path))
    questions = quiz.locator(".quiz-question")
    total = questions.count()
    first = questions.nth(0)
    for box in first.locator("input[data-correct]").all():
        box.check()
    quiz.get_by_role("button", name="Check answers").click()
    expect(first.locator(".quiz-feedback")).to_have_text("Question 1: Correct!")
    others = ", ".join(str(n) for n in range(2, total + 1))
    expect(quiz.locator(".quiz-score")).to_have_text(
        f"Score: 1 / 1. Not answered yet, so not counted: {others}"
    )
    expect(questions.nth(1)).to_have_class(re.compile(r"\bis-unanswered\b"))
    expect(questions.nth(1).locator(".quiz-feedback")).to_have_text(
        "Question 2: Not answered yet. Choose an answer first."
    )
    expect(quiz.locator(".quiz-option.is-wrong")).to_have_count(0)
    assert progress(page).get("review", {}) == {}, "nothing was answered wrongly"


def test_missed_options_of_a_multiple_answer_question_are_explained(site: Site, page: Page) -> None:
    lesson = find_lesson(site.index, quiz=True)
    open_quiz(page, site.url(lesson.path))
    question = page.locator('.quiz-question[data-type="multiple"]').first
    correct = question.locator("input[data-correct]")
    assert correct.count() >= 2
    correct.first.check()
    question.locator(".quiz-check").click()
    missed = question.locator(".quiz-option.is-missed")
    expect(missed).to_have_count(correct.count() - 1)
    expect(missed.first.locator(".quiz-explain")).to_contain_text(
        "Also correct, and you did not choose it."
    )
    assert len(missed.first.locator(".quiz-explain").inner_text()) > 45, "with its explanation"


def test_a_quiz_under_a_heading_shows_one_title(site: Site, page: Page) -> None:
    lesson = find_lesson(site.index, quiz=True)
    open_quiz(page, site.url(lesson.path))
    expect(page.locator(".quiz-title")).to_have_count(0)
    expect(page.get_by_role("form", name="Quiz")).to_have_count(1)


def test_the_review_brings_a_wrong_answer_back_on_later_days(site: Site, page: Page) -> None:
    lesson = find_lesson(site.index, quiz=True)
    page.clock.set_fixed_time(MONDAY)
    question = single(open_quiz(page, site.url(lesson.path)))
    asked = question.get_attribute("data-question")
    question.locator("input:not([data-correct])").first.check()
    question.locator(".quiz-check").click()
    expect(question.locator(".quiz-feedback")).to_contain_text("comes back in your review tomorrow")

    page.goto(site.url())
    page.get_by_role("link", name="Review your mistakes").click()
    expect(page.locator(".review-status")).to_have_text(
        "Nothing to review today: the next question comes back tomorrow."
    )
    expect(page.locator(".review-item")).to_have_count(0)

    page.clock.set_fixed_time(MONDAY + timedelta(days=1))
    page.reload()
    expect(page.locator(".review-status")).to_have_text("Questions to review today: 1.")
    item = page.locator(".review-item")
    expect(item.locator(".quiz-question")).to_have_attribute("data-question", asked)
    expect(item.get_by_role("link", name=lesson.title)).to_be_visible()
    for box in item.locator("input[data-correct]").all():
        box.check()
    item.get_by_role("button", name="Check question 1").click()
    expect(item.locator(".quiz-feedback")).to_have_text(
        "Question 1: Correct! It comes back in your review in 3 days."
    )

    page.clock.set_fixed_time(MONDAY + timedelta(days=3))
    page.reload()
    expect(page.locator(".review-status")).to_have_text(
        "Nothing to review today: the next question comes back tomorrow."
    )
    expect(page.locator(".review-item")).to_have_count(0)
    page.clock.set_fixed_time(MONDAY + timedelta(days=4))
    page.reload()
    item = page.locator(".review-item")
    expect(item).to_have_count(1)
    item.locator("input:not([data-correct])").first.check()
    item.locator(".quiz-check").click()
    expect(item.locator(".quiz-feedback")).to_contain_text("comes back in your review tomorrow")
    (entry,) = progress(page)["review"].values()
    assert entry["box"] == 1, "a wrong answer sends the question back to box 1"


def due_today(page: Page, ids: list[str]) -> None:
    """Put questions in this browser's review queue, due today (the page must be the course's)."""
    page.evaluate(
        """ids => {
            const key = 'courseware:v1:' + document.documentElement.dataset.course;
            const progress = JSON.parse(localStorage.getItem(key) || 'null') || {
                version: 1, course: document.documentElement.dataset.course,
                lessons: {}, quizzes: {}, last: null};
            const now = new Date();
            const today = Math.floor((now.getTime() - now.getTimezoneOffset() * 60000) / 86400000);
            progress.review = {};
            ids.forEach(id => { progress.review[id] = {box: 1, due: today}; });
            localStorage.setItem(key, JSON.stringify(progress));
        }""",
        ids,
    )


def quiz_lessons(site: Site, count: int) -> list:
    found = [x for x in site.index.default.lessons if x.rendered and x.rendered.quizzes]
    return found[:count]


def test_the_review_takes_questions_from_several_lessons_with_ids_of_their_own(
    site: Site, page: Page
) -> None:
    first, second = quiz_lessons(site, 2)
    page.goto(site.url("review/"))
    gone = first.key + "#q9-9"  # a question its lesson no longer has: not counted
    due_today(page, [first.key + "#q1-1", second.key + "#q1-2", gone])
    page.reload()
    expect(page.locator(".review-status")).to_have_text("Questions to review today: 2.")
    items = page.locator(".review-item")
    expect(items).to_have_count(2)
    expect(items.nth(0).get_by_role("link", name=first.title)).to_be_visible()
    expect(items.nth(1).get_by_role("link", name=second.title)).to_be_visible()
    expect(items.nth(1).locator(".quiz-question")).to_have_attribute("data-question", "q1-2")
    expect(items.nth(1).locator(".quiz-number")).to_have_text("2.")
    ids = page.eval_on_selector_all("[id]", "nodes => nodes.map(n => n.id)")
    assert len(ids) == len(set(ids)), "every id of the page is its own"
    names = page.eval_on_selector_all(
        ".review-item input", "inputs => [...new Set(inputs.map(i => i.name))]"
    )
    assert all(name.startswith(("r1-", "r2-")) for name in names), names
    for label in page.locator(".review-item label").all():
        assert page.locator("#" + label.get_attribute("for")).count() == 1
    item = items.nth(1)
    item.locator("input:not([data-correct])").first.check()
    item.get_by_role("button", name="Check question 2").click()
    expect(item.locator(".quiz-feedback")).to_contain_text("comes back in your review tomorrow")
    assert set(progress(page)["review"]) == {first.key + "#q1-1", second.key + "#q1-2", gone}


def test_opened_from_disk_the_review_links_to_the_due_questions_in_their_lessons(
    static_site: Site, browser: Browser
) -> None:
    site = static_site
    assert site.folder is not None
    (lesson,) = quiz_lessons(site, 1)
    context, page = new_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site.folder / "review" / "index.html").as_uri())
    due_today(page, [lesson.key + "#q1-2"])
    page.reload()
    expect(page.locator(".review-status")).to_contain_text("Questions to review today: 1.")
    expect(page.locator(".review-status")).to_contain_text("answer each in its lesson")
    expect(page.locator(".review-item")).to_have_count(0)
    link = page.locator(".review-away a")
    expect(link).to_have_text(f"{lesson.key[:-1]}: quiz 1, question 2")
    target = (site.folder / lesson.key).as_uri() + "/#q1-2-0"
    assert link.get_attribute("href") and link.evaluate("a => a.href") == target
    assert errors == []
    context.close()


def test_the_review_works_in_spanish(site: Site, page: Page) -> None:
    lesson = next(  # a stale translation is still in Spanish
        x
        for x in site.index.editions["es"].lessons
        if x.status in ("translated", "stale") and x.rendered
    )
    page.clock.set_fixed_time(MONDAY)
    question = single(open_quiz(page, site.url(lesson.path)))
    question.locator("input:not([data-correct])").first.check()
    question.get_by_role("button", name=re.compile("^Comprobar la pregunta")).click()
    expect(question.locator(".quiz-feedback")).to_contain_text("No del todo")
    expect(question.locator(".quiz-feedback")).to_contain_text("Vuelve a tu repaso mañana.")
    page.clock.set_fixed_time(MONDAY + timedelta(days=1))
    page.goto(site.url("es/"))
    page.get_by_role("link", name="Repasa tus errores").click()
    expect(page.locator(".review-status")).to_have_text("Preguntas para repasar hoy: 1.")
    item = page.locator(".review-item")
    expect(item.get_by_role("link", name=lesson.title)).to_be_visible()
    expect(item.get_by_role("button", name="Comprobar la pregunta 1")).to_be_visible()


def open_link(page: Page, link: str) -> None:
    """Load a link afresh (from the same page, only its fragment would change)."""
    page.goto("about:blank")
    page.goto(link)


def copy_link(page: Page, site: Site) -> str:
    page.goto(site.url())
    page.get_by_role("button", name="Copy a link to my progress").click()
    field = page.get_by_label("Link to your progress")
    expect(field).to_have_value(re.compile(r"#progress="))
    return field.input_value()


@pytest.mark.parametrize("compressed", [True, False])
def test_a_progress_link_carries_the_progress_to_another_browser(
    site: Site, browser: Browser, compressed: bool
) -> None:
    lesson = find_lesson(site.index, quiz=True)
    context, page = new_page(browser)
    if not compressed:
        context.add_init_script("delete window.CompressionStream")
    question = single(open_quiz(page, site.url(lesson.path)))
    question.locator("input:not([data-correct])").first.check()
    question.locator(".quiz-check").click()
    page.locator(".complete-toggle").click()
    order = orders(page)
    link = copy_link(page, site)
    assert ("#progress=z." if compressed else "#progress=j.") in link
    mine = progress(page)
    context.close()

    context, other = new_page(browser)
    other.goto(link)
    offer = other.get_by_role("region", name="Progress from a link")
    expect(offer).to_contain_text("1 lessons completed and 1 questions in the review")
    assert not progress(other).get("lessons"), "nothing is imported before the learner agrees"
    offer.get_by_role("button", name="Add it to this browser").click()
    expect(other.locator(".progress-message")).to_contain_text("Progress from the link added")
    assert "#" not in other.url
    theirs = progress(other)
    for part in ("lessons", "review", "seed"):
        assert theirs[part] == mine[part], part
    open_quiz(other, site.url(lesson.path))
    assert orders(other) == order, "the link carries the learner's order of the options"
    context.close()


def test_a_damaged_or_declined_progress_link_changes_nothing(site: Site, browser: Browser) -> None:
    context, page = new_page(browser)
    page.goto(site.url(site.index.default.lessons[0].path))
    page.locator(".complete-toggle").click()
    link = copy_link(page, site)
    before = progress(page)
    forged = json.dumps({**before, "lessons": {"../../etc/": {"done": True}}}).encode()
    for bad in (
        link[:-12] + "AAAAAAAAAAAA",
        site.url() + "#progress=j." + "A" * 200_000,
        site.url() + "#progress=j." + base64.urlsafe_b64encode(forged).decode().rstrip("="),
    ):
        open_link(page, bad)
        expect(page.locator(".progress-message")).to_contain_text("does not hold progress")
        assert "#" not in page.url
    open_link(page, link)
    page.get_by_role("button", name="Do not use it").click()
    expect(page.locator(".progress-message")).to_contain_text("nothing was changed")
    assert progress(page)["lessons"] == before["lessons"]
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_in_any_state(site: Site, page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.clock.set_fixed_time(MONDAY)
    lesson = find_lesson(site.index, quiz=True)
    quiz = open_quiz(page, site.url(lesson.path))
    states = {}
    questions = quiz.locator(".quiz-question")
    questions.nth(0).locator("input").first.check()
    states["answered"] = axe(page)
    questions.nth(1).locator("input:not([data-correct])").first.check()
    quiz.get_by_role("button", name="Check answers").click()
    states["wrong and unanswered"] = axe(page)
    for question in questions.all():
        question.locator("input").evaluate_all("inputs => inputs.forEach(i => i.checked = false)")
        for box in question.locator("input[data-correct]").all():
            box.check()
    quiz.get_by_role("button", name="Check answers").click()
    expect(quiz.locator(".quiz-score")).to_have_text(re.compile(r"Score: (\d+) / \1$"))
    states["right"] = axe(page)
    page.goto(site.url("review/"))
    expect(page.locator(".review-status")).not_to_be_empty()
    states["review, nothing due"] = axe(page)
    page.clock.set_fixed_time(MONDAY + timedelta(days=1))
    page.reload()
    expect(page.locator(".review-item").first).to_be_visible()
    states["review, due"] = axe(page)
    page.locator(".review-item input").first.check()
    page.locator(".review-item .quiz-check").first.click()
    states["review, checked"] = axe(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    link = copy_link(page, site)
    states["home, link copied"] = axe(page)
    open_link(page, link)
    expect(page.get_by_role("region", name="Progress from a link")).to_be_visible()
    states["home, link offered"] = axe(page)
    assert {state: found for state, found in states.items() if found} == {}
