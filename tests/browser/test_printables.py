"""A printable chapter gathers its lessons from their own pages; handouts print per chapter."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from .support import Site
from .test_assessment import axe


def chapter_with_quiz(site: Site):  # noqa: ANN201 - a Chapter
    return next(
        chapter
        for chapter in site.index.default.chapters
        if any(lesson.rendered and lesson.rendered.quizzes for lesson in chapter.lessons)
    )


def test_a_printable_chapter_gathers_every_lesson_with_ids_of_its_own(
    site: Site, page: Page
) -> None:
    chapter = chapter_with_quiz(site)
    count = len(chapter.lessons)
    page.goto(site.url(f"print/{chapter.slug}/"))
    expect(page.locator(".print-status")).to_have_text(
        f"All {count} lessons are on this page, ready to print."
    )
    articles = page.locator("article.print-lesson")
    expect(articles).to_have_count(count)
    for number, lesson in enumerate(chapter.lessons, 1):
        expect(articles.nth(number - 1).locator("h2.print-lesson-title")).to_have_text(
            f"{number}. {lesson.title}"
        )
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    ids = page.eval_on_selector_all("[id]", "nodes => nodes.map(n => n.id)")
    assert len(ids) == len(set(ids)), "every id of the page is its own"
    for link in page.locator("article.print-lesson a[href^='#']").all():
        assert page.locator(link.get_attribute("href")).count() == 1
    assert page.locator("article.print-lesson h1").count() == 0, "one h1: the chapter's"
    assert page.locator("article.print-lesson .lesson-done").count() == 0
    assert axe(page) == []


def test_a_printable_chapter_without_javascript_or_from_disk_lists_its_lessons(
    site: Site, browser: Browser
) -> None:
    chapter = chapter_with_quiz(site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url(f"print/{chapter.slug}/"))
    expect(page.locator(".print-nojs")).to_be_visible()
    expect(page.locator(".print-contents a")).to_have_count(len(chapter.lessons))
    context.close()
    if site.folder is None:
        return
    context = browser.new_context()
    page = context.new_page()
    page.goto((site.folder / "print" / chapter.slug / "index.html").as_uri())
    expect(page.locator(".print-status")).to_contain_text(
        f"could not load {len(chapter.lessons)} of the lessons"
    )
    expect(page.locator(".print-nojs")).to_be_hidden()
    expect(page.locator(".print-contents a")).to_have_count(len(chapter.lessons))
    expect(page.locator("article.print-lesson")).to_have_count(0)
    context.close()


@pytest.mark.parametrize("solutions", [False, True])
def test_a_chapters_handout_holds_its_exercises(site: Site, page: Page, solutions: bool) -> None:
    chapter = next(
        chapter
        for chapter in site.index.default.chapters
        if any(lesson.rendered and lesson.rendered.exercises for lesson in chapter.lessons)
    )
    page.goto(site.url("exercises/"))
    row = page.get_by_role("row").filter(has_text=chapter.title)
    name = "With solutions" if solutions else "Exercises"
    row.get_by_role("link", name=name, exact=True).click()
    expect(page.locator(".exercise").first).to_be_visible()
    if solutions:
        expect(page.locator("details.solution").first).to_be_attached()
    else:
        expect(page.locator("details.solution")).to_have_count(0)
    assert axe(page) == []
