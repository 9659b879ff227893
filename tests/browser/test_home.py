"""The course home as a returning learner sees it: "Continue" first, a compact summary,
chapters folded to a line each, nothing moving as progress arrives."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from .support import DESKTOP, PHONE, Site, axe_problems

SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) total += entry.value;
    }).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => resolve(total), 500);
})"""


def _with_progress(site: Site, page: Page) -> str:
    """Progress in this browser: the first lesson done, the second read last."""
    first, second = site.index.default.lessons[:2]
    data = {
        "version": 1,
        "course": site.index.course.id,
        "lessons": {first.key: {"done": True, "updated": 1}},
        "quizzes": {},
        "last": second.key,
    }
    page.goto(site.url())
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"courseware:v1:{site.index.course.id}", json.dumps(data)],
    )
    page.reload()
    return second.title


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_continue_comes_first_and_primary_once_there_is_progress(
    site: Site, page: Page, size: dict
) -> None:
    page.set_viewport_size(size)
    page.goto(site.url())
    expect(page.locator(".continue-link")).to_be_hidden()
    expect(page.locator(".start-link")).to_be_visible()
    title = _with_progress(site, page)
    actions = page.locator(".hero-actions .button:visible")
    expect(actions.first).to_have_class("button continue-link")
    expect(actions.first).to_contain_text(title)
    assert actions.first.bounding_box()["y"] < size["height"], "Continue is above the fold"
    expect(page.locator(".progress-summary")).to_contain_text("1 /")
    assert page.evaluate(SHIFT) < 0.01


LINES = """b => {
    const range = document.createRange();
    range.selectNodeContents(b.firstChild);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""


@pytest.mark.parametrize("width", [320, 390, 800])
def test_button_labels_stay_on_one_line(site: Site, page: Page, width: int) -> None:
    """On a 390 px phone "Start the course" used to break over two lines in its half row."""
    page.set_viewport_size({"width": width, "height": 844})
    _with_progress(site, page)
    for button in page.locator(".hero-actions .button:visible").all():
        box = button.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, button.inner_text()
    for button in page.locator(".hero-actions .start-link, .hero-actions .review-link").all():
        lines = button.evaluate(LINES)
        assert lines == 1, f"{button.inner_text()!r} on {lines} lines"


@pytest.mark.parametrize("progress", [False, True], ids=["new", "returning"])
def test_the_home_page_does_not_move_as_it_loads(site: Site, page: Page, progress: bool) -> None:
    page.set_viewport_size(PHONE)
    if progress:
        _with_progress(site, page)
    page.goto(site.url())
    assert page.evaluate(SHIFT) < 0.01


def test_chapters_are_folded_to_a_line_with_their_lesson_count(site: Site, page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site.url())
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, f"the home page is {height} px tall on a phone"
    chapter = site.index.default.chapters[0]
    card = page.locator(".chapter-card").first
    summary = card.locator(".chapter-lessons summary")
    expect(summary).to_contain_text(f"{len(chapter.lessons)} lessons")
    expect(card.locator(".lesson-item").first).to_be_hidden()
    summary.press("Enter")
    expect(card.locator(".lesson-item").first).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_home_page_with_progress(
    site: Site, page: Page, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    _with_progress(site, page)
    page.locator(".chapter-lessons summary").first.click()
    assert axe_problems(page) == []
